/** GitHub API failures in listener/controller logs: classification and grouping, shared by the listener and github-* rules. */
import type { FleetSnapshot, LogRecord } from "@/lib/model";
import { resolvedLogScaleSet, scaleSetKey, type ScaleSetRef } from "./group";
import { withinLast } from "./time";

export type GitHubErrorKind = "session-conflict" | "rate-limit" | "auth" | "proxy" | "tls" | "dns" | "timeout" | "connection" | "not-found" | "forbidden";

// Order matters: the first match wins ("proxyconnect tcp: … i/o timeout" is a proxy problem).
const ERROR_PATTERNS: [GitHubErrorKind, RegExp][] = [
  ["session-conflict", /already has an active session|409 Conflict|status code:? 409\b|StatusCode["=: ]+409\b/i],
  ["rate-limit", /rate limit (exceeded|reached)|secondary rate limit|API rate limit/i],
  ["auth", /Bad credentials|401 Unauthorized|status code:? 401\b|StatusCode["=: ]+401\b|JSON web token could not be decoded|'(exp|iat)' claim/i],
  ["proxy", /proxyconnect tcp/i],
  ["tls", /x509: |tls: failed to verify|certificate signed by unknown authority/i],
  ["dns", /no such host|server misbehaving/i],
  ["timeout", /i\/o timeout|context deadline exceeded|Client\.Timeout exceeded|TLS handshake timeout/i],
  ["connection", /connection refused|connection reset by peer/i],
  ["not-found", /404 Not Found|status code:? 404\b|StatusCode["=: ]+404\b|RunnerScaleSetNotFound/i],
  ["forbidden", /403 Forbidden|status code:? 403\b|StatusCode["=: ]+403\b/i],
];

export const KIND_LABEL: Record<GitHubErrorKind, string> = {
  "session-conflict": "session conflict (409)",
  "rate-limit": "GitHub rate limit (403)",
  auth: "authentication failed (401)",
  proxy: "proxy connection failed",
  tls: "TLS certificate not trusted",
  dns: "DNS lookup failed",
  timeout: "timeouts reaching GitHub",
  connection: "connection refused/reset",
  "not-found": "scale set or config not found (404)",
  forbidden: "forbidden (403)",
};

/** Which kind of GitHub failure a log line reports, if any. */
export function classifyGitHubError(text: string): GitHubErrorKind | undefined {
  return ERROR_PATTERNS.find(([, re]) => re.test(text))?.[0];
}

/** The text GitHub errors are matched in: the raw line, else the message with its fields. */
export function lineText(log: LogRecord): string {
  return log.raw || `${log.message} ${JSON.stringify(log.fields)}`;
}

/** Listener/controller lines of a GitHub failure kind in `kinds`, recent (or undated, as pasted text is). */
export function gitHubErrorLogs(snapshot: FleetSnapshot, now: Date, kinds: readonly GitHubErrorKind[], windowSeconds: number): { log: LogRecord; kind: GitHubErrorKind }[] {
  const out: { log: LogRecord; kind: GitHubErrorKind }[] = [];
  for (const log of snapshot.logs) {
    if (log.origin !== "listener" && log.origin !== "controller" && log.origin !== "unknown") continue;
    if (log.time && !withinLast(log.time, now, windowSeconds)) continue;
    const kind = classifyGitHubError(lineText(log));
    if (kind && kinds.includes(kind)) out.push({ log, kind });
  }
  return out;
}

/** Groups log lines by scale set; lines that name none are grouped per cluster. */
export function groupBySubject<T extends { log: LogRecord }>(snapshot: FleetSnapshot, items: readonly T[]): { ref?: ScaleSetRef; cluster?: string; items: T[] }[] {
  const groups = new Map<string, { ref?: ScaleSetRef; cluster?: string; items: T[] }>();
  for (const item of items) {
    const ref = resolvedLogScaleSet(snapshot, item.log);
    const key = ref ? `set:${scaleSetKey(ref)}` : `cluster:${item.log.cluster ?? ""}`;
    const g = groups.get(key) ?? { ref, cluster: ref?.cluster ?? item.log.cluster, items: [] };
    g.items.push(item);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Most frequent kind, ties broken by the latest line. */
export function dominantKind<T extends { kind: GitHubErrorKind }>(items: readonly T[]): GitHubErrorKind | undefined {
  const counts = new Map<GitHubErrorKind, number>();
  for (const i of items) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
  let best: GitHubErrorKind | undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const k = items[i]?.kind;
    if (k && (best === undefined || (counts.get(k) ?? 0) > (counts.get(best) ?? 0))) best = k;
  }
  return best;
}
