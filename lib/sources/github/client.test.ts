import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "@/lib/simulator/clock";
import { startGitHubServer } from "@/lib/simulator/github/server";
import { createGitHubState, registerRunner } from "@/lib/simulator/github/state";
import type { GitHubState } from "@/lib/simulator/github/types";
import { createGitHubClient } from "./client";
import { wasNotModified } from "./etag-cache";

// Against the simulated GitHub over HTTP: conditional requests, 304 = cached and free.
let server: Awaited<ReturnType<typeof startGitHubServer>>;
let state: GitHubState;
const clock = new VirtualClock({ kind: "stepped", start: new Date("2026-11-22T10:00:00Z") });
const TOKEN = "ghs_test_token_0000";

beforeAll(async () => {
  state = createGitHubState({ orgs: ["acme"] });
  state.tokens.push({ token: TOKEN, limit: 5000, remaining: 5000, resetAt: Math.floor(clock.nowMs() / 1000) + 3600 });
  for (let i = 0; i < 3; i++) registerRunner(state, { name: `web-x7k2p-runner-${i}aaaa`, labels: ["web"], runnerGroupId: 1, scope: "acme" });
  server = await startGitHubServer({ state, clock });
});
afterAll(async () => {
  await server?.close();
  clock.stop();
});

describe("GitHub client", () => {
  it("sends If-None-Match and serves a 304 from the cache without spending budget", async () => {
    const { octokit } = createGitHubClient({ apiUrl: server.url, auth: { kind: "token", token: TOKEN } });
    const first = await octokit.request("GET /orgs/{org}/actions/runners", { org: "acme" });
    expect(wasNotModified(first)).toBe(false);
    const remaining = state.tokens[0]!.remaining;
    const second = await octokit.request("GET /orgs/{org}/actions/runners", { org: "acme" });
    expect(wasNotModified(second)).toBe(true);
    expect(second.data).toEqual(first.data);
    expect(state.tokens[0]!.remaining).toBe(remaining);

    registerRunner(state, { name: "web-x7k2p-runner-new01", labels: ["web"], runnerGroupId: 1, scope: "acme" });
    const third = await octokit.request("GET /orgs/{org}/actions/runners", { org: "acme" });
    expect(wasNotModified(third)).toBe(false);
    expect((third.data as { total_count: number }).total_count).toBe(4);
  });

  it("does not retry a rate-limited request: it reports the limit and fails fast", async () => {
    const notices: number[] = [];
    const { octokit } = createGitHubClient({ apiUrl: server.url, auth: { kind: "token", token: TOKEN }, onRateLimit: (n) => notices.push(n.retryAfterSeconds) });
    server.faults.exhaust(TOKEN);
    const before = Date.now();
    await expect(octokit.request("GET /orgs/{org}/actions/runner-groups", { org: "acme" })).rejects.toMatchObject({ status: 403 });
    expect(Date.now() - before).toBeLessThan(2000);
    expect(notices).toHaveLength(1);
  });
});
