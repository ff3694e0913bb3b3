/**
 * runner-entrypoint-missing: the runner container cannot start because its command does not exist in the image
 * (exit 127, or StartError/ContainerCannotRun "no such file or directory"), typically a custom image without
 * /home/runner/run.sh or a wrong command path. Fires on ≥2 runners, or on 1 when it is half of recent lives.
 */
import type { ContainerStatusSummary, RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { findScaleSet, type ScaleSetRef } from "../helpers/group";
import { eventsForCmd, kubectl } from "../helpers/kubectl";
import { endedLives, isSignificant, recentLives } from "../helpers/lives";
import { collectSignals, pickEvidence } from "../helpers/signals";
import { earliest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const NOT_FOUND = /no such file or directory|not found in \$PATH|executable file not found/i;
const START_REASONS = new Set(["StartError", "ContainerCannotRun", "RunContainerError", "CreateContainerError"]);

function statusMatch(st: Pick<ContainerStatusSummary, "reason" | "message" | "exitCode">): boolean {
  if (st.exitCode === 127) return true;
  return START_REASONS.has(st.reason ?? "") && NOT_FOUND.test(st.message ?? "");
}

function runbook(ref: ScaleSetRef, runner: string | undefined, image: string | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [
    {
      action: "Read the runner container command and image in the scale set template",
      command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o jsonpath='{.spec.template.spec.containers[?(@.name=="runner")]}'`),
      tellsYou: "The command must exist in the image; the actions-runner image ships /home/runner/run.sh.",
    },
  ];
  if (runner) steps.push({ action: "Read the start error on a failing runner", command: eventsForCmd(target, runner), tellsYou: "The kubelet message names the missing path." });
  if (image) {
    steps.push({
      action: "Check the path exists in the image",
      command: `docker run --rm --entrypoint ls ${image} -l /home/runner/run.sh`,
      tellsYou: "If the file is missing, build the custom image FROM ghcr.io/actions/actions-runner or fix the command path.",
    });
  }
  return steps;
}

export const rule: CatalogRule = {
  id: "runner-entrypoint-missing",
  title: "Runner entrypoint not found in the image",
  severity: "critical",
  rank: 14,
  requires: ["runnerHistory"],
  uses: ["runners", "pods", "events", "runnerLogs", "scaleSets"],
  detects: "Runner containers that cannot start because their command (usually /home/runner/run.sh) does not exist in the image.",
  evidenceNeeded:
    "Exit code 127, or a StartError/ContainerCannotRun/RunContainerError with \"no such file or directory\" on runner lives, pods or events, on ≥2 runners (or half the recent lives).",
  runbookOutline: [
    "Read the runner container command and image from the scale set template.",
    "Read the start error in the runner pod's events.",
    "Check the path exists in the image; rebuild FROM actions-runner or fix the command.",
  ],
  evaluate(snapshot, ctx) {
    const groups = collectSignals(snapshot, ctx.now, {
      life: (l) => (statusMatch(l) ? `Runner container failed to start (${l.exitCode === 127 ? "exit 127" : l.reason})` : undefined),
      container: (st, pod) => (pod.role === "runner" && st.name === "runner" && (statusMatch(st) || (st.lastTerminated && statusMatch(st.lastTerminated))) ? `Runner container could not start: ${st.reason ?? `exit ${st.exitCode}`}` : undefined),
      event: (e) => (e.reason === "Failed" && NOT_FOUND.test(e.message) && /exec|start container|runc/i.test(e.message) ? "Kubelet could not start the container" : undefined),
      log: (l) => (l.origin === "runner" && /exec .*run\.sh.*no such file or directory/i.test(l.raw) ? "The runner entrypoint is missing" : undefined),
    });
    const hits: RuleHit[] = [];
    for (const g of groups) {
      const total = endedLives(recentLives(snapshot, ctx.now)).filter((l) => l.scaleSet === g.ref.name).length;
      if (!(g.runners.size >= 2 || isSignificant(g.runners.size, Math.max(total, g.runners.size), 1))) continue;
      const set = findScaleSet(snapshot, g.ref);
      const image = set?.runnerContainer?.image ?? snapshot.runnerHistory.find((l) => l.scaleSet === g.ref.name && l.image)?.image;
      hits.push({
        subject: scaleSetSubject(g.ref),
        explanation:
          `The runner container's command does not exist in the image${image ? ` ${image}` : ""}, so the container fails before the runner starts. ` +
          "Every runner of the scale set fails the same way and ARC keeps re-creating them; queued jobs wait.",
        evidence: [{ observation: `${g.runners.size} runner(s) could not start their entrypoint`, source: `scale set ${g.ref.name}` }, ...pickEvidence(g.signals, 4)],
        runbook: runbook(g.ref, [...g.runners][0], image),
        differential: "\"exec format error\" instead of \"no such file or directory\" means the image is for another CPU architecture (runner-image-wrong-arch).",
        confidence: "high",
        since: earliest(g.signals.map((s) => s.at)),
      });
    }
    return hits;
  },
};
