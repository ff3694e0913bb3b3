/**
 * scale-set-at-max: the scale set runs (or wants) maxRunners runners and work has been waiting for a minute — the
 * listener has more jobs assigned than max, or GitHub shows jobs queued for it. Jobs then wait for a runner to free up.
 * Suppressed: max unset (2147483647) or 0 (scale-set-min-max-invalid), being at max with nothing waiting, and
 * slots eaten by broken runners (Failed, pods that never run, a crash loop of no-job exits): there the runner
 * findings name the problem, and raising max would only add more broken runners.
 */
import type { EvidenceItem, FleetSnapshot, ListenerSample, RunbookStep, ScaleSetState } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { scaleSetEvidence } from "../helpers/evidence";
import { kubectl, getRunnersCmd } from "../helpers/kubectl";
import { ageSeconds } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";
import { jobEvidence, oldestWait, queuedJobsFor } from "../helpers/jobs";
import { samplesFor } from "../helpers/listener";
import { slotUse } from "../helpers/slots";
import { currentRunnersOf } from "../helpers/group";

const INT32_MAX = 2147483647;
const SAMPLE_FRESH_SECONDS = 300;
/** Jobs count as waiting after this long: queued on GitHub, or the listener reporting more assigned than max. */
const WAIT_SECONDS = 60;

/** When the listener started reporting more jobs assigned than `max`, without a sample in between that did not. */
function overMaxSince(samples: readonly ListenerSample[], max: number): string | undefined {
  let since: string | undefined;
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i];
    if (!s || (s.assignedJobs ?? 0) <= max) break;
    since = s.at;
  }
  return since;
}

function runbook(set: ScaleSetState, max: number): RunbookStep[] {
  return [
    {
      action: "Confirm the configured bounds",
      command: kubectl(set, `get autoscalingrunnerset ${set.name} -o jsonpath='{.spec.minRunners} {.spec.maxRunners}{"\\n"}'`),
      tellsYou: `maxRunners is ${max}: ARC never creates more runners than this, whatever the queue.`,
    },
    {
      action: "Check that the runners at max are actually busy",
      command: getRunnersCmd(set, set.name, "-o custom-columns=NAME:.metadata.name,PHASE:.status.phase,JOB:.status.jobDisplayName,REPO:.status.jobRepositoryName"),
      tellsYou: "If many are Pending/Failed or have no job, broken runners are eating the slots — fix those instead of raising max.",
    },
    {
      action: `Raise maxRunners in the scale set's Helm values (e.g. maxRunners: ${Math.max(max * 2, max + 5)}) and upgrade, if the cluster has room`,
      command: `helm upgrade ${set.name} oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set -n ${set.namespace || "<namespace>"} --reuse-values --set maxRunners=${Math.max(max * 2, max + 5)}`,
      tellsYou: "The listener's desired runner count follows min(minRunners + assigned jobs, maxRunners) on its next poll.",
    },
  ];
}

export const rule: CatalogRule = {
  id: "scale-set-at-max",
  title: "Scale set at maxRunners with jobs waiting",
  severity: "warning",
  rank: 60,
  requires: ["scaleSets"],
  uses: ["listenerStats", "githubJobs", "runners", "runnerHistory"],
  detects:
    "A scale set whose desired/current runners equal maxRunners while, for a minute or more, the listener has more jobs assigned than max or GitHub has jobs queued for it — unless the slots are held by broken runners (Failed, pods that never run, runners exiting without a job), which the runner findings report.",
  evidenceNeeded:
    "maxRunners, the listener's desired runners and assigned jobs over the last minute, the ARS current runner count, queued GitHub jobs for the scale set, and whether the runners at max run jobs (not Failed, Pending or exiting without a job).",
  runbookOutline: [
    "Read spec.minRunners/maxRunners.",
    "Check the runners at max are busy (not pending/failed).",
    "Raise maxRunners via Helm if the cluster has capacity.",
  ],
  evaluate(snapshot: FleetSnapshot, ctx) {
    const hits: RuleHit[] = [];
    const statsOk = snapshot.slices.listenerStats?.available;
    const jobsOk = snapshot.slices.githubJobs?.available;
    for (const set of snapshot.scaleSets) {
      if (set.deletedAt) continue;
      const samples = statsOk ? samplesFor(snapshot, set) : [];
      const lastSample = samples[samples.length - 1];
      const sample = lastSample && (ageSeconds(lastSample.at, ctx.now) ?? Infinity) <= SAMPLE_FRESH_SECONDS ? lastSample : undefined;
      const max = set.maxRunners ?? sample?.maxRunners;
      if (max === undefined || max <= 0 || max >= INT32_MAX) continue;

      const runnerCount = snapshot.slices.runners?.available
        ? currentRunnersOf(snapshot, set).length
        : undefined;
      const current = Math.max(sample?.desiredRunners ?? 0, set.status.currentRunners ?? 0, runnerCount ?? 0);
      if (current < max) continue;

      // a peak of one poll is normal: jobs must have been waiting for a while
      const overSince = sample ? overMaxSince(samples, max) : undefined;
      const assignedBeyond = sample?.assignedJobs !== undefined && (ageSeconds(overSince, ctx.now) ?? 0) >= WAIT_SECONDS ? sample.assignedJobs - max : 0;
      const jobs = jobsOk ? queuedJobsFor(snapshot, set, ctx.now, WAIT_SECONDS) : [];
      if (assignedBeyond === 0 && jobs.length === 0) continue;

      // at max only matters when the slots do work: broken or crash-looping runners are the problem otherwise
      const slots = snapshot.slices.runners?.available ? slotUse(snapshot, set, ctx.now) : undefined;
      if (slots && slots.busy.length < max && (slots.noJobEndings.length > 0 || slots.broken.length > 0)) continue;

      const waiting = Math.max(assignedBeyond, jobs.length);
      const evidence: EvidenceItem[] = [scaleSetEvidence(set, `maxRunners is ${max}; ${current} runner(s) current/desired`, `currentRunners: ${set.status.currentRunners ?? "?"}`)];
      if (sample) {
        evidence.push({
          observation: `Listener: ${sample.assignedJobs ?? "?"} jobs assigned, desired ${sample.desiredRunners ?? "?"} runners (max ${sample.maxRunners ?? max})`,
          source: `listener ${sample.source === "metrics" ? "metrics" : "statistics log"} (${set.name})`,
          excerpt: `assigned=${sample.assignedJobs ?? "?"} running=${sample.runningJobs ?? "?"} desired=${sample.desiredRunners ?? "?"} busy=${sample.busyRunners ?? "?"}`,
          at: sample.at,
        });
      }
      evidence.push(...jobs.slice(0, 3).map((j) => jobEvidence(j, ctx.now)));

      hits.push({
        subject: scaleSetSubject(set),
        title: `${set.name} is at maxRunners (${max}) with ${waiting} job(s) waiting${jobs.length ? `, oldest ${oldestWait(jobs, ctx.now)}` : ""}`,
        explanation:
          `${set.name} already runs its maximum of ${max} runners and ${waiting} more job(s) are waiting for one. ` +
          "ARC will not create runners beyond maxRunners, so these jobs start only as running jobs finish; queue time grows with every new job.",
        evidence: evidence.slice(0, 5),
        runbook: runbook(set, max),
        differential:
          "If many of the runners at max are Pending, Failed or idle without a job, the slots are consumed by broken runners (see the runner findings) and raising max only hides that.",
        confidence: assignedBeyond > 0 ? "high" : "medium",
        since: jobs[0]?.createdAt,
      });
    }
    return hits;
  },
};
