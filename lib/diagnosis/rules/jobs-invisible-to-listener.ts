/**
 * jobs-invisible-to-listener: GitHub shows jobs queued for > ~90 s whose labels match a scale set (and whose
 * runner group allows them), yet every listener statistics sample since then says 0 assigned / 0 available jobs,
 * while the listener is otherwise alive (fresh samples). Seed 001's shape: "totalAvailableJobs: 0" with jobs queued.
 * Suppressed: label or runner-group mismatches (their own rules), stale listeners, and jobs that another
 * matching scale set reports as assigned.
 */
import type { EvidenceItem, FleetSnapshot, GitHubJob, ListenerSample, RunbookStep, ScaleSetState } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { kubectl, ghJobCmd, logsCmd, controllerTarget } from "../helpers/kubectl";
import { ageSeconds, formatDuration, toMs } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";
import { groupDenies, jobEvidence, oldestWait, queuedJobs, runnerGroupOf, servingSetsOf } from "../helpers/jobs";
import { listenerPodsFor, samplesFor, staleAfterSeconds } from "../helpers/listener";

const MIN_AGE_SECONDS = 90;
/** Samples taken this long after a job was queued must already count it. */
const SETTLE_SECONDS = 60;
const CRITICAL_AFTER_SECONDS = 600;

function seesNothing(s: ListenerSample): boolean {
  return s.assignedJobs === 0 && (s.availableJobs ?? 0) === 0;
}

/** Samples of `set` taken at least SETTLE_SECONDS after `since`; undefined if the listener is stale. */
function samplesAfter(snapshot: FleetSnapshot, set: ScaleSetState, since: string, now: Date): ListenerSample[] | undefined {
  const samples = samplesFor(snapshot, set);
  const last = samples[samples.length - 1];
  if (!last || (ageSeconds(last.at, now) ?? Infinity) > staleAfterSeconds(last.source)) return undefined;
  const from = (toMs(since) ?? 0) + SETTLE_SECONDS * 1000;
  return samples.filter((s) => (toMs(s.at) ?? 0) >= from);
}

function runbook(snapshot: FleetSnapshot, set: ScaleSetState, pod: string | undefined, job: GitHubJob): RunbookStep[] {
  const ctl = controllerTarget(snapshot, set.cluster);
  const podName = pod ?? `<${set.name}-listener-pod>`;
  return [
    {
      action: "Read what the listener is told by GitHub",
      command: `${logsCmd(ctl, podName, { tail: 200 })} | grep -E 'statistics|assigned job|Getting next message|Job available'`,
      tellsYou: 'totalAvailableJobs/"assigned job" staying 0 while the job is queued confirms GitHub is not offering it to this scale set.',
    },
    {
      action: "Compare the job's labels and runner group with the scale set",
      command: `${ghJobCmd(job.repository, job.id)} --jq '{status, labels, runner_group_name}'`,
      tellsYou: `The labels should be exactly what ${set.name} answers to ([${[set.runnerScaleSetName, ...set.extraLabels].join(", ")}]).`,
    },
    {
      action: "Check the GitHub scale-set id the controller registered, and whether another installation uses the same name",
      command: kubectl(set, `get autoscalingrunnerset ${set.name} -o jsonpath='{.metadata.annotations.runner-scale-set-id}{"\\t"}{.spec.githubConfigUrl}{"\\n"}'`),
      tellsYou:
        "Two clusters or releases registering the same runnerScaleSetName in the same org/runner group share one GitHub scale set: jobs can go to the other installation's session.",
    },
    {
      action: "Restart the listener to open a fresh message session",
      command: kubectl(ctl, `delete pod ${podName}`),
      tellsYou: 'If "Current runner scale set statistics" then shows the jobs as available/assigned, the old session had stopped receiving them.',
    },
  ];
}

