/**
 * workflow-pod-failed: in kubernetes container mode the runner hook creates a workflow pod `<runner>-workflow`
 * (label runner-pod) for the job container; when that pod fails the runner logs "Error: Pod … is unhealthy with
 * phase status Failed: {}" and the job fails. Usually the hook extension template
 * (ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE) or the shared work volume is wrong. Warning; critical at ≥3 runners.
 */
import type { RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { findScaleSet, type ScaleSetRef } from "../helpers/group";
import { describeCmd, kubectl, logsCmd } from "../helpers/kubectl";
import { collectSignals, pickEvidence } from "../helpers/signals";
import { earliest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const UNHEALTHY = /Pod \S+ is unhealthy with phase status Failed|failed to create (job|step) pod|pod failed to come online/i;

function runbook(ref: ScaleSetRef, runner: string | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [];
  if (runner) {
    steps.push(
      { action: "Describe the workflow pod", command: describeCmd(target, "pod", `${runner}-workflow`), tellsYou: "Container states and events (FailedMount, image errors, rejected fields) say why it failed." },
      { action: "Read the hook's error in the runner log", command: `${logsCmd(target, runner, { container: "runner" })} | grep -i -B2 -A5 'workflow'`, tellsYou: "The exact hook error and the pod spec it tried to create." },
    );
  }
  steps.push(
    {
      action: "Check the hook extension template the runner points at",
      command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o jsonpath='{.spec.template.spec.containers[?(@.name=="runner")].env[?(@.name=="ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE")].value}'`),
      tellsYou: "The template's fields are merged into the workflow pod; an invalid field, a missing volume or a wrong container name ($job) breaks every job.",
    },
    {
      action: "Check the shared work volume (kubernetes mode uses an ephemeral PVC `<runner>-work`)",
      command: runner ? kubectl(target, `get pvc ${runner}-work`) : kubectl(target, "get pvc"),
      tellsYou: "A PVC that cannot bind or attach on the workflow pod's node (ReadWriteOnce on another node) fails the pod.",
    },
  );
  return steps;
}

export const rule: CatalogRule = {
  id: "workflow-pod-failed",
  title: "Workflow (job container) pods fail",
  severity: "warning",
  rank: 40,
  requires: [],
  requiresAny: [["pods", "runnerLogs", "events"]],
  uses: ["scaleSets"],
  detects: "Kubernetes-mode workflow pods (`<runner>-workflow`) that fail, so the job container never runs and the job fails.",
  evidenceNeeded: "Pods with role workflow (label runner-pod) in phase Failed or with failed containers, Warning events on them, or the runner log \"Error: Pod … is unhealthy with phase status Failed: {}\".",
  runbookOutline: [
    "Describe the workflow pod.",
    "Read the hook's error in the runner log.",
    "Check the hook extension template (ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE).",
    "Check the runner's work PVC.",
  ],
  evaluate(snapshot, ctx) {
    const groups = collectSignals(snapshot, ctx.now, {
      pod: (p) => (p.role === "workflow" && p.phase === "Failed" ? `Workflow pod ${p.name} Failed${p.reason ? ` (${p.reason})` : ""}` : undefined),
      container: (st, p) => (p.role === "workflow" && st.state === "terminated" && (st.exitCode ?? 0) !== 0 ? `Container ${st.name} terminated: ${st.reason ?? "error"} (exit ${st.exitCode})` : undefined),
      log: (l) => ((l.origin === "runner" || l.origin === "unknown") && UNHEALTHY.test(l.raw) ? "The container hook reports the workflow pod failed" : undefined),
      event: (e) => (e.type === "Warning" && /-workflow$/.test(e.involvedName) ? `${e.reason} on the workflow pod` : undefined),
    });
    const hits: RuleHit[] = [];
    for (const g of groups) {
      // Events alone (e.g. one FailedMount retry) are not enough: require a failed pod or the hook error.
      if (!g.signals.some((s) => s.kind !== "event")) continue;
      const set = findScaleSet(snapshot, g.ref);
      const n = g.runners.size || 1;
      hits.push({
        subject: scaleSetSubject(g.ref),
        severity: n >= 3 ? "critical" : "warning",
        explanation:
          `The runner's container hook created a workflow pod for the job container and it failed, so ${n === 1 ? "the job" : `${n} jobs`} failed before any step ran. ` +
          (set?.hookTemplatePath
            ? `This scale set uses a hook extension template (${set.hookTemplatePath}); its fields are merged into every workflow pod, so check it first.`
            : "Typical causes: an invalid hook extension template (ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE), a work volume the pod cannot mount, or a policy rejecting the pod."),
        evidence: [{ observation: `${n} runner(s) had a failing workflow pod in the window`, source: `scale set ${g.ref.name}` }, ...pickEvidence(g.signals, 4)],
        runbook: runbook(g.ref, [...g.runners][0]),
        differential: "An OOMKilled job container is a memory limit (runner-oom-killed); a Pending workflow pod with FailedScheduling is capacity (pods-unschedulable).",
        confidence: g.signals.some((s) => s.kind === "pod" || s.kind === "log") ? "high" : "medium",
        since: earliest(g.signals.map((s) => s.at)),
      });
    }
    return hits;
  },
};
