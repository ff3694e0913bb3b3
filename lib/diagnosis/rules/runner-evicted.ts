/**
 * runner-evicted: the kubelet evicted runner pods because the node ran low on a resource (usually ephemeral-storage
 * from checkouts, caches and docker layers; DiskPressure). Pod/ER reason Evicted, life outcome evicted, Evicted events.
 * Warning; critical at ≥3 runners in the window.
 */
import type { RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { type ScaleSetRef } from "../helpers/group";
import { kubectl } from "../helpers/kubectl";
import { collectSignals, pickEvidence } from "../helpers/signals";
import { earliest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

/** Resource named in "The node was low on resource: ephemeral-storage. …". */
function evictedResource(message: string | undefined): string | undefined {
  return /low on resource: ([\w-]+)/.exec(message ?? "")?.[1] ?? (/DiskPressure/.test(message ?? "") ? "ephemeral-storage" : undefined);
}

function runbook(ref: ScaleSetRef, resource: string | undefined, node: string | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [
    {
      action: "List evicted runner pods and their messages",
      command: kubectl(target, `get pods -l actions.github.com/scale-set-name=${ref.name} --field-selector=status.phase=Failed -o custom-columns=NAME:.metadata.name,REASON:.status.reason,MESSAGE:.status.message,NODE:.spec.nodeName`),
      tellsYou: "Which resource ran out and on which nodes.",
    },
    {
      action: "Check node pressure conditions",
      command: kubectl(target, `get nodes -o custom-columns=NAME:.metadata.name,DISK:.status.conditions[?(@.type=="DiskPressure")].status,MEMORY:.status.conditions[?(@.type=="MemoryPressure")].status`, { clusterScoped: true }),
      tellsYou: "True on a node means the kubelet is evicting pods there now.",
    },
  ];
  if (node) steps.push({ action: `Describe node ${node}`, command: kubectl(target, `describe node ${node}`, { clusterScoped: true }), tellsYou: "Allocatable ephemeral-storage and the eviction events." });
  steps.push({
    action: resource === "memory" ? "Set memory requests on the runner (and dind) containers so the scheduler accounts for them" : "Set ephemeral-storage requests/limits on the runner and dind containers, or move _work/docker to a volume (ephemeral PVC)",
    tellsYou: "Pods then land on nodes with room, and heavy jobs stop starving their neighbours.",
  });
  return steps;
}

export const rule: CatalogRule = {
  id: "runner-evicted",
  title: "Runner pods evicted by the kubelet",
  severity: "warning",
  rank: 36,
  requires: [],
  requiresAny: [["runnerHistory", "runners", "pods", "events"]],
  detects: "Runner pods evicted because their node ran low on ephemeral-storage (DiskPressure) or memory; the job on them fails.",
  evidenceNeeded: "Pod or EphemeralRunner reason Evicted with \"The node was low on resource: …\", runner lives with outcome evicted, or Evicted events.",
  runbookOutline: ["List evicted runner pods with message and node.", "Check node DiskPressure/MemoryPressure.", "Describe an affected node.", "Set ephemeral-storage/memory requests or move work directories to a volume."],
  evaluate(snapshot, ctx) {
    const groups = collectSignals(snapshot, ctx.now, {
      life: (l) => (l.outcome === "evicted" || l.reason === "Evicted" ? `Evicted${evictedResource(l.message) ? ` (node low on ${evictedResource(l.message)})` : ""}${l.nodeName ? ` on ${l.nodeName}` : ""}` : undefined),
      runner: (r) => (r.reason === "Evicted" ? "EphemeralRunner reason Evicted" : undefined),
      pod: (p) => ((p.role === "runner" || p.role === "workflow") && p.reason === "Evicted" ? `Pod evicted${p.nodeName ? ` from ${p.nodeName}` : ""}` : undefined),
      event: (e) => (e.reason === "Evicted" ? "Kubelet evicted the pod" : undefined),
    });
    const hits: RuleHit[] = [];
    for (const g of groups) {
      const msg = g.signals.map((s) => s.evidence.excerpt).find((m) => evictedResource(m));
      const resource = evictedResource(msg);
      const node = snapshot.runnerHistory.find((l) => g.runners.has(l.name) && l.nodeName)?.nodeName;
      const n = g.runners.size || g.signals.length;
      hits.push({
        subject: scaleSetSubject(g.ref),
        severity: n >= 3 ? "critical" : "warning",
        title: resource ? `Runner pods evicted: node low on ${resource}` : undefined,
        explanation:
          `${n} runner pod(s) were evicted by the kubelet because their node ran low on ${resource ?? "a resource"}; any job on them failed. ` +
          (resource === "ephemeral-storage" || !resource
            ? "Checkouts, caches and docker layers fill the node disk; without ephemeral-storage requests the scheduler packs too many runners per node."
            : "Without matching requests the scheduler packs too many runners per node."),
        evidence: [{ observation: `${n} runner(s) evicted in the window`, source: `scale set ${g.ref.name}` }, ...pickEvidence(g.signals, 4)],
        runbook: runbook(g.ref, resource, node),
        differential: "OOMKilled (exit 137) is a container exceeding its own limit (runner-oom-killed), not a node-level eviction.",
        confidence: "high",
        since: earliest(g.signals.map((s) => s.at)),
      });
    }
    return hits;
  },
};
