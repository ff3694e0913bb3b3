/**
 * runner-image-wrong-arch: "exec format error" — the runner image was built for another CPU architecture than the
 * node (e.g. an amd64-only custom image on arm64 nodes). Fires on any runner of the set: the message is unambiguous.
 */
import type { RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { findScaleSet, type ScaleSetRef } from "../helpers/group";
import { kubectl } from "../helpers/kubectl";
import { collectSignals, pickEvidence } from "../helpers/signals";
import { earliest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const EXEC_FORMAT = /exec format error/i;

function runbook(ref: ScaleSetRef, image: string | undefined, nodes: string[]): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [
    {
      action: "List node architectures",
      command: kubectl(target, "get nodes -L kubernetes.io/arch", { clusterScoped: true }),
      tellsYou: "Which architectures the runners can land on.",
    },
  ];
  if (image) {
    steps.push({
      action: "List the architectures the image is published for",
      command: `docker manifest inspect ${image} | grep architecture`,
      tellsYou: "If the node's architecture is missing, publish a multi-arch image or pin the scale set to matching nodes (nodeSelector kubernetes.io/arch).",
    });
  }
  if (nodes[0]) steps.push({ action: "Check the architecture of a node that ran a failing runner", command: kubectl(target, `get node ${nodes[0]} -L kubernetes.io/arch`, { clusterScoped: true }), tellsYou: "Confirms the mismatch for that node." });
  return steps;
}

export const rule: CatalogRule = {
  id: "runner-image-wrong-arch",
  title: "Runner image built for another CPU architecture",
  severity: "critical",
  rank: 14,
  requires: [],
  requiresAny: [["runnerHistory", "runners", "pods", "events", "runnerLogs"]],
  uses: ["scaleSets"],
  detects: "Runner containers failing with \"exec format error\": the image does not match the node's CPU architecture.",
  evidenceNeeded: "\"exec format error\" in a runner log, a container status message, a runner life message or a kubelet event.",
  runbookOutline: [
    "List node architectures (kubectl get nodes -L kubernetes.io/arch).",
    "List the architectures the runner image is published for (docker manifest inspect).",
    "Publish a multi-arch image or pin the scale set to matching nodes.",
  ],
  evaluate(snapshot, ctx) {
    const groups = collectSignals(snapshot, ctx.now, {
      life: (l) => (EXEC_FORMAT.test(l.message ?? "") ? "Runner failed with exec format error" : undefined),
      container: (st) => (EXEC_FORMAT.test(st.message ?? "") ? `Container ${st.name} failed with exec format error` : undefined),
      event: (e) => (EXEC_FORMAT.test(e.message) ? "Kubelet reports exec format error" : undefined),
      log: (l) => ((l.origin === "runner" || l.origin === "unknown" || l.origin === "workflow") && EXEC_FORMAT.test(l.raw) ? "Runner log shows exec format error" : undefined),
    });
    const hits: RuleHit[] = [];
    for (const g of groups) {
      const set = findScaleSet(snapshot, g.ref);
      const lives = snapshot.runnerHistory.filter((l) => l.scaleSet === g.ref.name && g.runners.has(l.name));
      const image = set?.runnerContainer?.image ?? lives.find((l) => l.image)?.image;
      const nodes = [...new Set(lives.map((l) => l.nodeName).filter((n): n is string => !!n))];
      hits.push({
        subject: scaleSetSubject(g.ref),
        explanation:
          `The runner image${image ? ` ${image}` : ""} cannot execute on the node: "exec format error" means its binaries are for a different CPU architecture (amd64 vs arm64). ` +
          "No runner of this scale set can start on such nodes.",
        evidence: pickEvidence(g.signals, 5),
        runbook: runbook(g.ref, image, nodes),
        differential: "\"no such file or directory\" for the entrypoint is a missing file (runner-entrypoint-missing), not an architecture mismatch.",
        confidence: "high",
        since: earliest(g.signals.map((s) => s.at)),
      });
    }
    return hits;
  },
};
