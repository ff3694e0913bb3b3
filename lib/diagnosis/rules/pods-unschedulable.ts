/**
 * pods-unschedulable: runner (or listener) pods stay Pending because the scheduler finds no node: FailedScheduling
 * events / PodScheduled=False Unschedulable. The scheduler message is classified (cpu, memory, ephemeral-storage,
 * pod count, taints, node affinity/selector, volumes). Brief FailedScheduling while the cluster autoscaler adds a
 * node is normal: a pod must be unschedulable for ≥2 min to count.
 */
import type { EvidenceItem, KubeEventRecord, PodState, RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { eventEvidence, podEvidence } from "../helpers/evidence";
import { groupByScaleSet, scaleSetOf, type ScaleSetRef } from "../helpers/group";
import { describeCmd, kubectl } from "../helpers/kubectl";
import { allPods } from "../helpers/signals";
import { ageSeconds, earliest, formatDuration, inWindow, secondsBetween } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const MIN_PENDING_SECONDS = 120;

type SchedulingBlocker = "cpu" | "memory" | "ephemeral-storage" | "pods" | "taints" | "node-affinity" | "volumes" | "other";

const PATTERNS: [SchedulingBlocker, RegExp][] = [
  ["cpu", /Insufficient cpu/],
  ["memory", /Insufficient memory/],
  ["ephemeral-storage", /Insufficient ephemeral-storage/],
  ["pods", /Too many pods/],
  ["taints", /untolerated taint|had taint/],
  ["node-affinity", /didn't match Pod's node affinity|node\(s\) didn't match node selector|didn't match Pod's node affinity\/selector/],
  ["volumes", /unbound immediate PersistentVolumeClaims|volume node affinity conflict|didn't find available persistent volumes/],
];

/** What keeps the pod off every node, from a scheduler message like "0/3 nodes are available: 3 Insufficient cpu.". */
function classifyScheduling(message: string): SchedulingBlocker[] {
  const found = PATTERNS.filter(([, re]) => re.test(message)).map(([k]) => k);
  return found.length ? found : ["other"];
}

const ADVICE: Record<SchedulingBlocker, string> = {
  cpu: "lower the runner's CPU request or add/scale nodes",
  memory: "lower the runner's memory request or add/scale nodes",
  "ephemeral-storage": "lower the ephemeral-storage request or use nodes with larger disks",
  pods: "nodes are at their max-pods; add nodes or raise max pods per node",
  taints: "add a toleration for the nodes' taint to the runner pod template, or target untainted nodes",
  "node-affinity": "fix the nodeSelector/affinity in the runner pod template (labels that no node carries)",
  volumes: "the work PVC cannot bind: check the StorageClass and its volumeBindingMode",
  other: "read the full scheduler message",
};

interface Stuck {
  pod?: PodState;
  event?: KubeEventRecord;
  name: string;
  message: string;
  pendingSeconds: number;
}

function runbook(ref: ScaleSetRef, podName: string, podNs: string | undefined, blockers: SchedulingBlocker[]): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: podNs ?? ref.namespace };
  const steps: RunbookStep[] = [
    { action: "Read the scheduler's full reason", command: describeCmd(target, "pod", podName), tellsYou: "The Events section lists, per node, why it was rejected." },
    {
      action: "Compare node capacity with what is requested",
      command: kubectl(target, "describe nodes | grep -A8 'Allocated resources'", { clusterScoped: true }),
      tellsYou: "How much CPU/memory is left per node versus the runner's requests.",
    },
  ];
  if (blockers.includes("taints")) steps.push({ action: "List node taints", command: kubectl(target, "get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints", { clusterScoped: true }), tellsYou: "Which taint the runner pods do not tolerate." });
  if (blockers.includes("node-affinity")) {
    steps.push({
      action: "Show the runner template's node selection",
      command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o jsonpath='{.spec.template.spec.nodeSelector}{"\\n"}{.spec.template.spec.affinity}'`),
      tellsYou: "Labels/affinity no node satisfies.",
    });
  }
  if (blockers.includes("volumes")) steps.push({ action: "Check the work PVC", command: kubectl(target, `get pvc ${podName}-work`), tellsYou: "A Pending PVC names the StorageClass problem." });
  steps.push({ action: "Check whether the cluster autoscaler tried to add a node", command: kubectl(target, `get events --field-selector involvedObject.name=${podName},reason=NotTriggerScaleUp`), tellsYou: "NotTriggerScaleUp means no node group can fit the pod as specified." });
  return steps;
}

export const rule: CatalogRule = {
  id: "pods-unschedulable",
  title: "Runner pods cannot be scheduled",
  severity: "warning",
  rank: 22,
  requires: ["events"],
  uses: ["runners", "pods"],
  detects: "Runner or listener pods stuck Pending because no node fits them (resources, pod count, taints, node affinity/selector, volumes).",
  evidenceNeeded: "FailedScheduling events or PodScheduled=False/Unschedulable conditions lasting ≥2 min, with the scheduler message (\"0/3 nodes are available: 3 Insufficient cpu.\").",
  runbookOutline: [
    "Describe a pending pod to read the scheduler's per-node reasons.",
    "Compare node allocatable capacity with the runner's requests.",
    "Taints: list node taints; affinity/selector: show the template's nodeSelector/affinity; volumes: check the work PVC.",
    "Check NotTriggerScaleUp events from the cluster autoscaler.",
  ],
  evaluate(snapshot, ctx) {
    const stuck: Stuck[] = [];
    const pods = allPods(snapshot);
    for (const p of pods) {
      if (p.phase !== "Pending") continue;
      const cond = p.conditions.find((c) => c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable");
      if (!cond) continue;
      const age = ageSeconds(p.createdAt, ctx.now) ?? 0;
      if (age < MIN_PENDING_SECONDS) continue;
      stuck.push({ pod: p, name: p.name, message: cond.message ?? "", pendingSeconds: age });
    }
    for (const e of snapshot.events) {
      if (e.reason !== "FailedScheduling" || !inWindow(e.lastSeen, snapshot.windowStart, ctx.now)) continue;
      const span = Math.max(secondsBetween(e.firstSeen, e.lastSeen) ?? 0, 0);
      const existing = stuck.find((s) => s.name === e.involvedName);
      if (existing) {
        existing.event ??= e;
        continue;
      }
      // A pod that was scheduled in the end and spent <2 min pending was just waiting for a new node.
      if (span < MIN_PENDING_SECONDS && !pods.some((p) => p.name === e.involvedName && p.phase === "Pending" && (ageSeconds(p.createdAt, ctx.now) ?? 0) >= MIN_PENDING_SECONDS)) continue;
      stuck.push({ event: e, name: e.involvedName, message: e.message, pendingSeconds: span });
    }

    const hits: RuleHit[] = [];
    // Listener pod names do not encode the scale set: resolve events through the pod when we have it.
    const podOf = (s: Stuck) => s.pod ?? pods.find((p) => p.name === s.event?.involvedName && p.namespace === s.event?.namespace);
    const grouped = groupByScaleSet(stuck, (s) => {
      const pod = podOf(s);
      return pod ? scaleSetOf(pod) : s.event ? scaleSetOf(s.event) : undefined;
    });
    for (const { ref, items } of grouped.values()) {
      const blockers = [...new Set(items.flatMap((s) => classifyScheduling(s.message)))];
      const longest = Math.max(...items.map((s) => s.pendingSeconds));
      const evidence: EvidenceItem[] = [
        { observation: `${items.length} pod(s) unschedulable, longest for ${formatDuration(longest)}; blocked by ${blockers.join(", ")}`, source: `pods of ${ref.name}` },
      ];
      for (const s of items.slice(0, 4)) {
        evidence.push(s.event ? eventEvidence(s.event, `FailedScheduling for ${s.name}`) : podEvidence(s.pod!, `Pending, PodScheduled=False (Unschedulable) for ${formatDuration(s.pendingSeconds)}`, s.message));
      }
      const first = items[0]!;
      const listener = items.some((s) => podOf(s)?.role === "listener");
      hits.push({
        subject: scaleSetSubject(ref),
        severity: listener || (items.length >= 3 && longest >= 300) ? "critical" : "warning",
        title: `${listener ? "Listener" : "Runner"} pods cannot be scheduled: ${blockers.join(", ")}`,
        explanation:
          `The scheduler finds no node for ${items.length} ${listener ? "listener" : "runner"} pod(s), so they stay Pending and their jobs wait. ` +
          `Fix: ${blockers.map((b) => ADVICE[b]).join("; ")}.`,
        evidence: evidence.slice(0, 5),
        runbook: runbook(ref, first.name, first.pod?.namespace ?? first.event?.namespace, blockers),
        differential: "A full ResourceQuota stops pods from being created at all (resource-quota-exceeded); image pull errors happen after scheduling (image-pull-failure).",
        confidence: "high",
        since: earliest(items.map((s) => s.event?.firstSeen ?? s.pod?.createdAt)),
      });
    }
    return hits;
  },
};
