/**
 * runner-slow-startup: runners take long to become ready after ARC creates them (median created→ready > 120 s over
 * ≥3 recent lives), so every job waits that long. Broken down into scheduling (created→scheduled, often node
 * provisioning), image pull/init (scheduled→started) and runner start (started→ready). Info/warning only.
 */
import type { RunbookStep, RunnerLife } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { lifeEvidence } from "../helpers/evidence";
import { groupLives, type ScaleSetRef } from "../helpers/group";
import { kubectl } from "../helpers/kubectl";
import { recentLives } from "../helpers/lives";
import { formatDuration, median, secondsBetween } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const SLOW_SECONDS = 120;
const VERY_SLOW_SECONDS = 300;
const MIN_LIVES = 3;

function startup(l: RunnerLife): number | undefined {
  return secondsBetween(l.createdAt, l.readyAt ?? l.startedAt);
}

type Phase = "scheduling" | "image pull / init" | "runner start";

function breakdown(lives: RunnerLife[]): Record<Phase, number | undefined> {
  const m = (f: (l: RunnerLife) => number | undefined) => median(lives.map(f).filter((x): x is number => x !== undefined && x >= 0));
  return {
    scheduling: m((l) => secondsBetween(l.createdAt, l.scheduledAt)),
    "image pull / init": m((l) => secondsBetween(l.scheduledAt, l.startedAt)),
    "runner start": m((l) => secondsBetween(l.startedAt, l.readyAt)),
  };
}

function runbook(ref: ScaleSetRef, slowest: string | undefined, dominant: Phase | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [];
  if (slowest) steps.push({ action: "Read the timeline of the slowest runner", command: kubectl(target, `get events --field-selector involvedObject.name=${slowest} --sort-by=.lastTimestamp`), tellsYou: "Scheduled → Pulling → Pulled (\"in 1m32s\") → Started shows where the time goes." });
  if (dominant === "scheduling") steps.push({ action: "Keep warm capacity", tellsYou: "Scheduling waits for new nodes: set minRunners for a warm pool, or add cluster-autoscaler overprovisioning." });
  if (dominant === "image pull / init") steps.push({ action: "Shorten image pulls", tellsYou: "Use a smaller runner image, pin a tag with IfNotPresent, or pre-pull it on nodes (DaemonSet / node image)." });
  if (dominant === "runner start") steps.push({ action: "Check init and dind start time", tellsYou: "Slow init containers or a slow dind daemon delay readiness; check their logs." });
  steps.push({ action: "Compare with job wait time on GitHub", command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o jsonpath='{.spec.minRunners}'`), tellsYou: "With minRunners 0 every job pays the full start-up time." });
  return steps;
}

export const rule: CatalogRule = {
  id: "runner-slow-startup",
  title: "Runners are slow to start",
  severity: "info",
  rank: 70,
  requires: ["runnerHistory"],
  detects: "Runners that take minutes from creation to ready, split into scheduling, image pull/init and runner start, so every job waits that long.",
  evidenceNeeded: "Runner lives in the window with creation, scheduled, started and ready times; median created→ready over ≥3 lives above 120 s.",
  runbookOutline: ["Read the event timeline of the slowest runner.", "Scheduling: keep warm capacity (minRunners, overprovisioning).", "Image pull: smaller/pre-pulled image.", "Compare with minRunners and job wait time."],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    for (const { ref, items } of groupLives(recentLives(snapshot, ctx.now)).values()) {
      const timed = items.filter((l) => startup(l) !== undefined);
      if (timed.length < MIN_LIVES) continue;
      const med = median(timed.map((l) => startup(l) ?? 0)) ?? 0;
      if (med <= SLOW_SECONDS) continue;
      const parts = breakdown(timed);
      const dominant = (Object.entries(parts) as [Phase, number | undefined][]).filter(([, v]) => v !== undefined).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0];
      const slowest = [...timed].sort((a, b) => (startup(b) ?? 0) - (startup(a) ?? 0)).slice(0, 3);
      const partsText = (Object.entries(parts) as [Phase, number | undefined][]).map(([k, v]) => `${k} ${v === undefined ? "?" : formatDuration(v)}`).join(", ");
      hits.push({
        subject: scaleSetSubject(ref),
        severity: med > VERY_SLOW_SECONDS ? "warning" : "info",
        title: dominant ? `Runners take ${formatDuration(med)} to start (mostly ${dominant[0]})` : undefined,
        explanation:
          `The median runner of this scale set needs ${formatDuration(med)} from creation to ready (${timed.length} runners in the window), so each job waits at least that long before it starts. ` +
          `Median split: ${partsText}.`,
        evidence: [
          { observation: `Median created→ready ${formatDuration(med)} over ${timed.length} runner lives; ${partsText}`, source: `runner history of ${ref.name}` },
          ...slowest.map((l) => lifeEvidence(l, `Ready after ${formatDuration(startup(l) ?? 0)} (scheduled after ${formatDuration(secondsBetween(l.createdAt, l.scheduledAt) ?? 0)}, started after ${formatDuration(secondsBetween(l.createdAt, l.startedAt) ?? 0)})`)),
        ],
        runbook: runbook(ref, slowest[0]?.name, dominant?.[0]),
        differential: "Pods that never schedule are pods-unschedulable; pulls that fail (not just slow) are image-pull-failure.",
        confidence: timed.length >= 5 ? "high" : "medium",
      });
    }
    return hits;
  },
};
