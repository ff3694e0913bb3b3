/**
 * github-runner-orphaned: GitHub lists runners `offline` named like an ARC runner of a known scale set
 * (`<scale-set>-<5>-runner-<5>`) for which no EphemeralRunner exists any more: ARC deleted the runner but did not
 * remove its registration (cleanup failure, often after GitHub incidents). They clutter the org and count
 * against GitHub's runner limits.
 * Suppressed: runners whose EphemeralRunner ended less than 5 min ago (removal may still be in flight), names that
 * match no known scale set (other tools' or unwatched clusters' runners), online runners.
 * Severity: info below 10 orphans, warning from 10.
 */
import type { EvidenceItem, GitHubRunner, RunbookStep, ScaleSetState } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { scaleSetFromRunnerName } from "../helpers/group";
import { controllerLogsCmd, controllerTarget } from "../helpers/kubectl";
import { ageSeconds } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";
import { configCoversRepo } from "../helpers/jobs";
import { bucket } from "../helpers/index";

const GRACE_SECONDS = 300;
const WARN_COUNT = 10;

/** `gh api` path of the runner list a GitHub runner was read from (org or owner/repo). */
function scopePath(scope: string): string {
  return scope.includes("/") ? `repos/${scope}` : `orgs/${scope}`;
}

/** The scale set a GitHub runner name belongs to, preferring one whose config URL covers the runner's scope. */
function owningSet(setsByName: ReadonlyMap<string, readonly ScaleSetState[]>, runner: GitHubRunner): ScaleSetState | undefined {
  const name = scaleSetFromRunnerName(runner.name);
  if (!name) return undefined;
  const candidates = setsByName.get(name) ?? [];
  const inScope = (s: ScaleSetState) => (runner.scope.includes("/") ? configCoversRepo(s.githubConfigUrl, runner.scope) : configCoversRepo(s.githubConfigUrl, `${runner.scope}/x`));
  return candidates.find(inScope) ?? candidates[0];
}

export const rule: CatalogRule = {
  id: "github-runner-orphaned",
  title: "Offline GitHub runners left behind by deleted EphemeralRunners",
  severity: "info",
  rank: 70,
  requires: ["scaleSets", "runners", "githubRunners"],
  uses: ["runnerHistory", "controllerLogs", "clusterInfo"],
  detects: "GitHub runners that are offline, named after an ARC runner of a known scale set, with no current EphemeralRunner of that name: registrations ARC failed to remove.",
  evidenceNeeded: "GitHub runner list (name, status, scope), current EphemeralRunners, runner history (when each ended).",
  runbookOutline: [
    "List offline runners of the scale set on GitHub.",
    "Grep the controller log for failed runner removals.",
    "Delete the orphaned registrations with gh api -X DELETE.",
  ],
  evaluate(snapshot, ctx) {
    const current = new Set(snapshot.runners.map((r) => r.name));
    const ended = new Map(snapshot.runnerHistory.map((l) => [l.name, l.deletedAt ?? l.finishedAt]));
    const bySet = new Map<ScaleSetState, GitHubRunner[]>();
    const setsByName = bucket(snapshot.scaleSets, (s) => s.name);
    for (const g of snapshot.github.runners) {
      if (g.status !== "offline" || current.has(g.name)) continue;
      const set = owningSet(setsByName, g);
      if (!set) continue;
      if (ended.has(g.name)) {
        const age = ageSeconds(ended.get(g.name), ctx.now);
        if (age === undefined || age < GRACE_SECONDS) continue;
      }
      const orphans = bySet.get(set);
      if (orphans) orphans.push(g);
      else bySet.set(set, [g]);
    }

    const hits: RuleHit[] = [];
    for (const [set, orphans] of bySet) {
      const first = orphans[0];
      if (!first) continue;
      const path = scopePath(first.scope);
      const evidence: EvidenceItem[] = orphans.slice(0, 4).map((g) => ({
        observation: `GitHub runner ${g.name} (id ${g.id}) is offline and no EphemeralRunner of that name exists`,
        source: `GitHub runners of ${g.scope}`,
        excerpt: `status: ${g.status}, busy: ${g.busy}, labels: ${g.labels.join(", ")}`,
      }));
      if (orphans.length > 4) evidence.push({ observation: `${orphans.length} orphaned registrations in total for ${set.name}`, source: `GitHub runners of ${first.scope}` });
      const steps: RunbookStep[] = [
        {
          action: "List the scale set's offline runners on GitHub",
          command: `gh api ${path}/actions/runners --paginate --jq '.runners[] | select(.status == "offline" and (.name | startswith("${set.name}-"))) | "\\(.id) \\(.name)"'`,
          tellsYou: "Every id here without a matching EphemeralRunner is a leftover registration.",
        },
        {
          action: "Look for failed removals in the controller log",
          command: controllerLogsCmd(controllerTarget(snapshot, set.cluster), "remove the runner"),
          tellsYou: '"Runner job is still running, cannot remove the runner from the service yet" or API errors explain why the registration stayed.',
        },
        {
          action: "Delete an orphaned registration (repeat per id)",
          command: `gh api -X DELETE ${path}/actions/runners/${first.id}`,
          tellsYou: "The runner disappears from the GitHub runner list; ARC does not need it.",
        },
      ];
      hits.push({
        subject: scaleSetSubject(set),
        severity: orphans.length >= WARN_COUNT ? "warning" : "info",
        title: `${orphans.length} offline GitHub runner(s) of ${set.name} have no EphemeralRunner`,
        explanation:
          `GitHub still lists ${orphans.length} runner(s) named after ${set.name}'s runners as offline, but their EphemeralRunners are gone. ` +
          "ARC removes a runner's registration when it deletes the EphemeralRunner; these removals failed, so the registrations pile up in the org's runner list and count against GitHub's runner limits.",
        evidence: evidence.slice(0, 5),
        runbook: steps,
        differential:
          "Runners of the same scale-set name in a cluster Runnerscope does not watch look identical; check the name prefix against every installation before deleting. Offline runners that still have a Running EphemeralRunner are zombies (lost registration), not orphans.",
        confidence: "medium",
      });
    }
    return hits;
  },
};
