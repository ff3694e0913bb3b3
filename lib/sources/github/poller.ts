import type { GitHubJob, GitHubRateLimit, GitHubRunner, GitHubRunnerGroup } from "@/lib/model";
import type { CollectorConfig } from "@/lib/collector/config";
import type { HealthRegistry } from "@/lib/collector/health";
import { createGitHubClient, GitHubTimeoutError, type GitHubClient } from "./client";
import { wasNotModified, type EtagCache } from "./etag-cache";
import { nextPollDelayMs } from "./budget";
import { scopeFromConfigUrl, toGitHubJob, toGitHubRunner, toGitHubRunnerGroup } from "./to-github";

export interface GitHubSink {
  jobs(list: GitHubJob[]): void;
  runners(scope: string, list: GitHubRunner[]): void;
  groups(org: string, list: GitHubRunnerGroup[]): void;
  rateLimit(r: GitHubRateLimit): void;
}

export interface GitHubPollerOptions {
  config: CollectorConfig["github"];
  health: HealthRegistry;
  sink: GitHubSink;
  /** githubConfigUrl of every known scale set (repos/orgs to poll when GITHUB_REPOS/ORGS are not set). */
  configUrls: () => string[];
  now?: () => Date;
  /** Retry base delay for 5xx (ms); tests lower it. */
  retryAfterBaseValue?: number;
  /** Per-request deadline (ms, default 30 s). */
  requestTimeoutMs?: number;
}

export interface GitHubPoller {
  healthId: string;
  /** Runs one cycle now (queued behind a running one). */
  pollNow(): Promise<void>;
  budget(): { remaining?: number; limit?: number; resetAt?: string; lastCycleCost: number; nextDelayMs: number };
  stop(): Promise<void>;
}

export const GITHUB_HEALTH_ID = "github";

interface Page {
  data: unknown;
  headers: Record<string, unknown>;
}

function statusOf(err: unknown): number | undefined {
  return typeof err === "object" && err !== null && typeof (err as { status?: unknown }).status === "number" ? (err as { status: number }).status : undefined;
}

function isRateLimited(err: unknown): boolean {
  if (statusOf(err) !== 403 && statusOf(err) !== 429) return false;
  const e = err as { message?: unknown; response?: { headers?: Record<string, unknown> } };
  return e.response?.headers?.["x-ratelimit-remaining"] === "0" || (typeof e.message === "string" && /rate limit/i.test(e.message)) || statusOf(err) === 429;
}

/**
 * Polls GitHub REST within the rate budget: org/repo runners, runner groups + repository access, queued and
 * in-progress workflow runs and their jobs (`filter=latest`), `/rate_limit`. Conditional requests (ETags) make
 * unchanged pages free. 401 → source unavailable ("bad credentials"); rate limited → degraded, polling pauses until
 * the reset and stored queue data is kept (marked stale), never zeroed.
 */
export function startGitHubPoller(opts: GitHubPollerOptions): GitHubPoller {
  const host = new URL(opts.config.apiUrl).host;
  opts.health.register({ id: GITHUB_HEALTH_ID, kind: "github", label: `GitHub API (${host})` });
  let rateLimitedUntil = 0;
  const { octokit, etags } = createGitHubClient({
    apiUrl: opts.config.apiUrl,
    auth: opts.config.auth,
    retryAfterBaseValue: opts.retryAfterBaseValue,
    timeoutMs: opts.requestTimeoutMs,
    onRateLimit: (n) => {
      rateLimitedUntil = Math.max(rateLimitedUntil, Date.now() + n.retryAfterSeconds * 1000);
    },
  });
  return runPoller(opts, octokit, etags, () => rateLimitedUntil, host);
}

