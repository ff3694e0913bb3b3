/**
 * listener-rollover-deadlock: after a spec change with the `eventual` update strategy the controller deletes
 * the listener and waits for the old EphemeralRunnerSet to drain ("Latest runner set spec hash does not match the
 * current autoscaling runner set. Waiting for the running and pending runners to finish:"). Idle warm runners of
 * the old generation never finish, so the listener is never recreated and jobs stay queued (ARC #4432, TIN-2055).
 * Signature: ARS phase Pending or the waiting log, no listener pod, ≥2 EphemeralRunnerSets, old one with runners.
 * Outranks listener-missing for the same scale set.
 */
import type { EvidenceItem, FleetSnapshot, LogRecord, RunbookStep, ScaleSetState } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { logEvidence, runnerEvidence, scaleSetEvidence } from "../helpers/evidence";
import { logsFor } from "../helpers/group";
import { kubectl, controllerLogsCmd, controllerTarget } from "../helpers/kubectl";
import { earliest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";
import { listenerPodsFor } from "../helpers/listener";
import { ersEvidence, generationSteps, generationsOf } from "../helpers/generations";

const WAITING_MESSAGE = "Latest runner set spec hash does not match the current autoscaling runner set. Waiting for the running and pending runners to finish";

function waitingLogs(snapshot: FleetSnapshot, set: ScaleSetState): LogRecord[] {
  if (!snapshot.slices.controllerLogs?.available) return [];
  return logsFor(snapshot, set, "controller").filter((l) => l.message.startsWith(WAITING_MESSAGE));
}

function runbook(snapshot: FleetSnapshot, set: ScaleSetState, idle: string[], oldSets: string[]): RunbookStep[] {
  const ctl = controllerTarget(snapshot, set.cluster);
  const steps: RunbookStep[] = [
    {
      action: "Confirm the controller is waiting for the old generation",
      command: controllerLogsCmd(ctl, "Waiting for the running and pending runners to finish"),
      tellsYou: "The running/pending counts it waits for; if they never reach 0 the rollover is stuck.",
    },
    ...generationSteps(set),
  ];
  steps.push({
    action:
      idle.length > 0
        ? "Unblock: delete the idle old-generation runners (no job) so the old set drains"
        : "Unblock: once no old runner holds a job, delete the old EphemeralRunnerSet",
    command: idle.length > 0 ? kubectl(set, `delete ephemeralrunner ${idle.slice(0, 5).join(" ")}`) : kubectl(set, `delete ephemeralrunnerset ${oldSets.join(" ")}`),
    tellsYou: "The controller then creates the new listener; the scale set's phase turns Running and queued jobs are picked up.",
  });
  steps.push({
    action: "Prevent it: run the controller with the immediate update strategy (chart flags.updateStrategy: immediate, the default)",
    command: kubectl(ctl, "get deploy -o jsonpath='{.items[*].spec.template.spec.containers[*].args}'"),
    tellsYou: "--update-strategy=eventual is what makes the controller wait for the old runners before recreating the listener.",
  });
  return steps;
}

export const rule: CatalogRule = {
  id: "listener-rollover-deadlock",
  title: "Listener rollover deadlock: old runners block the new listener",
  severity: "critical",
  rank: 20,
  requires: ["scaleSets", "runnerSets", "pods"],
  uses: ["controllerLogs", "runners", "clusterInfo"],
  detects:
    "A scale set stuck mid-rollover: phase Pending (or the controller waiting for running/pending runners), no listener pod, and an older EphemeralRunnerSet that still has (idle) runners, so the listener is never recreated.",
  evidenceNeeded:
    "AutoscalingRunnerSet phase, listener pods, EphemeralRunnerSets of the scale set with their runners, the controller log \"Latest runner set spec hash does not match … Waiting for the running and pending runners to finish:\".",
  runbookOutline: [
    "Grep the controller log for the waiting message.",
    "List EphemeralRunnerSets oldest first and the old runners' jobs.",
    "Delete idle old-generation runners (or the drained old set).",
    "Use the immediate update strategy.",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    for (const set of snapshot.scaleSets) {
      if (set.deletedAt) continue;
      if (listenerPodsFor(snapshot, set).length > 0) continue;
      const gens = generationsOf(snapshot, set);
      if (!gens) continue;
      const blocking = gens.old.filter((g) => g.count > 0);
      if (blocking.length === 0) continue;
      const logs = waitingLogs(snapshot, set);
      if (set.phase !== "Pending" && logs.length === 0) continue;

      const idle = blocking.flatMap((g) => g.idle);
      const lastLog = logs[logs.length - 1];
      const evidence: EvidenceItem[] = [];
      if (lastLog) {
        const running = lastLog.fields.running;
        const pending = lastLog.fields.pending;
        evidence.push(logEvidence(lastLog, `Controller waits for the old runners to finish (running ${String(running ?? "?")}, pending ${String(pending ?? "?")})`));
      }
      if (set.phase === "Pending") evidence.push(scaleSetEvidence(set, "Scale set phase is Pending and it has no listener pod", "status.phase: Pending"));
      else evidence.push(scaleSetEvidence(set, "Scale set has no listener pod"));
      evidence.push(ersEvidence(gens.newest, ctx.now, "Newest", gens.newest.status.currentReplicas ?? gens.newest.replicas));
      for (const g of blocking.slice(0, 1)) evidence.push(ersEvidence(g.ers, ctx.now, "Older", g.count));
      for (const r of idle.slice(0, 2)) evidence.push(runnerEvidence(r, `Idle warm runner of the old generation (no job) — never finishes on its own`));

      hits.push({
        subject: scaleSetSubject(set),
        title: `${set.name} is stuck mid-rollover: ${idle.length || blocking.reduce((n, g) => n + g.count, 0)} old runner(s) block the new listener`,
        explanation:
          `${set.name}'s spec changed and the controller deleted the listener, then waits for the previous EphemeralRunnerSet (${blocking.map((g) => g.ers.name).join(", ")}) to drain before it recreates it. ` +
          "Idle warm runners (minRunners) of the old generation never take a job and never finish, so the wait never ends: no listener, no scaling, and every new job stays queued.",
        evidence: evidence.slice(0, 5),
        runbook: runbook(
          snapshot,
          set,
          idle.map((r) => r.name),
          blocking.map((g) => g.ers.name),
        ),
        differential:
          "A missing listener with a single EphemeralRunnerSet is a controller or listener-creation failure (listener-missing); two generations with a running listener is a normal or slow drain (runner-set-stale-generation).",
        confidence: logs.length > 0 ? "high" : "medium",
        since: earliest([logs[0]?.time, gens.newest.createdAt]),
      });
    }
    return hits;
  },
};
