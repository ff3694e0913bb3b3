/**
 * listener-stats-stale: the listener stopped reporting. Either the last statistics sample is older than ~3× its
 * cadence (≤0.13 statistics log lines ~every 50 s → 150 s; ≥0.14 metrics scraped every 15 s → 60 s), or its
 * lastMessageId has not moved over several samples while jobs are queued (seed 002: "lastMessageID never advances").
 * Suppressed: scale sets that never reported (metrics not enabled is a setup matter), sets without a listener pod
 * (listener-missing covers those), and an unchanged message id when nothing is queued (no jobs ⇒ no messages).
 */
import type { EvidenceItem, ListenerSample, RunbookStep, ScaleSetState, FleetSnapshot } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { podEvidence } from "../helpers/evidence";
import { kubectl, logsCmd, controllerTarget } from "../helpers/kubectl";
import { ageSeconds, formatDuration, secondsBetween } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";
import { jobEvidence, oldestWait, queuedJobsFor } from "../helpers/jobs";
import { listenerPodsFor, samplesFor, staleAfterSeconds } from "../helpers/listener";

const STUCK_MIN_SAMPLES = 3;
const STUCK_MIN_SPAN_SECONDS = 180;

function sampleEvidence(s: ListenerSample, observation: string): EvidenceItem {
  const figures = [
    s.assignedJobs !== undefined ? `assigned ${s.assignedJobs}` : undefined,
    s.availableJobs !== undefined ? `available ${s.availableJobs}` : undefined,
    s.lastMessageId !== undefined ? `lastMessageID ${s.lastMessageId}` : undefined,
  ].filter(Boolean);
  return { observation, source: `listener ${s.source === "metrics" ? "metrics" : "statistics log"} (${s.scaleSet})`, excerpt: figures.join(", ") || undefined, at: s.at };
}

function runbook(snapshot: FleetSnapshot, set: ScaleSetState, pod: string | undefined, source: ListenerSample["source"]): RunbookStep[] {
  const ctl = controllerTarget(snapshot, set.cluster);
  const podName = pod ?? `<${set.name}-listener-pod>`;
  const steps: RunbookStep[] = [
    {
      action: "Check the listener pod is running and when it last restarted",
      command: kubectl(ctl, `get pod ${podName} -o wide`),
      tellsYou: "A pod that is Running and Ready but silent points at a stuck session; a restarting pod is a crash loop.",
    },
    {
      action: "Read the listener's latest lines",
      command: `${logsCmd(ctl, podName, { tail: 50 })} | grep -E 'Getting next message|statistics|Calculated target runner count|error'`,
      tellsYou: '"Getting next message" with a growing lastMessageID means the session works; nothing new for minutes means it is stuck or cannot reach GitHub.',
    },
  ];
  if (source === "metrics") {
    steps.push({
      action: "Scrape the listener metrics directly through the API server",
      command: `kubectl${set.cluster ? ` --context ${set.cluster}` : ""} get --raw /api/v1/namespaces/${ctl.namespace}/pods/${podName}:8080/proxy/metrics | grep -E '^gha_(assigned_jobs|desired_runners|registered_runners)'`,
      tellsYou: "Numbers here but not in Runnerscope mean the scrape path is failing, not the listener.",
    });
  }
  steps.push({
    action: "If the listener is stuck, delete its pod so the controller recreates it (new session)",
    command: kubectl(ctl, `delete pod ${podName}`),
    tellsYou: "Fresh statistics within a minute confirm the old session was stuck.",
  });
  return steps;
}

