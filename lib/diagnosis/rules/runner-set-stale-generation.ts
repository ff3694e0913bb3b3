/**
 * runner-set-stale-generation: a scale set has had more than one EphemeralRunnerSet for more than 5 min and an
 * older one (earlier creationTimestamp / different runner-spec-hash) still has runners. After a spec change ARC
 * drains the old generation; idle old runners keep running the previous spec and block cleanup.
 * Severity: warning when old runners sit idle (no job), info when every old runner is busy (a normal drain).
 *
 * Also exports the generation split used by listener-rollover-deadlock.
 */
import type { EphemeralRunnerSetState, EvidenceItem, FleetSnapshot, RunbookStep, RunnerState, ScaleSetState } from "@/lib/model";
import { LABEL } from "@/lib/model/arc-labels";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { runnerEvidence } from "../helpers/evidence";
import { hasJob } from "../helpers/lives";
import { kubectl, getRunnersCmd } from "../helpers/kubectl";
import { ageSeconds, formatDuration } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const COEXIST_SECONDS = 300;

export interface Generations {
  newest: EphemeralRunnerSetState;
  old: { ers: EphemeralRunnerSetState; runners: RunnerState[]; idle: RunnerState[]; count: number }[];
}

/** Live EphemeralRunnerSets of `set` split into the newest and the older generations with their runners. */
export function generationsOf(snapshot: FleetSnapshot, set: Pick<ScaleSetState, "cluster" | "namespace" | "name">): Generations | undefined {
  const live = snapshot.runnerSets
    .filter((e) => e.scaleSet === set.name && e.namespace === set.namespace && (!set.cluster || e.cluster === set.cluster) && !e.deletedAt)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const newest = live[live.length - 1];
  if (!newest || live.length < 2) return undefined;
  const runnersOk = snapshot.slices.runners?.available;
  const old = live.slice(0, -1).map((ers) => {
    const runners = snapshot.runners.filter((r) => r.ephemeralRunnerSet === ers.name && r.namespace === ers.namespace && !r.deletionTimestamp);
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

export const rule: CatalogRule = {
  id: "runner-set-stale-generation",
  title: "Old EphemeralRunnerSet generation still has runners",
  severity: "warning",
  rank: 40,
  requires: ["scaleSets", "runnerSets"],
  uses: ["runners"],
  detects: "More than one EphemeralRunnerSet for a scale set for more than 5 minutes, with runners left in an older generation (idle ones do not drain on their own).",
  evidenceNeeded: "EphemeralRunnerSets of the scale set (creation time, runner-spec-hash, counts) and the runners of the older sets with their jobs.",
  runbookOutline: [
    "List the EphemeralRunnerSets oldest first with their spec hash.",
    "See which old-generation runners still hold a job.",
    "Delete idle old-generation EphemeralRunners (never ones with a job).",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    for (const set of snapshot.scaleSets) {
      if (set.deletedAt) continue;
      const gens = generationsOf(snapshot, set);
      if (!gens) continue;
      const coexist = ageSeconds(gens.newest.createdAt, ctx.now) ?? 0;
      if (coexist < COEXIST_SECONDS) continue;
      const withRunners = gens.old.filter((g) => g.count > 0);
      if (withRunners.length === 0) continue;
      const oldCount = withRunners.reduce((n, g) => n + g.count, 0);
      const idle = withRunners.flatMap((g) => g.idle);
      const runnersKnown = snapshot.slices.runners?.available;
      const evidence: EvidenceItem[] = [
        ersEvidence(gens.newest, ctx.now, "Newest", gens.newest.status.currentReplicas ?? gens.newest.replicas),
        ...withRunners.slice(0, 2).map((g) => ersEvidence(g.ers, ctx.now, "Older", g.count)),
        ...idle.slice(0, 2).map((r) => runnerEvidence(r, `Idle runner of the old generation ${r.ephemeralRunnerSet} (no job)`)),
      ];
      const busyOnly = runnersKnown && idle.length === 0;
      const steps = generationSteps(set);
      const firstIdle = idle[0];
      if (firstIdle) {
        steps.push({
          action: "Delete the idle old-generation runners (only those without a job)",
          command: kubectl(set, `delete ephemeralrunner ${idle.map((r) => r.name).slice(0, 5).join(" ")}`),
          tellsYou: "Once the old set has no runners the controller removes it and only the current spec runs.",
        });
      }
      hits.push({
        subject: scaleSetSubject(set),
        severity: busyOnly ? "info" : "warning",
        title: `${set.name} has ${gens.old.length + 1} runner-set generations for ${formatDuration(coexist)} (${oldCount} old runner(s)${runnersKnown ? `, ${idle.length} idle` : ""})`,
        explanation:
          `${set.name}'s spec changed ${formatDuration(coexist)} ago and ARC created ${gens.newest.name}, but ${withRunners.map((g) => g.ers.name).join(", ")} still hold${withRunners.length === 1 ? "s" : ""} ${oldCount} runner(s) on the previous spec. ` +
          (busyOnly
            ? "All of them are running jobs, so this is a normal drain that ends when those jobs finish."
            : "Idle old runners still take jobs with the old template and keep the old set alive; with the eventual update strategy they also hold back the new listener."),
        evidence: evidence.slice(0, 5),
        runbook: steps,
        differential:
          "With no listener pod and the scale set in phase Pending this is a rollover deadlock (listener-rollover-deadlock, critical). Old runners that all hold jobs are a normal drain.",
        confidence: runnersKnown ? "high" : "medium",
        since: gens.newest.createdAt,
      });
    }
    return hits;
  },
};
