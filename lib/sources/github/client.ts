import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { createAppAuth } from "@octokit/auth-app";
import type { GitHubAuth } from "@/lib/collector/config";
import { withEtagCache, type EtagCache } from "./etag-cache";

const RunnerscopeOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof RunnerscopeOctokit>;

export interface RateLimitNotice {
  kind: "primary" | "secondary";
  retryAfterSeconds: number;
  method: string;
  url: string;
}

/** A GitHub request that got no answer within the client's timeout. */
export class GitHubTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`GitHub did not answer within ${timeoutMs / 1000} s`);
    this.name = "GitHubTimeoutError";
  }
}

/** fetch with a per-request deadline: a GitHub that hangs must surface as an error, not stall polling forever. */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    try {
      return await fetch(input, { ...init, signal });
    } catch (err) {
      if (deadline.aborted && !init?.signal?.aborted) throw new GitHubTimeoutError(timeoutMs);
      throw err;
    }
  };
}

/**
 * Octokit with retry (5xx, network) and throttling. On a rate limit we do NOT retry: the notice is recorded and the
 * poller backs off until the reset, so a starved budget is never hammered. Conditional requests through `etags`.
 */
export function createGitHubClient(opts: {
  apiUrl: string;
  auth: GitHubAuth;
  etags?: EtagCache;
  onRateLimit?: (n: RateLimitNotice) => void;
  /** Retry base delay (ms); tests lower it. */
  retryAfterBaseValue?: number;
  /** Per-request deadline (ms, default 30 s). */
  timeoutMs?: number;
}): { octokit: GitHubClient; etags: EtagCache } {
  const auth =
    opts.auth.kind === "app"
      ? { authStrategy: createAppAuth, auth: { appId: opts.auth.appId, privateKey: opts.auth.privateKey, installationId: opts.auth.installationId } }
      : opts.auth.kind === "token"
        ? { auth: opts.auth.token }
        : {};
  const notify = (kind: RateLimitNotice["kind"]) => (retryAfter: number, options: { method?: string; url?: string }) => {
    opts.onRateLimit?.({ kind, retryAfterSeconds: retryAfter, method: options.method ?? "GET", url: options.url ?? "" });
    return false;
  };
  const octokit = new RunnerscopeOctokit({
    baseUrl: opts.apiUrl,
    userAgent: "runnerscope",
    ...auth,
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: { fetch: fetchWithTimeout(opts.timeoutMs ?? 30_000) },
    retry: { retries: 2, retryAfterBaseValue: opts.retryAfterBaseValue },
    throttle: { onRateLimit: notify("primary"), onSecondaryRateLimit: notify("secondary") },
  });
  const etags = opts.etags ?? new Map();
  withEtagCache(octokit, etags);
  return { octokit, etags };
}