function runPoller(opts: GitHubPollerOptions, octokit: GitHubClient, etags: EtagCache, rateLimitedUntil: () => number, host: string): GitHubPoller {
  const now = opts.now ?? (() => new Date());
  const minMs = opts.config.minIntervalSeconds * 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let cost = 0;
  let notModified = 0;
  let lastCycleCost = 0;
  let nextDelayMs = minMs;
  let limit: GitHubRateLimit | undefined;
  let lastGood: string | undefined;
  let cycle = 0;
  let orgRepos = new Map<string, string[]>();
  /** Jobs we last saw queued/in progress, by run: re-read once when their run leaves the open lists. */
  let openRuns = new Map<number, string>();

  const count = (res: unknown) => {
    if (wasNotModified(res)) notModified++;
    else cost++;
  };

  async function get(route: string, params: Record<string, unknown>): Promise<Page> {
    const res = await octokit.request(route, params);
    count(res);
    return { data: res.data, headers: res.headers as Record<string, unknown> };
  }

  /** All pages of a list endpoint; `key` is the array field of the body. */
  async function all(route: string, params: Record<string, unknown>, key: string): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const res of octokit.paginate.iterator(route, { per_page: 100, ...params })) {
      count(res);
      const data: unknown = res.data;
      // paginate normalises list responses to the array; be tolerant of either shape
      if (Array.isArray(data)) out.push(...data);
      else if (typeof data === "object" && data !== null && Array.isArray((data as Record<string, unknown>)[key])) out.push(...((data as Record<string, unknown[]>)[key] ?? []));
    }
    return out;
  }

  async function readRateLimit(): Promise<void> {
    etags.delete(`${opts.config.apiUrl}/rate_limit`); // never conditional: it is free and must be fresh
    const { data } = await get("GET /rate_limit", {});
    cost--; // /rate_limit does not count against the budget
    const core = (data as { resources?: { core?: { limit?: number; remaining?: number; used?: number; reset?: number } } }).resources?.core;
    if (!core || typeof core.remaining !== "number" || typeof core.reset !== "number") return;
    limit = {
      scope: `core@${host}`,
      limit: core.limit ?? 0,
      remaining: core.remaining,
      used: core.used ?? 0,
      resetAt: new Date(core.reset * 1000).toISOString(),
      observedAt: now().toISOString(),
    };
    opts.sink.rateLimit(limit);
  }

  function scopes(): { orgs: string[]; repos: string[]; repoRunnerScopes: string[]; orgsToEnumerate: string[] } {
    const orgs = new Set(opts.config.orgs);
    const repoScopes = new Set<string>();
    const orgScopes = new Set<string>();
    for (const url of opts.configUrls()) {
      const s = scopeFromConfigUrl(url);
      if (s?.kind === "repo") repoScopes.add(s.repo);
      if (s?.kind === "org") {
        orgs.add(s.org);
        orgScopes.add(s.org);
      }
    }
    const repos = opts.config.repos ? new Set(opts.config.repos) : new Set([...repoScopes, ...[...orgScopes].flatMap((o) => orgRepos.get(o) ?? [])]);
    return { orgs: [...orgs], repos: [...repos], repoRunnerScopes: [...repoScopes], orgsToEnumerate: opts.config.repos ? [] : [...orgScopes] };
  }

  async function pollOnce(): Promise<void> {
    cost = 0;
    notModified = 0;
    await readRateLimit();
    if (limit && limit.remaining <= 0) {
      const e = Object.assign(new Error("API rate limit exceeded"), { status: 403, response: { headers: { "x-ratelimit-remaining": "0" } } });
      throw e;
    }
    const { orgs, repos, repoRunnerScopes, orgsToEnumerate } = scopes();
    if (cycle % 10 === 0) {
      const next = new Map<string, string[]>();
      for (const org of orgsToEnumerate) {
        const list = await all("GET /orgs/{org}/repos", { org }, "repositories");
        next.set(
          org,
          list.flatMap((r) => {
            const full = (r as { full_name?: unknown }).full_name;
            return typeof full === "string" ? [full] : [];
          }),
        );
      }
      orgRepos = next;
    }
    for (const org of orgs) {
      const runners = await all("GET /orgs/{org}/actions/runners", { org }, "runners");
      opts.sink.runners(org, runners.flatMap((r) => toGitHubRunner(r, org) ?? []));
      const groups = await all("GET /orgs/{org}/actions/runner-groups", { org }, "runner_groups");
      const out: GitHubRunnerGroup[] = [];
      for (const g of groups) {
        const id = (g as { id?: unknown }).id;
        let repoNames: string[] = [];
        if ((g as { visibility?: unknown }).visibility === "selected" && typeof id === "number") {
          const rs = await all("GET /orgs/{org}/actions/runner-groups/{runner_group_id}/repositories", { org, runner_group_id: id }, "repositories");
          repoNames = rs.flatMap((r) => {
            const full = (r as { full_name?: unknown }).full_name;
            return typeof full === "string" ? [full] : [];
          });
        }
        const mapped = toGitHubRunnerGroup(g, org, repoNames);
        if (mapped) out.push(mapped);
      }
      opts.sink.groups(org, out);
    }
    for (const repo of repoRunnerScopes) {
      const [owner, name] = repo.split("/");
      const runners = await all("GET /repos/{owner}/{repo}/actions/runners", { owner, repo: name }, "runners");
      opts.sink.runners(repo, runners.flatMap((r) => toGitHubRunner(r, repo) ?? []));
    }
    const stillOpen = new Map<number, string>();
    const jobs: GitHubJob[] = [];
    for (const repo of repos) {
      const [owner, name] = repo.split("/");
      for (const status of ["queued", "in_progress"] as const) {
        const runs = await all("GET /repos/{owner}/{repo}/actions/runs", { owner, repo: name, status }, "workflow_runs");
        for (const run of runs) {
          const id = (run as { id?: unknown }).id;
          if (typeof id === "number") stillOpen.set(id, repo);
        }
      }
    }
    // runs open now, plus runs that were open last cycle (their jobs finished: read them once more so they close)
    const toRead = [...new Map([...openRuns, ...stillOpen])];
    // a few reads in flight at once: one request per open run dominates a cycle, and each waits on the network
    await forEachLimited(toRead, JOB_READS_IN_FLIGHT, async ([runId, repo]) => {
      const [owner, name] = repo.split("/");
      try {
        const list = await all("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", { owner, repo: name, run_id: runId, filter: "latest" }, "jobs");
        for (const j of list) {
          const job = toGitHubJob(j, repo);
          if (job) jobs.push(job);
        }
      } catch (err) {
        if (statusOf(err) !== 404) throw err; // a deleted run: nothing to close
      }
    });
    openRuns = stillOpen;
    if (jobs.length) opts.sink.jobs(jobs);
    lastCycleCost = cost;
    cycle++;
  }

  function detail(): string {
    const parts: string[] = [];
    if (limit) parts.push(`budget ${limit.remaining}/${limit.limit}, resets ${limit.resetAt}`);
    parts.push(`last cycle ${lastCycleCost} requests (${notModified} not modified)`, `next poll in ${Math.round(nextDelayMs / 1000)} s`);
    return parts.join("; ");
  }

  async function cycleOnce(): Promise<void> {
    const at = now().toISOString();
    try {
      await pollOnce();
      lastGood = at;
      opts.health.success(GITHUB_HEALTH_ID, "poll", at);
      nextDelayMs = nextPollDelayMs({
        remaining: limit?.remaining ?? 5000,
        resetAtMs: limit ? Date.parse(limit.resetAt) : Date.now() + 3_600_000,
        nowMs: now().getTime(),
        cycleCost: lastCycleCost,
        minMs,
      });
    } catch (err) {
      const status = statusOf(err);
      if (status === 401) {
        opts.health.force(GITHUB_HEALTH_ID, "unavailable", "bad credentials (HTTP 401): check GITHUB_TOKEN or the GitHub App installation", at);
        nextDelayMs = Math.max(minMs, 60_000);
      } else if (isRateLimited(err)) {
        const resetMs = limit ? Date.parse(limit.resetAt) : Math.max(rateLimitedUntil(), Date.now() + 60_000);
        const stale = lastGood ? `; queue data stale since ${lastGood}` : "";
        opts.health.force(GITHUB_HEALTH_ID, "degraded", `rate limited until ${new Date(resetMs).toISOString()}${stale}`, at);
        nextDelayMs = nextPollDelayMs({ remaining: 0, resetAtMs: resetMs, nowMs: now().getTime(), cycleCost: 1, minMs });
      } else {
        const timedOut = err instanceof Error && err.cause instanceof GitHubTimeoutError;
        const msg = timedOut ? (err.cause as GitHubTimeoutError).message : `${status ? `HTTP ${status}: ` : ""}${err instanceof Error ? err.message : String(err)}`;
        // with data from an earlier cycle the queue view is stale, not gone: say so (the next success clears it)
        if (lastGood) opts.health.force(GITHUB_HEALTH_ID, "degraded", `${msg}; queue data stale since ${lastGood}`, at);
        else opts.health.failure(GITHUB_HEALTH_ID, "poll", at, msg);
        nextDelayMs = Math.max(minMs, Math.min(nextDelayMs * 2, 5 * 60_000));
      }
    }
    opts.health.setDetail(GITHUB_HEALTH_ID, detail());
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void pollNow().finally(schedule);
    }, nextDelayMs);
    timer.unref?.();
  }

  async function pollNow(): Promise<void> {
    if (stopped) return;
    while (running) await running;
    running = cycleOnce().finally(() => (running = undefined));
    await running;
  }

  void pollNow().finally(schedule);

  return {
    healthId: GITHUB_HEALTH_ID,
    pollNow,
    budget: () => ({ remaining: limit?.remaining, limit: limit?.limit, resetAt: limit?.resetAt, lastCycleCost, nextDelayMs }),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

const JOB_READS_IN_FLIGHT = 6;

/** Runs `fn` over `items` with at most `limit` calls in flight; the first failure rejects (calls in flight finish on their own). */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++] as T);
  });
  await Promise.all(workers);
}
