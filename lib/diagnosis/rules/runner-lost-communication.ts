/**
 * runner-lost-communication: a runner disappeared while it was running a job (deleted/evicted/killed mid-job, SIGTERM
 * exit 143, node gone), so GitHub fails the job ("The self-hosted runner lost communication with the server"). ARC
 * never scales down a runner that has a job, so such a loss is always external: node drain/spot reclaim, autoscaler,
 * manual delete. OOM kills are left to runner-oom-killed. Warning; critical at ≥3 jobs lost.
 */
import type { EvidenceItem, RunbookStep, RunnerLife } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { eventEvidence, lifeEvidence } from "../helpers/evidence";
import { groupLives, type ScaleSetRef } from "../helpers/group";
import { ghJobCmd, kubectl } from "../helpers/kubectl";
import { hasJob, recentLives } from "../helpers/lives";
import { earliest, inWindow } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const NODE_DISRUPTION = new Set(["NodeNotReady", "NodeNotSchedulable", "Rebooted", "TerminatingEvictedPod", "SpotInterruption", "ScaleDown", "Drain", "RemovingNode"]);

/** A life that had a job and ended without finishing it cleanly (OOM excluded: its own rule). */
function lostMidJob(l: RunnerLife): boolean {
  if (!hasJob(l.job) && !l.jobAssignedAt) return false;
  if (l.outcome === "deleted" || l.outcome === "evicted") return true;
  return l.outcome === "failed" && (l.exitCode === 143 || (l.exitCode === 137 && l.reason !== "OOMKilled"));
}

function runbook(ref: ScaleSetRef, node: string | undefined, job: { repo: string; id: number } | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [];
  if (job) steps.push({ action: "Read the job's conclusion on GitHub", command: ghJobCmd(job.repo, job.id), tellsYou: "conclusion failure with the runner gone confirms the job was lost with its runner." });
  if (node) {
    steps.push({ action: `Look at what happened to node ${node}`, command: kubectl(target, `get events -A --field-selector involvedObject.kind=Node,involvedObject.name=${node}`, { clusterScoped: true }), tellsYou: "NodeNotReady, drain, spot interruption or autoscaler scale-down at the time of the loss." });
  }
  steps.push(
    {
      action: "Check who deletes busy runner pods",
      command: kubectl(target, "get events --field-selector reason=Killing --sort-by=.lastTimestamp"),
      tellsYou: "Killing events on runner pods with no eviction point at node drains or manual deletes.",
    },
    {
      action: "Protect busy runners from voluntary disruption",
      tellsYou: 'Annotate the runner pod template with cluster-autoscaler.kubernetes.io/safe-to-evict: "false" (or karpenter.sh/do-not-disrupt: "true") and avoid spot nodes for long jobs.',
    },
  );
  return steps;
}

export const rule: CatalogRule = {
  id: "runner-lost-communication",
  title: "Runners lost while running jobs",
  severity: "warning",
  rank: 45,
  requires: ["runnerHistory"],
  uses: ["githubJobs", "events"],
  detects: "Runners that were deleted, evicted or killed (SIGTERM/SIGKILL) while running a job, so GitHub fails the job with \"lost communication with the server\".",
  evidenceNeeded:
    "Runner lives with a job that ended deleted/evicted or with exit 143/137 (not OOM), GitHub jobs that completed with failure on a runner that is gone, and node disruption / Killing events.",
  runbookOutline: ["Read the job's conclusion on GitHub.", "Look at node events at the time of the loss.", "Find Killing events on runner pods.", "Protect busy runners from voluntary disruption (safe-to-evict / do-not-disrupt)."],
  evaluate(snapshot, ctx) {
    const lost = recentLives(snapshot, ctx.now).filter(lostMidJob);
    const hits: RuleHit[] = [];
    // what does not depend on the scale set is filtered once, not per group
    const current = new Set(snapshot.runners.map((r) => r.name));
    const failedJobs = snapshot.github.jobs.filter((j) => j.runnerName && j.status === "completed" && j.conclusion === "failure" && !current.has(j.runnerName));
    const disruptions = snapshot.events.filter((e) => inWindow(e.lastSeen, snapshot.windowStart, ctx.now) && ((e.involvedKind === "Node" && NODE_DISRUPTION.has(e.reason)) || e.reason === "Killing"));
    for (const { ref, items } of groupLives(lost).values()) {
      const names = new Set(items.map((l) => l.name));
      const jobs = failedJobs.filter((j) => j.runnerName && names.has(j.runnerName));
      const nodes = new Set(items.map((l) => l.nodeName).filter((n): n is string => !!n));
      const nodeEvents = disruptions.filter((e) => (e.involvedKind === "Node" && nodes.has(e.involvedName) && NODE_DISRUPTION.has(e.reason)) || (e.reason === "Killing" && names.has(e.involvedName)));
      const evidence: EvidenceItem[] = [{ observation: `${items.length} runner(s) ended while running a job in the window`, source: `runner history of ${ref.name}` }];
      for (const l of items.slice(0, 2)) {
        evidence.push(lifeEvidence(l, `Ended ${l.outcome}${l.exitCode !== undefined ? ` (exit ${l.exitCode})` : ""} while running "${l.job?.displayName ?? "a job"}"${l.job?.repository ? ` of ${l.job.repository}` : ""}${l.nodeName ? ` on ${l.nodeName}` : ""}`, l.message));
      }
      if (jobs[0]) evidence.push({ observation: `GitHub job ${jobs[0].id} "${jobs[0].name}" concluded failure on ${jobs[0].runnerName}, which no longer exists`, source: `GitHub job ${jobs[0].id}`, at: jobs[0].completedAt ?? undefined, ref: { kind: "job", name: String(jobs[0].id) } });
      if (nodeEvents[0]) evidence.push(eventEvidence(nodeEvents[0]));
      hits.push({
        subject: scaleSetSubject(ref),
        severity: items.length >= 3 ? "critical" : "warning",
        explanation:
          `${items.length} runner(s) of this scale set disappeared in the middle of a job, and GitHub fails such jobs ("The self-hosted runner lost communication with the server"). ` +
          "ARC never removes a runner that has a job, so something outside it did: a node drain, spot reclaim, autoscaler scale-down, eviction or a manual delete.",
        evidence: evidence.slice(0, 5),
        runbook: runbook(ref, [...nodes][0], jobs[0] ? { repo: jobs[0].repository, id: jobs[0].id } : undefined),
        differential: "Evictions for disk/memory pressure are explained by runner-evicted, OOM kills by runner-oom-killed; without those, look at node lifecycle events.",
        confidence: jobs.length > 0 || nodeEvents.length > 0 ? "high" : "medium",
        since: earliest(items.map((l) => l.finishedAt ?? l.deletedAt)),
      });
    }
    return hits;
  },
};
