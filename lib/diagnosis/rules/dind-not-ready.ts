/**
 * dind-not-ready: in dind mode the runner waits for the `dind` sidecar's Docker daemon (RUNNER_WAIT_FOR_DOCKER_IN_SECONDS,
 * 120 s); when dind never becomes ready (not privileged, storage driver/iptables errors, crash) docker steps fail.
 * Signals: dind container not ready >60 s after start, dind terminated with an error, startup-probe Unhealthy events,
 * runner log "Waiting for docker to be ready" / "Cannot connect to the Docker daemon". Needs ≥2 runners (or half).
 */
import type { RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { type ScaleSetRef } from "../helpers/group";
import { describeCmd, kubectl, logsCmd } from "../helpers/kubectl";
import { collectSignals, pickEvidence } from "../helpers/signals";
import { ageSeconds, earliest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const NOT_READY_GRACE_SECONDS = 60;
const RUNNER_WAIT = /Waiting for docker to be ready|Cannot connect to the Docker daemon|docker (daemon )?(is )?not ready/i;

/** Why dind failed, from its container message/log, when recognisable. */
function dindCause(text: string): string | undefined {
  if (/privileged|operation not permitted|permission denied/i.test(text)) return "dind needs a privileged container (blocked by pod security or securityContext)";
  if (/iptables/i.test(text)) return "dind cannot set up iptables on this node";
  if (/overlay|storage-driver|graphdriver/i.test(text)) return "dind's storage driver cannot start (overlayfs on the node/volume)";
  if (/no space left/i.test(text)) return "the node's disk is full";
  return undefined;
}

function runbook(ref: ScaleSetRef, runner: string | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [];
  if (runner) {
    steps.push(
      { action: "Read the dind container's log", command: logsCmd(target, runner, { container: "dind", tail: 50 }), tellsYou: "Daemon start errors: privileged, iptables, storage driver, disk full." },
      { action: "Describe the runner pod", command: describeCmd(target, "pod", runner), tellsYou: "dind readiness, startup-probe failures (`docker info`) and restarts." },
    );
  }
  steps.push({
    action: "Check the namespace's Pod Security enforcement",
    command: kubectl(target, `get namespace ${ref.namespace ?? "<namespace>"} --show-labels`, { clusterScoped: true }),
    tellsYou: "dind requires privileged: `pod-security.kubernetes.io/enforce=baseline|restricted` blocks it.",
  });
  return steps;
}

export const rule: CatalogRule = {
  id: "dind-not-ready",
  title: "Docker-in-Docker sidecar does not become ready",
  severity: "warning",
  rank: 38,
  requires: [],
  requiresAny: [["runners", "pods", "events", "runnerLogs"]],
  detects: "dind-mode runners whose docker daemon (dind sidecar) never becomes ready, so docker steps fail or the runner gives up waiting.",
  evidenceNeeded:
    "dind container not ready >60 s after start or terminated with an error, startup-probe Unhealthy events on it, or the runner log \"Waiting for docker to be ready\" / \"Cannot connect to the Docker daemon\", on ≥2 runners (or half the recent ones).",
  runbookOutline: ["Read the dind container's log.", "Describe the runner pod for probe failures and restarts.", "Check Pod Security enforcement on the namespace (dind needs privileged)."],
  evaluate(snapshot, ctx) {
    const groups = collectSignals(snapshot, ctx.now, {
      container: (st, p) => {
        if (p.role !== "runner" || st.name !== "dind") return undefined;
        if (st.state === "terminated" && (st.exitCode ?? 0) !== 0) return `dind container terminated: ${st.reason ?? "Error"} (exit ${st.exitCode})`;
        if (st.state === "waiting" && st.reason === "CrashLoopBackOff") return `dind container in CrashLoopBackOff (${st.restartCount} restarts)`;
        const age = ageSeconds(st.startedAt ?? p.startedAt, ctx.now);
        if (!st.ready && p.phase === "Running" && age !== undefined && age > NOT_READY_GRACE_SECONDS) return `dind not ready ${Math.round(age)} s after start`;
        return undefined;
      },
      event: (e) => (e.reason === "Unhealthy" && /dind|docker/i.test(e.message) && /Startup probe failed|Readiness probe failed/.test(e.message) ? "dind startup probe failing" : undefined),
      log: (l) => ((l.origin === "runner" || l.origin === "unknown") && RUNNER_WAIT.test(l.raw) ? "The runner is waiting for docker" : undefined),
    });
    const totalRunners = snapshot.runners.length;
    const hits: RuleHit[] = [];
    for (const g of groups) {
      const n = g.runners.size;
      if (n < 2 && !(n === 1 && totalRunners <= 2)) continue;
      const cause = g.signals.map((s) => dindCause(s.evidence.excerpt ?? "")).find(Boolean);
      hits.push({
        subject: scaleSetSubject(g.ref),
        severity: n >= 3 ? "critical" : "warning",
        title: cause ? `Docker-in-Docker not ready: ${cause}` : undefined,
        explanation:
          `${n} dind-mode runner(s) have a Docker daemon that does not come up; the runner waits up to RUNNER_WAIT_FOR_DOCKER_IN_SECONDS (120 s) and docker steps then fail with "Cannot connect to the Docker daemon".` +
          (cause ? ` The dind output suggests: ${cause}.` : ""),
        evidence: [{ observation: `${n} runner(s) with a dind daemon that is not ready`, source: `scale set ${g.ref.name}` }, ...pickEvidence(g.signals, 4)],
        runbook: runbook(g.ref, [...g.runners][0]),
        differential: "If the dind image cannot be pulled the problem is image-pull-failure; a dind killed with OOMKilled is runner-oom-killed.",
        confidence: g.signals.some((s) => s.kind === "container" || s.kind === "event") ? "high" : "medium",
        since: earliest(g.signals.map((s) => s.at)),
      });
    }
    return hits;
  },
};
