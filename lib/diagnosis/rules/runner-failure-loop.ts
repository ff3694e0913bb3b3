/**
 * runner-failure-loop: EphemeralRunners keep failing and being retried: status.failures growing (≥3), the controller
 * backing off or re-creating after >5 failures, or (ARC ≤0.11) runners stuck Failed/TooManyPodFailures that still count
 * toward maxRunners. A symptom: the causing rule (OOM, entrypoint, image pull…) ranks above it.
 */
import type { EvidenceItem, RunbookStep, RunnerState } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { logEvidence, runnerEvidence, lifeEvidence } from "../helpers/evidence";
import { findScaleSet, forScaleSet, knownScaleSets, logsFor, scaleSetOf, type ScaleSetRef } from "../helpers/group";
import { controllerLogsCmd, controllerPodName, describeCmd, getRunnersCmd, kubectl, type KubeTarget, controllerTarget } from "../helpers/kubectl";
import { recentLives } from "../helpers/lives";
import { earliest, inWindow } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const MIN_FAILURES = 3;
const BACKOFF = "Backing off the next reconciliation due to failure";
const TOO_MANY = /^EphemeralRunner has failed more than 5 times/;

function runbook(ref: ScaleSetRef, runner: string | undefined, stuck: RunnerState[], ctl: KubeTarget, controllerPod: string | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [
    {
      action: "List the runners with phase, reason and failure count",
      command: getRunnersCmd(target, ref.name, "-o custom-columns=NAME:.metadata.name,PHASE:.status.phase,REASON:.status.reason,MESSAGE:.status.message,FAILURES:.status.failures"),
      tellsYou: "Which runners loop and the pod reason/message ARC copied from the failed pod.",
    },
  ];
  if (runner) steps.push({ action: "Describe one looping runner", command: describeCmd(target, "ephemeralrunner", runner), tellsYou: "The failures map (pod UID → time) shows how fast it fails." });
  steps.push({
    action: "Read the controller's reasons",
    command: controllerLogsCmd(ctl, runner ?? ref.name, controllerPod),
    tellsYou: '"Ephemeral runner container failed" (exitCode) or "Pod has a failed init container" tell which container breaks.',
  });
  if (stuck.length > 0) {
    steps.push({
      action: "After fixing the cause, delete the runners stuck in Failed so they stop holding slots (ARC ≤0.11 never retries them)",
      command: kubectl(target, `delete ephemeralrunner ${stuck.slice(0, 5).map((r) => r.name).join(" ")}`),
      tellsYou: "The EphemeralRunnerSet creates fresh runners in their place.",
    });
  }
  return steps;
}

export const rule: CatalogRule = {
  id: "runner-failure-loop",
  title: "Runners keep failing and being retried",
  severity: "warning",
  rank: 60,
  requires: ["runners"],
  uses: ["runnerHistory", "controllerLogs", "scaleSets", "clusterInfo"],
  detects:
    "EphemeralRunners whose pods fail repeatedly: status.failures growing, controller back-off and re-creation after more than 5 failures, or ARC ≤0.11 runners stuck in Failed/TooManyPodFailures that still count toward maxRunners.",
  evidenceNeeded:
    "Current runners with ≥3 recorded failures or phase Failed/TooManyPodFailures, runner lives with ≥3 failures, or the controller log lines \"Backing off the next reconciliation due to failure\" / \"EphemeralRunner has failed more than 5 times…\".",
  runbookOutline: [
    "List the runners with phase, reason, message and failures.",
    "Describe one looping runner.",
    "Read the controller's failure lines for it.",
    "After fixing the cause, delete runners stuck in Failed (ARC ≤0.11) to free their slots.",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    for (const ref of knownScaleSets(snapshot)) {
      const runners = forScaleSet(snapshot.runners, ref, scaleSetOf);
      const stuck = runners.filter((r) => r.phase === "Failed" && r.reason === "TooManyPodFailures");
      const looping = runners.filter((r) => r.failureCount >= MIN_FAILURES && !stuck.includes(r));
      const lives = forScaleSet(recentLives(snapshot, ctx.now), ref, scaleSetOf).filter((l) => l.failureCount >= MIN_FAILURES && !runners.some((r) => r.uid === l.uid));
      const logs = logsFor(snapshot, ref, "controller").filter((l) => (l.message.startsWith(BACKOFF) || TOO_MANY.test(l.message)) && inWindow(l.time, snapshot.windowStart, ctx.now));
      const recreated = logs.filter((l) => TOO_MANY.test(l.message));
      if (stuck.length === 0 && looping.length === 0 && lives.length === 0 && recreated.length < 2 && logs.length < 3) continue;

      const set = findScaleSet(snapshot, ref);
      const max = set?.maxRunners;
      const slotsEaten = stuck.length > 0 && ((max !== undefined && stuck.length >= max) || stuck.length === runners.length);
      const evidence: EvidenceItem[] = [];
      const affected = new Set([...stuck, ...looping].map((r) => r.name).concat(lives.map((l) => l.name)));
      evidence.push({
        observation: `${affected.size} runner(s) failing repeatedly${stuck.length ? `; ${stuck.length} stuck in Failed/TooManyPodFailures count toward maxRunners${max !== undefined ? ` (${max})` : ""}` : ""}`,
        source: `EphemeralRunners of ${ref.name}`,
      });
      for (const r of stuck.slice(0, 2)) evidence.push(runnerEvidence(r, `Failed/TooManyPodFailures after ${r.failureCount} pod failures; still holds a slot`, r.message));
      for (const r of looping.slice(0, 2)) evidence.push(runnerEvidence(r, `${r.failureCount} pod failures recorded${r.reason ? ` (last: ${r.reason})` : ""}`, r.message));
      for (const l of lives.slice(0, 1)) evidence.push(lifeEvidence(l, `${l.failureCount} pod failures before it ended (${l.outcome})`, l.message));
      if (logs[0]) evidence.push(logEvidence(recreated[0] ?? logs[0], recreated.length ? `Controller re-created runners after more than 5 failures (${recreated.length}×)` : `Controller is backing off failing runners (${logs.length} lines)`));

      hits.push({
        subject: scaleSetSubject(ref),
        severity: slotsEaten ? "critical" : "warning",
        title: slotsEaten ? "Failed runners hold every slot of the scale set" : undefined,
        explanation:
          "Runner pods of this scale set keep failing; ARC records each failure, backs off (0/5/10/20/40/80 s) and after more than 5 failures deletes and re-creates the runner" +
          (stuck.length ? " — or, on ARC ≤0.11, leaves it Failed/TooManyPodFailures where it still counts toward maxRunners, so fewer runners can start." : ".") +
          " The failure loop is a symptom: the runners' reason/message names the cause.",
        evidence: evidence.slice(0, 5),
        runbook: runbook(ref, (stuck[0] ?? looping[0])?.name ?? lives[0]?.name, stuck, controllerTarget(snapshot, ref.cluster), controllerPodName(snapshot, ref.cluster)),
        differential:
          "Look for a cause finding on the same scale set (dropped command, OOM, entrypoint, image pull, evictions): it explains the failures; without one, read the runner's status.message and the controller's \"Ephemeral runner container failed\" exit code.",
        confidence: stuck.length > 0 || looping.length > 0 ? "high" : "medium",
        since: earliest([...runners.flatMap((r) => r.failureTimes.slice(0, 1)), ...logs.map((l) => l.time)]),
      });
    }
    return hits;
  },
};
