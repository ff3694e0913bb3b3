/**
 * job-at-risk: GitHub says a job is in progress on runner X, but X's EphemeralRunner or pod is being deleted,
 * has failed or terminated, or is gone. The job will end with "The self-hosted runner lost communication with
 * the server" (or hang until GitHub times it out). One finding per scale set, naming each job.
 * Suppressed: runner changes younger than 90 s and runners that finished their job normally (GitHub's job status
 * lags the pod by a poll), runner names of no
 * EphemeralRunnerSet we have seen (GitHub-hosted, other self-hosted, or same-named sets in unwatched clusters).
 */
import type { EvidenceItem, GitHubJob, RunbookStep, RunnerLife, RunnerState } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { findScaleSet, scaleSetFromRunnerName, type ScaleSetRef } from "../helpers/group";
import { describeCmd, eventsForCmd, ghJobCmd, kubectl } from "../helpers/kubectl";
import { ageSeconds, formatDuration } from "../helpers/time";
import { cleanSubject, scaleSetSubject } from "../helpers/subject";

const GRACE_SECONDS = 90;

interface Risk {
  job: GitHubJob;
  ref: ScaleSetRef;
  why: string;
  at?: string;
  direct: boolean;
}

function old(t: string | undefined, now: Date): boolean {
  return (ageSeconds(t, now) ?? 0) >= GRACE_SECONDS;
}

/** Why a current runner cannot finish its job, if it cannot. */
function currentRisk(r: RunnerState, now: Date): { why: string; at?: string } | undefined {
  if (r.deletionTimestamp && old(r.deletionTimestamp, now)) return { why: `EphemeralRunner is being deleted since ${formatDuration(ageSeconds(r.deletionTimestamp, now) ?? 0)}`, at: r.deletionTimestamp };
  if (r.phase === "Failed") return { why: `EphemeralRunner is Failed${r.reason ? ` (${r.reason})` : ""}` };
  const pod = r.pod;
  if (!pod) return old(r.createdAt, now) ? { why: "its pod no longer exists" } : undefined;
  if (pod.deletionTimestamp && old(pod.deletionTimestamp, now)) return { why: `its pod is being deleted${pod.reason ? ` (${pod.reason})` : ""}`, at: pod.deletionTimestamp };
  if (pod.reason === "Evicted") return { why: `its pod was evicted${pod.message ? `: ${pod.message}` : ""}` };
  const c = pod.containerStatuses.find((s) => s.name === "runner");
  if (c?.state === "terminated" && old(c.finishedAt, now)) {
    return { why: `its runner container terminated ${c.reason ?? ""}${c.exitCode !== undefined ? ` (exit ${c.exitCode})` : ""} ${formatDuration(ageSeconds(c.finishedAt, now) ?? 0)} ago`.replace(/\s+/g, " "), at: c.finishedAt };
  }
  if (pod.phase === "Failed") return { why: `its pod is Failed${pod.reason ? ` (${pod.reason})` : ""}` };
  return undefined;
}

const OUTCOME_WORDS: Partial<Record<RunnerLife["outcome"], string>> = {
  "oom-killed": "was OOMKilled",
  evicted: "was evicted",
  failed: "failed",
  deleted: "was deleted while running",
};

function runbook(runners: ReadonlyMap<string, RunnerState>, ref: ScaleSetRef, risks: Risk[]): RunbookStep[] {
  const first = risks[0];
  if (!first) return [];
  const runner = first.job.runnerName ?? "<runner>";
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [
    {
      action: "Confirm GitHub still considers the job running on that runner",
      command: `${ghJobCmd(first.job.repository, first.job.id)} --jq '{status, runner_name, started_at}'`,
      tellsYou: "in_progress with this runner_name means the job is attached to a runner that is going away.",
    },
  ];
  if (runners.has(runner)) steps.push({ action: "See why the runner is going away", command: describeCmd(target, "ephemeralrunner", runner), tellsYou: "Status reason/message, deletion timestamp and finalizers." });
  steps.push({
    action: "Read the pod's events (eviction, OOM, node drain, preemption)",
    command: eventsForCmd(target, runner),
    tellsYou: "Killing/Evicted/Preempting/NodeNotReady events name what took the runner away.",
  });
  steps.push({
    action: "Once the job fails, re-run the failed jobs",
    command: `gh run rerun ${first.job.runId} --repo ${first.job.repository} --failed`,
    tellsYou: "A re-run is queued for a fresh runner.",
  });
  if (ref.namespace) steps.push({ action: "Watch the scale set's runners", command: kubectl(target, `get ephemeralrunners -l actions.github.com/scale-set-name=${ref.name} -w`), tellsYou: "Whether other runners are going the same way." });
  return steps;
}