export const rule: CatalogRule = {
  id: "listener-stats-stale",
  title: "Listener statistics are stale",
  severity: "warning",
  rank: 50,
  requires: ["scaleSets", "listenerStats"],
  uses: ["pods", "githubJobs", "clusterInfo"],
  detects:
    "A listener whose last statistics are older than ~3× its reporting interval, or whose lastMessageID stays the same over several samples while jobs are queued.",
  evidenceNeeded: "Listener samples (≤0.13 statistics log lines, ≥0.14 metrics) with time and lastMessageID; listener pod; queued GitHub jobs.",
  runbookOutline: [
    "Check the listener pod (kubectl get pod -o wide).",
    "Read the listener log for Getting next message / statistics lines.",
    "Scrape the metrics endpoint through the API server (0.14+).",
    "Delete the listener pod to force a new session.",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    const podsOk = snapshot.slices.pods?.available;
    const jobsOk = snapshot.slices.githubJobs?.available;
    for (const set of snapshot.scaleSets) {
      if (set.deletedAt) continue;
      const samples = samplesFor(snapshot, set);
      const last = samples[samples.length - 1];
      if (!last) continue;
      const pods = podsOk ? listenerPodsFor(snapshot, set) : [];
      if (podsOk && pods.length === 0) continue;
      const pod = pods[0];
      const age = ageSeconds(last.at, ctx.now) ?? 0;
      const limit = staleAfterSeconds(last.source);
      const jobs = jobsOk ? queuedJobsFor(snapshot, set, ctx.now, 60) : [];

      if (age > limit) {
        const evidence: EvidenceItem[] = [sampleEvidence(last, `Last statistics ${formatDuration(age)} ago (expected every ${last.source === "metrics" ? "15" : "~50"} s)`)];
        if (pod) evidence.push(podEvidence(pod, `Listener pod is ${pod.phase}${pod.containerStatuses[0]?.ready ? " and ready" : ""}`));
        evidence.push(...jobs.slice(0, 3).map((j) => jobEvidence(j, ctx.now)));
        hits.push({
          subject: scaleSetSubject(set),
          title: `Listener statistics for ${set.name} stale for ${formatDuration(age)}`,
          explanation:
            `The listener of ${set.name} last reported ${formatDuration(age)} ago, though it normally reports every ${last.source === "metrics" ? "15 s (metrics)" : "~50 s (statistics log)"}. ` +
            "Runnerscope cannot see the queue for this scale set any more, and a silent listener usually means its GitHub session is stuck, so new jobs may not be acquired." +
            (jobs.length ? ` ${jobs.length} job(s) are queued for it (oldest ${oldestWait(jobs, ctx.now)}).` : ""),
          evidence: evidence.slice(0, 5),
          runbook: runbook(snapshot, set, pod?.name, last.source),
          differential:
            "If the listener log still shows fresh lines, the collection path is at fault (metrics endpoint disabled or pods/proxy forbidden), not the listener. A restarting listener pod is a crash loop (listener-crash-loop).",
          confidence: "high",
          since: last.at,
        });
        continue;
      }

      // Same lastMessageId across recent samples while jobs wait: the session receives nothing.
      const withId = samples.filter((s) => s.lastMessageId !== undefined).slice(-10);
      const first = withId[0];
      const newest = withId[withId.length - 1];
      if (!first || !newest || withId.length < STUCK_MIN_SAMPLES) continue;
      const span = secondsBetween(first.at, newest.at) ?? 0;
      const stuck = span >= STUCK_MIN_SPAN_SECONDS && withId.every((s) => s.lastMessageId === first.lastMessageId);
      const queueing = jobs.length > 0 || (newest.assignedJobs ?? 0) > (newest.runningJobs ?? 0);
      if (!stuck || !queueing) continue;
      hits.push({
        subject: scaleSetSubject(set),
        title: `Listener for ${set.name} receives no messages while jobs queue`,
        explanation:
          `The listener of ${set.name} keeps polling, but its lastMessageID has stayed at ${first.lastMessageId} for ${formatDuration(span)} (${withId.length} samples) while work is waiting. ` +
          "No job-available / assigned / started messages are arriving, so either GitHub is not routing jobs to this session or the jobs never start on a runner.",
        evidence: [
          sampleEvidence(first, `lastMessageID ${first.lastMessageId} at the first of ${withId.length} samples`),
          sampleEvidence(newest, `Still lastMessageID ${newest.lastMessageId} ${formatDuration(span)} later`),
          ...jobs.slice(0, 3).map((j) => jobEvidence(j, ctx.now)),
        ],
        runbook: runbook(snapshot, set, pod?.name, last.source),
        differential:
          "In seed 002 the id stood still because every runner exited in seconds without taking a job: check the runner lives first (runner-command-dropped, runner-failure-loop). If runners are healthy and the listener reports 0 assigned jobs, see jobs-invisible-to-listener.",
        confidence: "medium",
        since: first.at,
      });
    }
    return hits;
  },
};
