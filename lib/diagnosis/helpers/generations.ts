/** EphemeralRunnerSet generations of a scale set (after a spec change), shared by the stale-generation and rollover rules. */
import type { EphemeralRunnerSetState, EvidenceItem, FleetSnapshot, RunbookStep, RunnerState, ScaleSetState } from "@/lib/model";
import { LABEL } from "@/lib/model/arc-labels";
import { getRunnersCmd, kubectl } from "./kubectl";
import { bucket, memo } from "./index";
import { hasJob } from "./lives";
import { ageSeconds, formatDuration } from "./time";

/** The newest EphemeralRunnerSet and the older ones still alive, each with its runners. */
export interface Generations {
  newest: EphemeralRunnerSetState;
  old: { ers: EphemeralRunnerSetState; runners: RunnerState[]; idle: RunnerState[]; count: number }[];
}

/** Live EphemeralRunnerSets of `set` split into the newest and the older generations with their runners. */
export function generationsOf(snapshot: FleetSnapshot, set: Pick<ScaleSetState, "cluster" | "namespace" | "name">): Generations | undefined {
  const ersByScaleSet = memo(snapshot, "runnerSetsByScaleSet", () => bucket(snapshot.runnerSets, (e) => e.scaleSet));
  const live = (ersByScaleSet.get(set.name) ?? [])
    .filter((e) => e.scaleSet === set.name && e.namespace === set.namespace && (!set.cluster || e.cluster === set.cluster) && !e.deletedAt)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const newest = live[live.length - 1];
  if (!newest || live.length < 2) return undefined;
  const runnersOk = snapshot.slices.runners?.available;
  const runnersByErs = memo(snapshot, "runnersByRunnerSet", () => bucket(snapshot.runners, (r) => r.ephemeralRunnerSet));
  const old = live.slice(0, -1).map((ers) => {
    const runners = (runnersByErs.get(ers.name) ?? []).filter((r) => r.namespace === ers.namespace && !r.deletionTimestamp);
    return { ers, runners, idle: runners.filter((r) => !hasJob(r.job)), count: runnersOk ? runners.length : (ers.status.currentReplicas ?? ers.replicas) };
  });
  return { newest, old };
}

/** Evidence line for one EphemeralRunnerSet (age, spec hash, runner count). */
export function ersEvidence(ers: EphemeralRunnerSetState, now: Date, role: string, count: number): EvidenceItem {
  return {
    observation: `${role} EphemeralRunnerSet created ${formatDuration(ageSeconds(ers.createdAt, now) ?? 0)} ago with ${count} runner(s)`,
    source: `EphemeralRunnerSet ${ers.namespace}/${ers.name}`,
    excerpt: `runner-spec-hash: ${ers.runnerSpecHash ?? "?"}, replicas: ${ers.replicas}`,
    at: ers.createdAt,
  };
}

/** Read-only commands showing the generations and which old runners hold jobs. */
export function generationSteps(set: ScaleSetState): RunbookStep[] {
  return [
    {
      action: "List the scale set's EphemeralRunnerSets, oldest first",
      command: kubectl(
        set,
        `get ephemeralrunnersets -l ${LABEL.scaleSetName}=${set.name} --sort-by=.metadata.creationTimestamp -o custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,HASH:.metadata.annotations.actions\\.github\\.com/runner-spec-hash,REPLICAS:.spec.replicas,CURRENT:.status.currentReplicas`,
      ),
      tellsYou: "Everything but the last line is an older generation; its runners still use the previous spec.",
    },
    {
      action: "See which runners of the old generation still hold a job",
      command: getRunnersCmd(set, set.name, "-o custom-columns=NAME:.metadata.name,RUNNERSET:.metadata.ownerReferences[0].name,PHASE:.status.phase,JOB:.status.jobId"),
      tellsYou: "Old runners with an empty JOB column are idle and will not drain by themselves; ones with a job finish first.",
    },
  ];
}