export const rule: CatalogRule = {
  id: "job-at-risk",
  title: "Running jobs whose runner is failing or gone",
  severity: "critical",
  rank: 80,
  requires: ["githubJobs", "runners"],
  uses: ["runnerHistory", "scaleSets"],
  detects: "GitHub jobs in_progress on a runner whose EphemeralRunner/pod is being deleted, failed, terminated or no longer exists: the job is about to be lost.",
  evidenceNeeded: "In-progress GitHub jobs with runner_name; the current EphemeralRunner and pod of that name, or its recorded life.",
  runbookOutline: [
    "gh api repos/<o>/<r>/actions/jobs/<id> to confirm status and runner.",
    "Describe the EphemeralRunner and read its pod events.",
    "Re-run the failed jobs once they fail.",
  ],
  evaluate(snapshot, ctx) {
    const runners = new Map(snapshot.runners.map((r) => [r.name, r]));
    const lives = new Map(snapshot.runnerHistory.map((l) => [l.name, l]));
    // Runner sets we have seen: a same-named scale set in a cluster we do not watch must not count.
    const knownRunnerSets = new Set([...snapshot.runnerSets.map((e) => e.name), ...snapshot.runners.map((r) => r.ephemeralRunnerSet), ...snapshot.runnerHistory.map((l) => l.ephemeralRunnerSet)]);
    const risks: Risk[] = [];
    for (const job of snapshot.github.jobs) {
      if (job.status !== "in_progress" || !job.runnerName) continue;
      const r = runners.get(job.runnerName);
      if (r) {
        const risk = currentRisk(r, ctx.now);
        if (risk) risks.push({ job, ref: { cluster: r.cluster, namespace: r.namespace, name: r.scaleSet }, ...risk, direct: true });
        continue;
      }
      const life = lives.get(job.runnerName);
      if (life && life.outcome !== "running") {
        // the runner ran its job and exited normally: GitHub's in_progress is only lagging (its status trails the pod
        // by a poll, longer when the budget slows polling), nothing is at risk
        if (life.outcome === "succeeded") continue;
        const end = life.deletedAt ?? life.finishedAt;
        if (!old(end, ctx.now)) continue;
        risks.push({
          job,
          ref: { cluster: life.cluster, namespace: life.namespace, name: life.scaleSet },
          why: `its EphemeralRunner ${OUTCOME_WORDS[life.outcome] ?? "ended"} ${end ? `${formatDuration(ageSeconds(end, ctx.now) ?? 0)} ago` : ""}${life.reason ? ` (${life.reason})` : ""}`.trim(),
          at: end,
          direct: true,
        });
        continue;
      }
      const setName = scaleSetFromRunnerName(job.runnerName);
      const runnerSet = job.runnerName.replace(/-runner-[a-z0-9]{5}$/, "");
      if (!setName || !knownRunnerSets.has(runnerSet) || !old(job.startedAt ?? undefined, ctx.now)) continue;
      const set = snapshot.scaleSets.find((s) => s.name === setName);
      risks.push({ job, ref: { cluster: set?.cluster, namespace: set?.namespace, name: setName }, why: "no EphemeralRunner of that name exists", direct: false });
    }

    const groups = new Map<string, Risk[]>();
    for (const risk of risks) {
      const k = `${risk.ref.cluster ?? ""}/${risk.ref.namespace ?? ""}/${risk.ref.name}`;
      const group = groups.get(k);
      if (group) group.push(risk);
      else groups.set(k, [risk]);
    }
    const hits: RuleHit[] = [];
    for (const group of groups.values()) {
      const first = group[0];
      if (!first) continue;
      const ref = first.ref;
      const set = findScaleSet(snapshot, ref);
      const evidence: EvidenceItem[] = group.slice(0, 5).map((r) => ({
        observation: `Job ${r.job.id} "${r.job.name}" (${r.job.repository}) is in progress on ${r.job.runnerName}, but ${r.why}`,
        source: `GitHub job ${r.job.id}`,
        excerpt: r.job.htmlUrl,
        at: r.at ?? r.job.startedAt ?? undefined,
        ref: { kind: "job", name: String(r.job.id) },
      }));
      hits.push({
        subject: group.length === 1 ? cleanSubject({ ...scaleSetSubject(set ?? ref), runner: first.job.runnerName ?? undefined }) : scaleSetSubject(set ?? ref),
        title: group.length === 1 ? `Job "${first.job.name}" is running on a runner that ${first.direct ? "is failing or gone" : "no longer exists"}` : `${group.length} running jobs on ${ref.name} have lost their runner`,
        explanation:
          `GitHub still shows ${group.length === 1 ? "this job" : `${group.length} jobs`} as in progress, but the runner${group.length === 1 ? "" : "s"} executing ${group.length === 1 ? "it" : "them"} ${group.length === 1 ? first.why : "are failing or gone"}. ` +
          'The job cannot finish: expect it to fail with "The self-hosted runner lost communication with the server" and to need a re-run.',
        evidence,
        runbook: runbook(runners, ref, group),
        differential: "Node drains, evictions and OOM kills all take runners mid-job; the runner findings on the same scale set (runner-oom-killed, runner-evicted) name which one.",
        confidence: group.every((r) => r.direct) ? "high" : "medium",
        since: first.job.startedAt ?? undefined,
      });
    }
    return hits;
  },
};
