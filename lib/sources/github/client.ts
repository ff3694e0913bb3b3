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
    retry: { retries: 2, retryAfterBaseValue: opts.retryAfterBaseValue },
    throttle: { onRateLimit: notify("primary"), onSecondaryRateLimit: notify("secondary") },
  });
  const etags = opts.etags ?? new Map();
  withEtagCache(octokit, etags);
  return { octokit, etags };
}
