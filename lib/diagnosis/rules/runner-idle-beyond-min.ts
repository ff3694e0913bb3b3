/**
 * runner-idle-beyond-min: runners registered and idle (Running, ready, no job) for more than 10 min while the
 * scale set has more runners than minRunners and nothing is queued for it. ARC should have scaled these down;
 * they hold cluster capacity and maxRunners slots, and old ones may have lost their GitHub registration.
 * Suppressed: idle runners within minRunners (the warm pool kept on top of busy runners), scale sets with queued jobs or listener-assigned jobs
 * not yet running, runners idle for less than 10 min.
 */
import type { EvidenceItem, FleetSnapshot, RunbookStep, RunnerState, ScaleSetState } from "@/lib/model";
import { scopeFromConfigUrl } from "@/lib/sources/github/to-github";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { runnerEvidence } from "../helpers/evidence";
import { hasJob } from "../helpers/lives";
import { getRunnersCmd, kubectl } from "../helpers/kubectl";
import { ageSeconds, earliest, formatDuration } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";
import { queuedJobsFor } from "../helpers/jobs";
import { samplesFor } from "../helpers/listener";
import { currentRunnersOf } from "../helpers/group";

const IDLE_SECONDS = 600;

/** When the runner became idle: its pod was ready (or started), else the ER was created. */
function idleSince(r: RunnerState): string {
  return r.pod?.readyAt ?? r.pod?.startedAt ?? r.createdAt;
}

/** `gh api` path prefix for the runners of a githubConfigUrl: `repos/o/r`, `orgs/o` or `enterprises/e`. */
function runnersApiPath(githubConfigUrl: string): string {
  const scope = scopeFromConfigUrl(githubConfigUrl);
  if (scope?.kind === "enterprise") return `enterprises/${scope.enterprise}`;
  if (scope?.kind === "repo") return `repos/${scope.repo}`;
  return `orgs/${scope?.org ?? "<org>"}`;
}

function runbook(set: ScaleSetState, idle: RunnerState[], snapshot: FleetSnapshot): RunbookStep[] {
  const runnersPath = runnersApiPath(set.githubConfigUrl);
  const steps: RunbookStep[] = [
    {
      action: "List the scale set's runners with their jobs",
      command: getRunnersCmd(set, set.name, "-o custom-columns=NAME:.metadata.name,PHASE:.status.phase,JOB:.status.jobId,CREATED:.metadata.creationTimestamp"),
      tellsYou: "Runners with an empty JOB column for a long time are the idle ones.",
    },
    {
      action: "Check how GitHub sees them",
      command: `gh api ${runnersPath}/actions/runners --paginate --jq '.runners[] | select(.name | startswith("${set.name}-")) | {name, status, busy}'`,
      tellsYou: "offline while Running in Kubernetes = the registration was lost (zombie); online and busy=false = simply not scaled down.",
    },
    {
      action: "Compare with what the listener wants",
      command: kubectl(set, `get ephemeralrunnersets -l actions.github.com/scale-set-name=${set.name} -o custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,CURRENT:.status.currentReplicas`),
      tellsYou: "REPLICAS above minRunners with no work means the listener's desired count did not come down; REPLICAS at min with more CURRENT means the runners were not removed.",
    },
  ];
  if (snapshot.slices.runners?.available && idle.length > 0) {
    steps.push({
      action: "Remove the idle runners after confirming busy=false on GitHub (never one with a job)",
      command: kubectl(set, `delete ephemeralrunner ${idle.slice(0, 5).map((r) => r.name).join(" ")}`),
      tellsYou: "ARC re-creates runners only if the listener still wants them.",
    });
  }
  return steps;
}

export const rule: CatalogRule = {
  id: "runner-idle-beyond-min",
  title: "Idle runners above minRunners are not scaled down",
  severity: "warning",
  rank: 75,
  requires: ["scaleSets", "runners"],
  uses: ["githubJobs", "listenerStats", "githubRunners"],
  detects: "Runners Running without a job for more than 10 min while the scale set has more runners than minRunners and no jobs are queued for it.",
  evidenceNeeded: "Current EphemeralRunners (phase, job, pod ready time), minRunners, queued GitHub jobs and the listener's assigned jobs; GitHub runner status when available.",
  runbookOutline: [
    "List runners with their jobs.",
    "Check their GitHub status (offline = zombie registration).",
    "Compare ERS replicas with minRunners.",
    "Delete idle runners that GitHub shows not busy.",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    const jobsOk = snapshot.slices.githubJobs?.available;
    // names GitHub lists offline, looked up per idle runner
    const offlineNames = snapshot.slices.githubRunners?.available ? new Set(snapshot.github.runners.filter((g) => g.status === "offline").map((g) => g.name)) : undefined;
    for (const set of snapshot.scaleSets) {
      if (set.deletedAt) continue;
      const runners = currentRunnersOf(snapshot, set);
      const min = set.minRunners ?? 0;
      if (runners.length <= min) continue;
      const idle = runners
        .filter((r) => r.phase === "Running" && !hasJob(r.job) && (ageSeconds(idleSince(r), ctx.now) ?? 0) >= IDLE_SECONDS)
        .sort((a, b) => Date.parse(idleSince(a)) - Date.parse(idleSince(b)));
      // The warm pool is minRunners idle runners on top of the busy ones (desired = min + assigned jobs).
      const idleAll = runners.filter((r) => !hasJob(r.job)).length;
      const excess = Math.min(idle.length, idleAll - min);
      if (excess <= 0) continue;
      if (jobsOk && queuedJobsFor(snapshot, set, ctx.now, 0).length > 0) continue;
      const sample = samplesFor(snapshot, set).at(-1);
      if (sample && (sample.assignedJobs ?? 0) > (sample.runningJobs ?? sample.busyRunners ?? 0)) continue;

      const offline = offlineNames ? idle.filter((r) => offlineNames.has(r.name)) : [];
      const evidence: EvidenceItem[] = [
        { observation: `${runners.length} runner(s) for minRunners ${min}; ${idle.length} idle for over ${formatDuration(IDLE_SECONDS)}, none queued`, source: `EphemeralRunners of ${set.name}` },
        ...idle.slice(0, 4).map((r) =>
          runnerEvidence(r, `Running without a job for ${formatDuration(ageSeconds(idleSince(r), ctx.now) ?? 0)}${offline.includes(r) ? "; GitHub lists it offline" : ""}`),
        ),
      ];
      hits.push({
        subject: scaleSetSubject(set),
        title: `${excess} idle runner(s) above minRunners (${min}) in ${set.name}${offline.length ? `, ${offline.length} offline on GitHub` : ""}`,
        explanation:
          `${set.name} has ${runners.length} runners but minRunners is ${min} and nothing is queued; ${idle.length} of them have been up without a job for more than ${formatDuration(IDLE_SECONDS)}. ` +
          "ARC should remove idle runners above the desired count, so these hold nodes and maxRunners slots for nothing" +
          (offline.length ? `; ${offline.length} are offline on GitHub, so they can never take a job (lost registration).` : "."),
        evidence: evidence.slice(0, 5),
        runbook: runbook(set, idle.slice(0, excess), snapshot),
        differential:
          "Idle runners belonging to an older EphemeralRunnerSet are a stale generation (runner-set-stale-generation); runners that GitHub lists offline lost their registration (e.g. after a GitHub incident) and need deleting.",
        confidence: offline.length ? "high" : "medium",
        since: earliest(idle.map(idleSince)),
      });
    }
    return hits;
  },
};
