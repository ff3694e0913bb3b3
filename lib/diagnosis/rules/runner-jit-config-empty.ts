/**
 * runner-jit-config-empty: runners start `run.sh` but have no usable JIT config, so the runner prints
 * "Not configured. Run config.(sh/cmd) to configure the runner." and exits 0 within seconds, without a job.
 * Needs the quick no-job exits on ≥3 lives (≥50% of the set's recent lives) plus a log that shows it; a dropped
 * command (runner-command-dropped) and a deleted registration (runner-registration-not-found) are excluded.
 */
import type { EvidenceItem, LogRecord, RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { lifeEvidence, logEvidence } from "../helpers/evidence";
import { findScaleSet, logRunner, logsFor, type ScaleSetRef } from "../helpers/group";
import { controllerLogsCmd, controllerPodName, getRunnersCmd, kubectl, type KubeTarget, controllerTarget } from "../helpers/kubectl";
import { isSignificant, lifeSeconds, quickExitGroups, runsRunSh } from "../helpers/lives";
import { earliest, formatDuration, secondsBetween } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const QUICK_EXIT_SECONDS = 5;
const NOT_CONFIGURED = /Not configured\. Run config\.\(sh\/cmd\) to configure the runner/;
const REGISTRATION_NOT_FOUND = /Registration .* was not found|VssOAuthTokenRequestException/;

/** Controller saw the secret created and the runner "finish successfully" a few seconds later: it never ran a job. */
function secretThenFinished(controllerLogs: LogRecord[], runner: string): LogRecord | undefined {
  const mine = controllerLogs.filter((l) => logRunner(l) === runner);
  const created = mine.find((l) => l.message.startsWith("Created ephemeral runner secret"));
  const finished = mine.find((l) => l.message.startsWith("Ephemeral runner has finished successfully") && (l.fields.exitCode === undefined || Number(l.fields.exitCode) === 0));
  if (!created || !finished) return undefined;
  const gap = secondsBetween(created.time, finished.time);
  return gap === undefined || (gap >= 0 && gap <= 30) ? finished : undefined;
}

function runbook(ref: ScaleSetRef, runner: string, ctl: KubeTarget, controllerPod: string | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  return [
    {
      action: "List the scale set's runners and their ages",
      command: getRunnersCmd(target, ref.name),
      tellsYou: "Runners only seconds old that keep being replaced confirm the loop.",
    },
    {
      action: "Check the JIT secret exists and its jitToken is not empty (describe shows key sizes, never values)",
      command: kubectl(target, `describe secret ${runner}`),
      tellsYou: "`jitToken: 0 bytes` or a missing secret means the runner had nothing to configure itself with.",
    },
    {
      action: "Check the runner container still receives ACTIONS_RUNNER_INPUT_JITCONFIG (env names only)",
      command: kubectl(target, `get pod ${runner} -o jsonpath='{.spec.containers[?(@.name=="runner")].env[*].name}'`),
      tellsYou: "If the variable is missing or overridden by the pod template's env, fix the Helm values so ARC's injected env survives.",
    },
    {
      action: "Read the controller's view of this runner",
      command: controllerLogsCmd(ctl, runner, controllerPod),
      tellsYou: '"Created ephemeral runner secret" followed seconds later by "Ephemeral runner has finished successfully" means the runner exited without configuring.',
    },
  ];
}

export const rule: CatalogRule = {
  id: "runner-jit-config-empty",
  title: "Runners start without a JIT config and exit at once",
  severity: "critical",
  rank: 12,
  requires: ["runnerHistory"],
  uses: ["runnerLogs", "controllerLogs", "scaleSets"],
  detects:
    "Runners that run /home/runner/run.sh but find no JIT configuration, print \"Not configured\" and exit 0 within a few seconds without taking a job.",
  evidenceNeeded:
    "Runner lives exiting 0 in under ~5 s without a job (≥3 and ≥50% of recent lives), command run.sh, and the runner log \"Not configured. Run config.(sh/cmd) to configure the runner.\" or the controller's \"Created ephemeral runner secret\" → \"Ephemeral runner has finished successfully\" within seconds.",
  runbookOutline: [
    "List the scale set's runners and their ages.",
    "Describe the runner's JIT secret (key sizes only) to see whether jitToken is empty.",
    "List the runner container's env names to check ACTIONS_RUNNER_INPUT_JITCONFIG is injected.",
    "Read the controller log lines for the runner.",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    for (const { ref, ended, quick } of quickExitGroups(snapshot, ctx.now, QUICK_EXIT_SECONDS)) {
      const set = findScaleSet(snapshot, ref);
      // Only lives whose command is known to be run.sh, or unknown while the template has it.
      const candidates = quick.filter((l) => (l.image !== undefined ? runsRunSh(l.command) : !set?.runnerContainer || runsRunSh(set.runnerContainer.command, set.runnerContainer.args)));
      if (!isSignificant(candidates.length, ended.length)) continue;

      const runnerLogs = logsFor(snapshot, ref, "runner");
      if (runnerLogs.some((l) => REGISTRATION_NOT_FOUND.test(l.message))) continue;
      const names = new Set(candidates.map((l) => l.name));
      const notConfigured = runnerLogs.filter((l) => NOT_CONFIGURED.test(l.message) && names.has(logRunner(l) ?? ""));
      const controllerLogs = logsFor(snapshot, ref, "controller");
      const finishedFast = candidates.map((l) => secretThenFinished(controllerLogs, l.name)).filter((l): l is LogRecord => !!l);
      const silentRunners = snapshot.slices.runnerLogs.available ? candidates.filter((l) => !runnerLogs.some((r) => logRunner(r) === l.name)) : [];
      if (notConfigured.length === 0 && finishedFast.length === 0) continue;

      const first = candidates[0]!;
      const evidence: EvidenceItem[] = [
        { observation: `${candidates.length} of ${ended.length} runner lives in the window exited 0 without a job in under ${QUICK_EXIT_SECONDS} s`, source: `runner history of ${ref.name}` },
      ];
      if (notConfigured[0]) evidence.push(logEvidence(notConfigured[0], "The runner says it has no configuration"));
      if (finishedFast[0]) evidence.push(logEvidence(finishedFast[0], "The controller created the JIT secret and saw the runner finish seconds later"));
      if (silentRunners.length > 0) evidence.push({ observation: `${silentRunners.length} of these runners left no runner log at all`, source: "runner logs" });
      for (const l of candidates.slice(0, 5 - evidence.length)) {
        const s = lifeSeconds(l);
        evidence.push(lifeEvidence(l, `Ran ${JSON.stringify(l.command ?? set?.runnerContainer?.command ?? [])} and exited 0 after ${s === undefined ? "?" : formatDuration(s)} without a job`));
      }

      hits.push({
        subject: scaleSetSubject(ref),
        explanation:
          "Runner pods start /home/runner/run.sh, but the runner finds no JIT configuration (the ACTIONS_RUNNER_INPUT_JITCONFIG value is empty or missing), so it prints \"Not configured\" and exits 0. " +
          "ARC treats each exit as finished and creates another runner, so queued jobs never get one.",
        evidence: evidence.slice(0, 5),
        runbook: runbook(ref, first.name, controllerTarget(snapshot, ref.cluster), controllerPodName(snapshot, ref.cluster)),
        differential:
          "If the runner container command is not /home/runner/run.sh the cause is a dropped command (runner-command-dropped); " +
          "\"Registration … was not found\" instead of \"Not configured\" means GitHub deleted the registration (runner-registration-not-found).",
        confidence: notConfigured.length > 0 ? "high" : "medium",
        since: earliest(candidates.map((l) => l.createdAt)),
      });
    }
    return hits;
  },
};
