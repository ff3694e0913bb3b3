/**
 * resource-quota-exceeded: a ResourceQuota in the runner namespace blocks runner pods ("exceeded quota"); ARC
 * requeues every 30 s and re-creates the runner after 10 min, so runners stay pending while jobs wait.
 * A warning by default; critical once ≥3 runners are blocked.
 */
import type { RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { type ScaleSetRef } from "../helpers/group";
import { kubectl } from "../helpers/kubectl";
import { collectSignals, pickEvidence } from "../helpers/signals";
import { earliest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const QUOTA_LOG = "Resource quota is exceeded; requeue in 30s to retry pod creation";
const EXCEEDED = /exceeded quota: ([\w.-]+)(?:, requested: ([^,]+(?:,[^,:]+=[^,]+)*), used: ([^,]+(?:,[^,:]+=[^,]+)*), limited: (.+))?/;

/** Quota name and the figures from a Kubernetes "exceeded quota" message. */
function parseQuota(message: string): { quota: string; requested?: string; used?: string; limited?: string } | undefined {
  const m = EXCEEDED.exec(message);
  return m?.[1] ? { quota: m[1], requested: m[2], used: m[3], limited: m[4]?.trim() } : undefined;
}

function runbook(ref: ScaleSetRef, quota: string | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  return [
    {
      action: quota ? `Show usage against quota ${quota}` : "Show the namespace's quotas and usage",
      command: kubectl(target, quota ? `describe resourcequota ${quota}` : "describe resourcequota"),
      tellsYou: "Which resource (pods, requests.cpu, limits.memory…) is at its hard limit.",
    },
    {
      action: "Compare with the scale set's demand",
      command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o jsonpath='{.spec.maxRunners}{" runners × "}{.spec.template.spec.containers[?(@.name=="runner")].resources}'`),
      tellsYou: "maxRunners × per-runner requests must fit the quota (plus dind/workflow pods in kubernetes mode); raise the quota or lower maxRunners/requests.",
    },
  ];
}

export const rule: CatalogRule = {
  id: "resource-quota-exceeded",
  title: "Namespace ResourceQuota blocks runner pods",
  severity: "warning",
  rank: 18,
  requires: [],
  requiresAny: [["controllerLogs", "runners", "runnerHistory", "events"]],
  detects: "Runner pods that cannot be created because a ResourceQuota in the runner namespace is exhausted.",
  evidenceNeeded:
    "Controller log \"Resource quota is exceeded; requeue in 30s to retry pod creation\", EphemeralRunner messages or FailedCreate events containing \"exceeded quota\".",
  runbookOutline: ["Describe the namespace's ResourceQuota to see which resource is at its limit.", "Compare maxRunners × per-runner requests with the quota; raise it or lower demand."],
  evaluate(snapshot, ctx) {
    const groups = collectSignals(snapshot, ctx.now, {
      log: (l) => (l.origin === "controller" && l.message.startsWith(QUOTA_LOG) ? "Controller cannot create the runner pod: quota exceeded, retrying every 30 s" : undefined),
      runner: (r) => (/exceeded quota/.test(r.message ?? "") ? "Runner pod blocked by a ResourceQuota" : undefined),
      life: (l) => (/exceeded quota/.test(l.message ?? "") ? "Runner pod was blocked by a ResourceQuota" : undefined),
      event: (e) => (e.reason === "FailedCreate" && /exceeded quota/.test(e.message) ? "FailedCreate: exceeded quota" : undefined),
    });
    const hits: RuleHit[] = [];
    for (const g of groups) {
      const msg = g.signals.map((s) => s.evidence.excerpt ?? "").find((x) => parseQuota(x));
      const q = msg ? parseQuota(msg) : undefined;
      const blocked = g.runners.size;
      hits.push({
        subject: scaleSetSubject(g.ref),
        severity: blocked >= 3 ? "critical" : "warning",
        title: q ? `ResourceQuota ${q.quota} blocks runner pods` : undefined,
        explanation:
          `A ResourceQuota in ${g.ref.namespace ?? "the runner namespace"} is exhausted, so the API server refuses new runner pods. ARC retries every 30 s (and re-creates the runner after 10 min); meanwhile jobs wait for runners that cannot start.` +
          (q?.limited ? ` Limited: ${q.limited}; used: ${q.used ?? "?"}; requested: ${q.requested ?? "?"}.` : ""),
        evidence: [{ observation: `${blocked || g.signals.length} runner(s) blocked by the quota in the window`, source: `scale set ${g.ref.name}` }, ...pickEvidence(g.signals, 4)],
        runbook: runbook(g.ref, q?.quota),
        differential: "Pods that exist but stay Pending with FailedScheduling are a node-capacity problem (pods-unschedulable), not a quota.",
        confidence: "high",
        since: earliest(g.signals.map((s) => s.at)),
      });
    }
    return hits;
  },
};
