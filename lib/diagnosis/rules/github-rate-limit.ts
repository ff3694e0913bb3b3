/**
 * github-rate-limit: a GitHub API budget is exhausted (remaining 0 before its reset: critical) or nearly so
 * (< 10% left: warning), or ARC's own listener/controller logged "API rate limit exceeded" in the last 15 min.
 * Runnerscope's budget starves its GitHub slices; ARC's budget stops the listener and runner registration.
 * Suppressed: observations whose reset time has already passed (the budget has been refilled).
 */
import type { EvidenceItem, GitHubRateLimit, RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { logEvidence } from "../helpers/evidence";
import { kubectl } from "../helpers/kubectl";
import { ageSeconds, earliest, formatDuration, toMs } from "../helpers/time";
import { cleanSubject } from "../helpers/subject";
import { gitHubErrorLogs, groupBySubject } from "../helpers/github-errors";

const LOW_RATIO = 0.1;
const WINDOW_SECONDS = 900;

function latestPerScope(limits: readonly GitHubRateLimit[]): GitHubRateLimit[] {
  const by = new Map<string, GitHubRateLimit>();
  for (const l of limits) {
    const prev = by.get(l.scope);
    if (!prev || (toMs(l.observedAt) ?? 0) > (toMs(prev.observedAt) ?? 0)) by.set(l.scope, l);
  }
  return [...by.values()];
}

const BUDGET_STEPS: RunbookStep[] = [
  {
    action: "Read the current budget of the token Runnerscope uses",
    command: "gh api rate_limit --jq '.resources.core'",
    tellsYou: "remaining/limit and the reset epoch; run it with the same token (GH_TOKEN) Runnerscope is configured with.",
  },
  {
    action: "Lower Runnerscope's GitHub polling (fewer repositories or a longer interval) or switch it to a GitHub App, whose budget is separate from ARC's",
    tellsYou: "GitHub slices come back once the budget recovers; until then the dashboard shows them as unavailable instead of empty.",
  },
];

export const rule: CatalogRule = {
  id: "github-rate-limit",
  title: "GitHub API rate limit exhausted",
  severity: "warning",
  rank: 14,
  requires: ["githubRateLimit"],
  uses: ["listenerLogs", "controllerLogs"],
  detects: 'A GitHub API budget at 0 (critical) or below 10% (warning) before its reset, or "API rate limit exceeded" in ARC listener/controller logs.',
  evidenceNeeded: "GitHub rate-limit observations (limit, remaining, reset) per token/org; listener and controller log lines.",
  runbookOutline: ["gh api rate_limit for the token's budget.", "Reduce polling or move to a GitHub App.", "For ARC's token: give ARC its own GitHub App."],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    for (const l of latestPerScope(snapshot.github.rateLimits)) {
      const resetIn = -(ageSeconds(l.resetAt, ctx.now) ?? 0);
      if (resetIn <= 0 || l.limit <= 0) continue;
      const exhausted = l.remaining <= 0;
      if (!exhausted && l.remaining / l.limit >= LOW_RATIO) continue;
      const pct = Math.round((l.remaining / l.limit) * 100);
      const evidence: EvidenceItem[] = [
        {
          observation: exhausted ? `0 of ${l.limit} requests left; resets in ${formatDuration(resetIn)}` : `${l.remaining} of ${l.limit} requests left (${pct}%); resets in ${formatDuration(resetIn)}`,
          source: `GitHub rate limit (${l.scope})`,
          excerpt: `limit=${l.limit} remaining=${l.remaining} used=${l.used} reset=${l.resetAt}`,
          at: l.observedAt,
        },
      ];
      hits.push({
        subject: { object: `GitHub API budget ${l.scope}` },
        severity: exhausted ? "critical" : "warning",
        title: exhausted ? `GitHub API budget for ${l.scope} exhausted until ${l.resetAt.slice(11, 16)} UTC` : `GitHub API budget for ${l.scope} at ${pct}% (${l.remaining} of ${l.limit})`,
        explanation:
          (exhausted
            ? `The GitHub token for ${l.scope} has no requests left until its reset in ${formatDuration(resetIn)}. `
            : `The GitHub token for ${l.scope} has only ${l.remaining} of ${l.limit} requests left for the next ${formatDuration(resetIn)}. `) +
          "GitHub data in Runnerscope (queued jobs, runners, groups) goes stale or unavailable; if ARC shares this token, its listeners and runner registration fail too.",
        evidence,
        runbook: BUDGET_STEPS,
        differential: "Secondary (abuse) rate limits return 403 with remaining > 0; they come from bursts of requests, not the hourly budget.",
        confidence: "high",
        since: l.observedAt,
      });
    }

    // ARC's own credentials: these lines come from the listener/controller, whatever Runnerscope's budget says.
    for (const group of groupBySubject(snapshot, gitHubErrorLogs(snapshot, ctx.now, ["rate-limit"], WINDOW_SECONDS))) {
      const logs = group.items.map((i) => i.log);
      if (logs.length === 0) continue;
      const who = group.ref ? `${group.ref.name}'s listener` : `ARC${group.cluster ? ` in ${group.cluster}` : ""}`;
      hits.push({
        subject: cleanSubject({ cluster: group.cluster, namespace: group.ref?.namespace, scaleSet: group.ref?.name, object: group.ref ? undefined : "ARC GitHub credentials" }),
        severity: "critical",
        title: `${who} hit the GitHub API rate limit`,
        explanation:
          `GitHub refuses ARC's requests with "API rate limit exceeded" (${logs.length} line(s) in the last 15 min). The listener exits and is recreated without backoff, which spends even more of the budget; until the reset no jobs are acquired and no runners are registered.`,
        evidence: logs.slice(-5).map((l) => logEvidence(l, "GitHub refused the call: rate limit exceeded")),
        runbook: [
          {
            action: "Count how often the listeners are being recreated (each restart costs several calls)",
            command: kubectl({ cluster: group.cluster }, "get pods -l app.kubernetes.io/component=runner-scale-set-listener", { allNamespaces: true }),
            tellsYou: "High RESTARTS or young AGE across listeners multiply API usage; fix the crash cause first.",
          },
          {
            action: "Give ARC its own GitHub App (installation budget scales with the org) instead of a shared PAT (5,000/h shared with everything else using it)",
            tellsYou: "A separate budget keeps ARC working when other tools burst.",
          },
        ],
        differential: "403 without \"rate limit\" in the message is a permissions problem (missing scopes), not the budget.",
        confidence: "high",
        since: earliest(logs.map((l) => l.time)),
      });
    }
    return hits;
  },
};
