/**
 * runner-oom-killed: a runner's container (runner, dind, or the workflow pod's job container) was killed for
 * exceeding its memory limit: terminated reason OOMKilled (exit 137), or a life with outcome oom-killed. The job it
 * ran fails. Names the memory limit from the container spec. A bare exit 137 without OOMKilled is a SIGKILL of
 * another origin and is not counted. Warning; critical at ≥3 runners in the window.
 */
import type { PodState, RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { findScaleSet, type ScaleSetRef } from "../helpers/group";
import { describeCmd, kubectl } from "../helpers/kubectl";
import { collectSignals, pickEvidence } from "../helpers/signals";
import { earliest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

function limitOf(pod: PodState, container: string): string | undefined {
  return [...pod.containers, ...pod.initContainers].find((c) => c.name === container)?.resources?.limits?.memory;
}

function runbook(ref: ScaleSetRef, runner: string | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [];
  if (runner) steps.push({ action: "Confirm the OOM kill and which container", command: describeCmd(target, "pod", runner), tellsYou: "Last State: Terminated, Reason: OOMKilled, Exit Code: 137 on the named container." });
  steps.push(
    {
      action: "Read the memory requests/limits in the runner template",
      command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o jsonpath='{range .spec.template.spec.containers[*]}{.name}{"\\t"}{.resources}{"\\n"}{end}'`),
      tellsYou: "The limit the job outgrew; raise it (and the request) for the container that was killed, or split the job.",
    },
    { action: "Check node memory pressure at the time", command: kubectl(target, "top nodes", { clusterScoped: true }), tellsYou: "Nodes near 100% can OOM-kill even below the limit when requests are too low." },
  );
  return steps;
}

export const rule: CatalogRule = {
  id: "runner-oom-killed",
  title: "Runner containers killed for exceeding memory",
  severity: "warning",
  rank: 35,
  requires: [],
  requiresAny: [["runnerHistory", "runners", "pods"]],
  uses: ["scaleSets"],
  detects: "Runner, dind or workflow-job containers terminated with OOMKilled (exit 137): the job ran out of memory and failed.",
  evidenceNeeded: "Container terminated/last-terminated reason OOMKilled on runner or workflow pods, or runner lives with outcome oom-killed / reason OOMKilled.",
  runbookOutline: ["Describe the pod to confirm OOMKilled and the container.", "Read the template's memory requests/limits and raise them for that container.", "Check node memory pressure."],
  evaluate(snapshot, ctx) {
    const limits: string[] = [];
    const groups = collectSignals(snapshot, ctx.now, {
      life: (l) => (l.outcome === "oom-killed" || l.reason === "OOMKilled" ? `OOM-killed${l.job?.displayName ? ` while running job "${l.job.displayName}"` : ""} (exit ${l.exitCode ?? 137})` : undefined),
      container: (st, pod) => {
        if (pod.role !== "runner" && pod.role !== "workflow") return undefined;
        const oom = (st.state === "terminated" && st.reason === "OOMKilled") || st.lastTerminated?.reason === "OOMKilled";
        if (!oom) return undefined;
        const limit = limitOf(pod, st.name);
        if (limit) limits.push(`${st.name}=${limit}`);
        return `Container ${st.name} OOMKilled (exit 137)${limit ? `, memory limit ${limit}` : ", no memory limit set"}`;
      },
    });
    const hits: RuleHit[] = [];
    for (const g of groups) {
      const set = findScaleSet(snapshot, g.ref);
      const templateLimit = set?.runnerContainer?.resources?.limits?.memory;
      const limit = limits[0] ?? (templateLimit ? `runner=${templateLimit}` : undefined);
      const n = g.runners.size || g.signals.length;
      hits.push({
        subject: scaleSetSubject(g.ref),
        severity: n >= 3 ? "critical" : "warning",
        title: limit ? `Runner containers OOM-killed (memory limit ${limit.split("=")[1]})` : undefined,
        explanation:
          `${n} runner(s) had a container killed by the kernel for exceeding its memory limit${limit ? ` (${limit})` : ""}; the jobs they ran fail with "The runner has received a shutdown signal" or lose communication. ` +
          "Raise the memory limit for the container that was killed, or reduce the job's memory use.",
        evidence: [{ observation: `${n} runner(s) OOM-killed in the window`, source: `scale set ${g.ref.name}` }, ...pickEvidence(g.signals, 4)],
        runbook: runbook(g.ref, [...g.runners][0]),
        differential: "Exit 137 without reason OOMKilled is a SIGKILL from elsewhere (eviction, node shutdown, preemption): see runner-evicted and runner-lost-communication.",
        confidence: "high",
        since: earliest(g.signals.map((s) => s.at)),
      });
    }
    return hits;
  },
};
