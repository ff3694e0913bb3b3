import { describe, expect, it } from "vitest";
import {
  addJob,
  addRun,
  createGitHubState,
  getJob,
  getRun,
  getRunner,
  jobsOfRun,
  nextId,
  registerRunner,
  removeRunner,
  runnersInScope,
  setRunner,
  updateJob,
} from "./state";

const runner = (name: string, scope = "acme") => ({ name, labels: ["arc-linux"], runnerGroupId: 1, scope });

describe("github state helpers", () => {
  it("hands out deterministic ids above existing ones", () => {
    const a = createGitHubState({ runnerGroups: [{ id: 1, org: "acme", name: "Default", visibility: "all", default: true, repositories: [] }] });
    const b = createGitHubState();
    expect([nextId(a), nextId(a)]).toEqual([1001, 1002]);
    expect(nextId(b)).toBe(1001);
    const c = createGitHubState({ jobs: [{ id: 5000, runId: 1, repo: "acme/web", name: "x", workflowName: "w", status: "queued", conclusion: null, labels: [], createdAt: "2026-11-22T10:00:00Z" }] });
    expect(nextId(c)).toBe(5001);
  });

  it("bumps the version on every mutation and the run's updatedAt on job changes", () => {
    const s = createGitHubState();
    const run = addRun(s, { repo: "acme/web", name: "CI", status: "queued", createdAt: "2026-11-22T10:00:00Z" });
    expect(run).toMatchObject({ runAttempt: 1, conclusion: null, updatedAt: "2026-11-22T10:00:00Z" });
    const v = s.version;

    const job = addJob(s, { runId: run.id, repo: "acme/web", name: "build", workflowName: "CI", labels: ["arc-linux"], createdAt: "2026-11-22T10:00:05Z" });
    expect(job.status).toBe("queued");
    expect(s.version).toBe(v + 1);
    expect(getRun(s, run.id)?.updatedAt).toBe("2026-11-22T10:00:05Z");

    updateJob(s, job.id, { status: "in_progress", startedAt: "2026-11-22T10:01:00Z", runnerName: "r1" });
    expect(s.version).toBe(v + 2);
    expect(getJob(s, job.id)).toMatchObject({ status: "in_progress", runnerName: "r1" });
    expect(run.updatedAt).toBe("2026-11-22T10:01:00Z");

    updateJob(s, job.id, { runnerGroupName: "arc" }, new Date("2026-11-22T10:02:00Z"));
    expect(run.updatedAt).toBe("2026-11-22T10:02:00.000Z");
    expect(updateJob(s, 999_999, { status: "completed" })).toBeUndefined();
    expect(s.version).toBe(v + 3);
  });

  it("registers, patches and removes runners by name", () => {
    const s = createGitHubState();
    registerRunner(s, runner("a"));
    registerRunner(s, runner("b", "acme/web"));
    expect(() => registerRunner(s, runner("a"))).toThrow(/already registered/);
    expect(getRunner(s, "a")).toMatchObject({ status: "online", busy: false, os: "Linux" });

    expect(setRunner(s, "a", { busy: true })?.busy).toBe(true);
    expect(runnersInScope(s, "ACME").map((r) => r.name)).toEqual(["a"]);

    expect(removeRunner(s, "a")).toBe(true);
    expect(removeRunner(s, "a")).toBe(false);
    expect(s.runners.map((r) => r.name)).toEqual(["b"]);
    expect(runnersInScope(s, "acme")).toEqual([]);
    expect(getRunner(s, "a")).toBeUndefined();
  });

  it("stays JSON-serializable and re-indexes a copy or direct edits that bump the version", () => {
    const s = createGitHubState();
    const run = addRun(s, { repo: "acme/web", name: "CI", status: "queued", createdAt: "2026-11-22T10:00:00Z" });
    addJob(s, { runId: run.id, repo: "acme/web", name: "build", workflowName: "CI", labels: [], createdAt: "2026-11-22T10:00:00Z" });

    const copy = createGitHubState(JSON.parse(JSON.stringify(s)));
    expect(jobsOfRun(copy, run.id).map((j) => j.name)).toEqual(["build"]);
    expect(nextId(copy)).toBe(nextId(s));

    s.runners.push({ id: 7, name: "manual", os: "Linux", status: "offline", busy: false, labels: [], runnerGroupId: 1, scope: "acme" });
    s.version++;
    expect(getRunner(s, "manual")?.id).toBe(7);
  });
});
