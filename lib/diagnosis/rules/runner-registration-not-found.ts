/**
 * runner-registration-not-found: the runner reaches GitHub but its registration is unknown there
 * ("Registration … was not found", VssOAuthTokenRequestException), so it cannot open a session and exits.
 * Often a consequence of a dropped container command (seed 002) — that rule ranks higher. A single line on one
 * runner among healthy ones is suppressed (GitHub-side blips happen).
 */
import type { RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { findScaleSet, type ScaleSetRef } from "../helpers/group";
import { kubectl, logsCmd } from "../helpers/kubectl";
import { hasJob, recentLives } from "../helpers/lives";
import { collectSignals, pickEvidence } from "../helpers/signals";
import { earliest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";
import { ownerOf } from "@/lib/model";

const NOT_FOUND = /Registration \S+ was not found|VssOAuthTokenRequestException/;

function runbook(ref: ScaleSetRef, runner: string | undefined, org: string | undefined): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [
    {
      action: "Check the runner container command first (seed 002: a dropped command produces this error)",
      command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o jsonpath='{.spec.template.spec.containers[?(@.name=="runner")].command}'`),
      tellsYou: 'Anything but ["/home/runner/run.sh"] is the real cause; fix the command before anything else.',
    },
  ];
  if (runner) steps.push({ action: "Read the failing runner's log", command: logsCmd(target, runner, { container: "runner" }), tellsYou: "The full exception and which Actions service URL the runner talked to." });
  steps.push({
    action: "Read the scale set id ARC registered with GitHub",
    command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o jsonpath='{.metadata.annotations.runner-scale-set-id}'`),
    tellsYou: "If the scale set was deleted on GitHub (or re-created elsewhere) the id is stale; reinstalling the scale set registers a new one.",
  });
  if (org) {
    steps.push({
      action: "Check whether GitHub lists runners of this scale set",
      command: `gh api orgs/${org}/actions/runners --paginate --jq '.runners[] | select(.name | startswith("${ref.name}-")) | [.name, .status] | @tsv'`,
      tellsYou: "No runners listed while pods exist means the registrations are gone on GitHub's side.",
    });
  }
  steps.push({ action: "Check node clocks are in sync (the OAuth token exchange is time-sensitive)", tellsYou: "A skewed node clock also makes the token request fail." });
  return steps;
}

export const rule: CatalogRule = {
  id: "runner-registration-not-found",
  title: "GitHub does not know the runners' registration",
  severity: "critical",
  rank: 30,
  requires: ["runnerLogs"],
  uses: ["runnerHistory", "scaleSets"],
  detects: "Runners that fail to create a session because GitHub no longer has their registration (VssOAuthTokenRequestException: Registration … was not found).",
  evidenceNeeded: "The runner log line \"Registration <id> was not found\" / VssOAuthTokenRequestException on ≥2 runners, or on the only runners of the set (no job ran in the window).",
  runbookOutline: [
    "Check the runner container command (a dropped command causes this error).",
    "Read the failing runner's log.",
    "Read the runner-scale-set-id annotation; reinstall the scale set if GitHub deleted it.",
    "Check whether GitHub lists the scale set's runners.",
    "Check node clock sync.",
  ],
  evaluate(snapshot, ctx) {
    const groups = collectSignals(snapshot, ctx.now, {
      log: (l) => ((l.origin === "runner" || l.origin === "unknown") && NOT_FOUND.test(l.raw) ? "The runner's registration was not found on GitHub" : undefined),
    });
    const hits: RuleHit[] = [];
    for (const g of groups) {
      const worked = recentLives(snapshot, ctx.now).some((l) => l.scaleSet === g.ref.name && hasJob(l.job));
      if (g.runners.size < 2 && worked) continue;
      const set = findScaleSet(snapshot, g.ref);
      hits.push({
        subject: scaleSetSubject(g.ref),
        explanation:
          "The runners reach GitHub but the registration in their JIT config is unknown there, so they cannot create a session and exit; queued jobs are never picked up. " +
          "GitHub removed the registration (scale set deleted or re-created, runner removed), or the runner binary never started properly.",
        evidence: [{ observation: `${g.runners.size || g.signals.length} runner(s) logged "Registration … was not found"`, source: `runner logs of ${g.ref.name}` }, ...pickEvidence(g.signals, 4)],
        runbook: runbook(g.ref, [...g.runners][0], set ? ownerOf(set.githubConfigUrl) : undefined),
        differential:
          "If runner pods also exit 0 within ~2 s and the runner container command is not /home/runner/run.sh, the dropped command is the root cause (runner-command-dropped); fix that first.",
        confidence: "high",
        since: earliest(g.signals.map((s) => s.at)),
      });
    }
    return hits;
  },
};
