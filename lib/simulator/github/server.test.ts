import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { RequestError } from "@octokit/request-error";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../clock";
import { startGitHubServer, type GitHubServer } from "./server";
import { addJob, addRun, createGitHubState, registerRunner, setRunner, updateRun } from "./state";
import type { GitHubState } from "./types";

const START = new Date("2026-11-22T12:00:00Z");
const START_S = START.getTime() / 1000;

let state: GitHubState;
let clock: VirtualClock;
let gh: GitHubServer;
let octokit: Octokit;
let queuedRunId: number;

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const client = (token: string): Octokit => new Octokit({ baseUrl: gh.url, auth: token, log: quiet });

/** Status of a failed call; fails the test if the call succeeded. */
async function statusOf(call: Promise<unknown>): Promise<{ status: number; message: string }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(err)}`);
  return { status: err.status, message: err.message };
}

async function remaining(o: Octokit = octokit): Promise<number> {
  const { data } = await o.rest.rateLimit.get();
  return data.resources.core.remaining;
}

beforeAll(async () => {
  clock = new VirtualClock({ kind: "stepped", start: START });
  state = createGitHubState({
    orgs: ["acme"],
    repos: [
      { owner: "acme", name: "web", private: false },
      { owner: "acme", name: "api", private: true },
      { owner: "acme", name: "infra", private: false },
    ],
    runnerGroups: [
      { id: 1, org: "acme", name: "Default", visibility: "all", default: true, repositories: [] },
      { id: 2, org: "acme", name: "arc", visibility: "selected", default: false, repositories: ["acme/web"] },
      { id: 3, org: "acme", name: "private-only", visibility: "private", default: false, repositories: [] },
    ],
    tokens: [
      { token: "good", limit: 5000, remaining: 5000, resetAt: START_S + 3600 },
      { token: "spent", limit: 100, remaining: 100, resetAt: START_S + 600 },
    ],
  });
  for (let i = 1; i <= 7; i++) {
    registerRunner(state, { name: `web-runner-${i}`, labels: ["self-hosted", "arc-web"], runnerGroupId: 1, scope: "acme/web" });
  }
  registerRunner(state, { name: "arc-linux-abcde-runner-x1", labels: ["arc-linux"], runnerGroupId: 2, scope: "acme", busy: true });
  registerRunner(state, { name: "arc-linux-abcde-runner-x2", labels: ["arc-linux"], runnerGroupId: 2, scope: "acme", status: "offline" });
  registerRunner(state, { name: "legacy-1", labels: ["self-hosted", "Linux", "X64"], runnerGroupId: 1, scope: "acme" });

  addRun(state, { repo: "acme/web", name: "CI", status: "completed", conclusion: "success", createdAt: "2026-11-22T10:00:00Z" });
  const run = addRun(state, { repo: "acme/web", name: "Build", status: "queued", createdAt: "2026-11-22T11:58:00Z", headBranch: "main" });
  queuedRunId = run.id;
  addJob(state, { runId: run.id, repo: "acme/web", name: "build", workflowName: "Build", labels: ["arc-linux"], createdAt: "2026-11-22T11:58:01Z" });
  addJob(state, {
    runId: run.id,
    repo: "acme/web",
    name: "lint",
    workflowName: "Build",
    labels: ["arc-linux"],
    createdAt: "2026-11-22T11:58:01Z",
    status: "in_progress",
    startedAt: "2026-11-22T11:58:30Z",
    runnerId: 42,
    runnerName: "arc-linux-abcde-runner-x1",
    runnerGroupId: 2,
    runnerGroupName: "arc",
  });

  gh = await startGitHubServer({ state, clock });
  octokit = client("good");
});

afterAll(async () => {
  await gh.close();
  clock.stop();
});

describe("runners", () => {
  it("lists a repository's runners, separate from the org's", async () => {
    const repo = await octokit.rest.actions.listSelfHostedRunnersForRepo({ owner: "acme", repo: "web" });
    expect(repo.data.total_count).toBe(7);
    expect(repo.data.runners.map((r) => r.name)).toContain("web-runner-1");
    expect(repo.data.runners[0]).toMatchObject({ os: "Linux", status: "online", busy: false });
    expect(repo.data.runners[0]?.labels.map((l) => [l.name, l.type])).toEqual([
      ["self-hosted", "read-only"],
      ["arc-web", "custom"],
    ]);

    const org = await octokit.rest.actions.listSelfHostedRunnersForOrg({ org: "acme" });
    expect(org.data.runners.map((r) => [r.name, r.status, r.busy])).toEqual([
      ["arc-linux-abcde-runner-x1", "online", true],
      ["arc-linux-abcde-runner-x2", "offline", false],
      ["legacy-1", "online", false],
    ]);
  });

  it("filters by name and 404s for an unknown repository", async () => {
    const one = await octokit.rest.actions.listSelfHostedRunnersForOrg({ org: "acme", name: "legacy-1" });
    expect(one.data.runners.map((r) => r.name)).toEqual(["legacy-1"]);
    expect((await statusOf(octokit.rest.actions.listSelfHostedRunnersForRepo({ owner: "acme", repo: "nope" }))).status).toBe(404);
  });

  it("paginates with Link headers that octokit.paginate follows to the end", async () => {
    const first = await octokit.rest.actions.listSelfHostedRunnersForRepo({ owner: "acme", repo: "web", per_page: 3 });
    expect(first.data.runners).toHaveLength(3);
    expect(first.headers.link).toContain(`<${gh.url}/repos/acme/web/actions/runners?per_page=3&page=3>; rel="last"`);

    const before = await remaining();
    const all = await octokit.paginate(octokit.rest.actions.listSelfHostedRunnersForRepo, { owner: "acme", repo: "web", per_page: 3 });
    expect(all.map((r) => r.name)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `web-runner-${i}`));
    expect(before - (await remaining())).toBe(3);
  });
});

describe("rate limit and conditional requests", () => {
  it("charges one request per counted call and reports it on /rate_limit and in headers", async () => {
    const before = await remaining();
    expect(await remaining()).toBe(before); // /rate_limit itself is free
    const res = await octokit.rest.actions.listSelfHostedRunnersForOrg({ org: "acme" });
    expect(Number(res.headers["x-ratelimit-remaining"])).toBe(before - 1);
    expect(res.headers["x-ratelimit-limit"]).toBe("5000");
    expect(res.headers["x-ratelimit-resource"]).toBe("core");
    expect(res.headers["x-ratelimit-reset"]).toBe(String(START_S + 3600));
    expect(res.headers["x-github-request-id"]).toBeTruthy();
    await octokit.rest.repos.listForOrg({ org: "acme" });

    const { data } = await octokit.rest.rateLimit.get();
    expect(data.resources.core).toMatchObject({ limit: 5000, remaining: before - 2, used: 5000 - (before - 2) });
    expect(data.rate.remaining).toBe(before - 2);
  });

  it("answers a matching If-None-Match with a free 304 and a changed list with 200", async () => {
    const first = await octokit.rest.actions.listSelfHostedRunnersForOrg({ org: "acme" });
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]{40}"$/);
    const before = await remaining();

    const notModified = await statusOf(octokit.rest.actions.listSelfHostedRunnersForOrg({ org: "acme", headers: { "if-none-match": etag } }));
    expect(notModified.status).toBe(304);
    expect(await remaining()).toBe(before);

    setRunner(state, "legacy-1", { busy: true });
    const changed = await octokit.rest.actions.listSelfHostedRunnersForOrg({ org: "acme", headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.data.runners.find((r) => r.name === "legacy-1")?.busy).toBe(true);
    expect(await remaining()).toBe(before - 1);
  });

  it("refuses an exhausted token with 403 until the reset time passes on the virtual clock", async () => {
    const spent = client("spent");
    gh.faults.exhaust("spent");
    const refused = await statusOf(spent.rest.actions.listSelfHostedRunnersForOrg({ org: "acme" }));
    expect(refused.status).toBe(403);
    expect(refused.message).toContain("API rate limit exceeded");
    expect(await remaining(spent)).toBe(0);
    expect(await remaining()).toBeGreaterThan(0); // other tokens unaffected

    // the headers are what plugin-throttling needs to classify this as the primary rate limit
    const limited: string[] = [];
    const Throttled = Octokit.plugin(throttling);
    const throttled = new Throttled({
      baseUrl: gh.url,
      auth: "spent",
      log: quiet,
      throttle: { onRateLimit: (_after: number, options: { url: string }) => void limited.push(options.url), onSecondaryRateLimit: () => {} },
    });
    expect((await statusOf(throttled.rest.actions.listSelfHostedRunnersForOrg({ org: "acme" }))).status).toBe(403);
    expect(limited).toEqual(["/orgs/{org}/actions/runners"]);

    await clock.advance(601_000);
    const ok = await spent.rest.actions.listSelfHostedRunnersForOrg({ org: "acme" });
    expect(ok.headers["x-ratelimit-remaining"]).toBe("99");
  });

  it("rejects an unknown token with 401 Bad credentials", async () => {
    const res = await statusOf(client("forged").rest.actions.listSelfHostedRunnersForOrg({ org: "acme" }));
    expect(res).toMatchObject({ status: 401 });
    expect(res.message).toContain("Bad credentials");
  });
});

// @octokit/rest 22 has no `actions.*` methods for runner groups any more; the typed routes remain.
describe("runner groups", () => {
  it("lists groups with GitHub's fields and the selected group's repository access", async () => {
    const { data } = await octokit.request("GET /orgs/{org}/actions/runner-groups", { org: "acme" });
    expect(data.total_count).toBe(3);
    const arc = data.runner_groups.find((g) => g.name === "arc");
    expect(arc).toMatchObject({ id: 2, visibility: "selected", default: false, inherited: false, allows_public_repositories: false });
    expect(arc?.selected_repositories_url).toBe(`${gh.url}/orgs/acme/actions/runner-groups/2/repositories`);
    expect(data.runner_groups.find((g) => g.id === 1)).not.toHaveProperty("selected_repositories_url");

    const access = await octokit.request("GET /orgs/{org}/actions/runner-groups/{runner_group_id}/repositories", { org: "acme", runner_group_id: 2 });
    expect(access.data.total_count).toBe(1);
    expect(access.data.repositories[0]).toMatchObject({ name: "web", full_name: "acme/web", owner: { login: "acme" }, private: false });

    const inGroup = await octokit.request("GET /orgs/{org}/actions/runner-groups/{runner_group_id}/runners", { org: "acme", runner_group_id: 2 });
    expect(inGroup.data.runners.map((r) => r.name)).toEqual(["arc-linux-abcde-runner-x1", "arc-linux-abcde-runner-x2"]);
  });

  it("filters groups by visible_to_repository", async () => {
    const names = async (repo: string) =>
      (await octokit.request("GET /orgs/{org}/actions/runner-groups", { org: "acme", visible_to_repository: repo })).data.runner_groups.map((g) => g.name);
    expect(await names("web")).toEqual(["Default", "arc"]);
    expect(await names("api")).toEqual(["Default", "private-only"]);
    expect(await names("infra")).toEqual(["Default"]);
  });
});

describe("workflow runs and jobs", () => {
  it("lists queued runs and their jobs with runs-on labels and null runner fields while queued", async () => {
    const runs = await octokit.rest.actions.listWorkflowRunsForRepo({ owner: "acme", repo: "web", status: "queued" });
    expect(runs.data.total_count).toBe(1);
    expect(runs.data.workflow_runs[0]).toMatchObject({ id: queuedRunId, name: "Build", status: "queued", run_attempt: 1, repository: { full_name: "acme/web" } });

    const all = await octokit.rest.actions.listWorkflowRunsForRepo({ owner: "acme", repo: "web" });
    expect(all.data.workflow_runs.map((r) => r.name)).toEqual(["Build", "CI"]); // newest first

    const jobs = await octokit.rest.actions.listJobsForWorkflowRun({ owner: "acme", repo: "web", run_id: queuedRunId, filter: "latest" });
    expect(jobs.data.total_count).toBe(2);
    const [build, lint] = jobs.data.jobs;
    expect(build).toMatchObject({ name: "build", status: "queued", labels: ["arc-linux"], runner_name: null, runner_group_name: null, started_at: null, head_branch: "main" });
    expect(lint).toMatchObject({ status: "in_progress", runner_id: 42, runner_name: "arc-linux-abcde-runner-x1", runner_group_id: 2, runner_group_name: "arc" });

    const one = await octokit.rest.actions.getJobForWorkflowRun({ owner: "acme", repo: "web", job_id: build!.id });
    expect(one.data).toMatchObject({ id: build!.id, run_id: queuedRunId, workflow_name: "Build" });
    expect((await statusOf(octokit.rest.actions.getJobForWorkflowRun({ owner: "acme", repo: "api", job_id: build!.id }))).status).toBe(404);
  });

  it("hides jobs of earlier attempts unless filter=all", async () => {
    const run = addRun(state, { repo: "acme/infra", name: "Deploy", status: "queued", createdAt: "2026-11-22T11:59:00Z", runAttempt: 2 });
    addJob(state, { runId: run.id, repo: "acme/infra", name: "deploy", workflowName: "Deploy", labels: ["arc-linux"], createdAt: "2026-11-22T11:00:00Z", runAttempt: 1, status: "completed", conclusion: "failure" });
    addJob(state, { runId: run.id, repo: "acme/infra", name: "deploy", workflowName: "Deploy", labels: ["arc-linux"], createdAt: "2026-11-22T11:59:00Z" });
    const latest = await octokit.rest.actions.listJobsForWorkflowRun({ owner: "acme", repo: "infra", run_id: run.id });
    expect(latest.data.jobs.map((j) => [j.run_attempt, j.status])).toEqual([[2, "queued"]]);
    const all = await octokit.rest.actions.listJobsForWorkflowRun({ owner: "acme", repo: "infra", run_id: run.id, filter: "all" });
    expect(all.data.jobs.map((j) => j.run_attempt)).toEqual([1, 2]);

    updateRun(state, run.id, { status: "completed", conclusion: "success" });
    const queued = await octokit.rest.actions.listWorkflowRunsForRepo({ owner: "acme", repo: "infra", status: "queued" });
    expect(queued.data.total_count).toBe(0);
    const succeeded = await octokit.rest.actions.listWorkflowRunsForRepo({ owner: "acme", repo: "infra", status: "success" });
    expect(succeeded.data.workflow_runs.map((r) => r.id)).toEqual([run.id]);
  });
});

describe("faults and odd requests", () => {
  it("failNext(500, 1) fails exactly one request, then serves normally", async () => {
    gh.faults.failNext(500, 1);
    expect((await statusOf(octokit.rest.actions.listSelfHostedRunnersForOrg({ org: "acme" }))).status).toBe(500);
    const ok = await octokit.rest.actions.listSelfHostedRunnersForOrg({ org: "acme" });
    expect(ok.status).toBe(200);
  });

  it("failNext with a path filter only hits matching paths", async () => {
    gh.faults.failNext(403, 2, "/runner-groups");
    await expect(octokit.rest.actions.listSelfHostedRunnersForOrg({ org: "acme" })).resolves.toMatchObject({ status: 200 });
    const forbidden = await statusOf(octokit.request("GET /orgs/{org}/actions/runner-groups", { org: "acme" }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.message).not.toContain("rate limit");
    expect((await statusOf(octokit.request("GET /orgs/{org}/actions/runner-groups", { org: "acme" }))).status).toBe(403);
    await expect(octokit.request("GET /orgs/{org}/actions/runner-groups", { org: "acme" })).resolves.toMatchObject({ status: 200 });
  });

  it("adds latency and answers unknown paths with 404 Not Found", async () => {
    gh.faults.setLatency(60);
    const t0 = Date.now();
    const res = await statusOf(octokit.request("GET /nope/at/all"));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    gh.faults.setLatency(0);
    expect(res.status).toBe(404);
    expect(res.message).toContain("Not Found");
  });
});