export const rule: CatalogRule = {
  id: "jobs-invisible-to-listener",
  title: "Jobs queued on GitHub but the listener sees none",
  severity: "warning",
  rank: 55,
  requires: ["scaleSets", "githubJobs", "listenerStats"],
  uses: ["pods", "githubRunnerGroups", "clusterInfo"],
  detects:
    "Jobs queued on GitHub for more than ~90 s that match a scale set (labels, runner group), while every fresh listener sample since reports 0 assigned and 0 available jobs.",
  evidenceNeeded: "Queued GitHub jobs with labels and repository; the scale set's labels and runner group; listener samples (assigned/available jobs) after the jobs were queued.",
  runbookOutline: [
    "Grep the listener log for statistics / assigned job lines.",
    "Compare the job's labels and runner group with the scale set (gh api repos/<o>/<r>/actions/jobs/<id>).",
    "Check the runner-scale-set-id annotation and duplicate installations using the same name.",
    "Delete the listener pod to open a new session.",
  ],
  evaluate(snapshot, ctx) {
    const groupsOk = snapshot.slices.githubRunnerGroups?.available;
    const podsOk = snapshot.slices.pods?.available;
    const invisible = new Map<ScaleSetState, { jobs: GitHubJob[]; samples: ListenerSample[] }>();

    for (const job of queuedJobs(snapshot, ctx.now, MIN_AGE_SECONDS)) {
      const serving = servingSetsOf(snapshot, job);
      if (serving.length === 0) continue;
      if (groupsOk && serving.every((s) => groupDenies(runnerGroupOf(snapshot, s), job.repository))) continue;
      const perSet = serving.map((s) => ({ set: s, samples: samplesAfter(snapshot, s, job.createdAt, ctx.now) }));
      // Every matching scale set must be observed (fresh samples after the job settled) and see nothing.
      if (!perSet.every((p) => p.samples && p.samples.length > 0 && p.samples.every(seesNothing))) continue;
      for (const { set, samples } of perSet) {
        if (podsOk && listenerPodsFor(snapshot, set).length === 0) continue;
        const entry = invisible.get(set) ?? { jobs: [], samples: samples ?? [] };
        entry.jobs.push(job);
        if ((samples?.length ?? 0) > entry.samples.length) entry.samples = samples ?? [];
        invisible.set(set, entry);
      }
    }

    const hits: RuleHit[] = [];
    for (const [set, { jobs, samples }] of invisible) {
      jobs.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const oldest = jobs[0];
      const newest = samples[samples.length - 1];
      if (!oldest || !newest) continue;
      const waited = ageSeconds(oldest.createdAt, ctx.now) ?? 0;
      const pod = podsOk ? listenerPodsFor(snapshot, set)[0] : undefined;
      const evidence: EvidenceItem[] = [
        ...jobs.slice(0, 3).map((j) => jobEvidence(j, ctx.now)),
        {
          observation: `${samples.length} listener sample(s) since then all report 0 assigned and 0 available jobs`,
          source: `listener ${newest.source === "metrics" ? "metrics" : "statistics log"} (${set.name})`,
          excerpt: `assignedJobs=${newest.assignedJobs}${newest.availableJobs !== undefined ? ` availableJobs=${newest.availableJobs}` : ""}${newest.registeredRunners !== undefined ? ` registeredRunners=${newest.registeredRunners}` : ""}`,
          at: newest.at,
        },
      ];
      hits.push({
        subject: scaleSetSubject(set),
        severity: waited >= CRITICAL_AFTER_SECONDS ? "critical" : "warning",
        title: `${jobs.length} job(s) queued for ${set.name} for ${formatDuration(waited)}, but its listener sees 0 jobs`,
        explanation:
          `GitHub lists ${jobs.length} queued job(s) whose runs-on matches ${set.name} (oldest ${oldestWait(jobs, ctx.now)}), but the scale set's listener keeps reporting 0 assigned and 0 available jobs. ` +
          "The listener is alive and polling, so the Actions service is not offering these jobs to this scale set's session; ARC therefore never scales up for them.",
        evidence: evidence.slice(0, 5),
        runbook: runbook(snapshot, set, pod?.name, oldest),
        differential:
          (groupsOk
            ? "Labels not matching (jobs-unmatched-labels) and a runner group excluding the repository (jobs-runner-group-denied) give the same picture and are ruled out by the data here. "
            : "Labels not matching are ruled out by the data here, but the runner group's repository access could not be read: check it first (jobs-runner-group-denied). ") +
          "Remaining causes: another installation with the same scale-set name taking the jobs, a group restricted to selected workflows, or a stuck session.",
        confidence: samples.length >= 3 && groupsOk ? "high" : "medium",
        since: oldest.createdAt,
      });
    }
    return hits;
  },
};
