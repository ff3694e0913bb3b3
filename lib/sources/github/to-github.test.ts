import { describe, expect, it } from "vitest";
import { scopeFromConfigUrl, toGitHubJob, toGitHubRunner, toGitHubRunnerGroup } from "./to-github";

describe("GitHub REST → domain records", () => {
  it("reads the poll scope from a scale set's githubConfigUrl", () => {
    expect(scopeFromConfigUrl("https://github.com/acme/web")).toEqual({ kind: "repo", repo: "acme/web" });
    expect(scopeFromConfigUrl("https://github.com/acme")).toEqual({ kind: "org", org: "acme" });
    expect(scopeFromConfigUrl("https://github.com/enterprises/bigco")).toEqual({ kind: "enterprise", enterprise: "bigco" });
    expect(scopeFromConfigUrl("not a url")).toBeUndefined();
  });

  it("maps runners with label objects and runner groups with their repositories", () => {
    const r = toGitHubRunner({ id: 7, name: "web-x7k2p-runner-4tq9z", os: "Linux", status: "online", busy: true, labels: [{ id: 1, name: "self-hosted", type: "read-only" }, { id: 2, name: "web", type: "custom" }], runner_group_id: 3 }, "acme");
    expect(r).toEqual({ id: 7, name: "web-x7k2p-runner-4tq9z", scope: "acme", os: "Linux", status: "online", busy: true, labels: ["self-hosted", "web"], runnerGroupId: 3 });
    const g = toGitHubRunnerGroup({ id: 3, name: "restricted", visibility: "selected", default: false, allows_public_repositories: false, restricted_to_workflows: false }, "acme", ["acme/api"]);
    expect(g).toEqual({ id: 3, org: "acme", name: "restricted", visibility: "selected", default: false, repositories: ["acme/api"], allowsPublicRepositories: false, restrictedToWorkflows: false });
  });

  it("rejects job payloads missing what identifies them instead of inventing values", () => {
    expect(toGitHubJob({ id: 1, status: "queued", created_at: "2026-11-22T10:00:00Z" }, "acme/web")).toBeUndefined();
    expect(toGitHubJob({ id: 1, run_id: 2, status: "exploded", created_at: "2026-11-22T10:00:00Z" }, "acme/web")).toBeUndefined();
    expect(toGitHubJob({ id: 1, run_id: 2, status: "queued", created_at: "2026-11-22T10:00:00Z", labels: ["web", 3] }, "acme/web")).toMatchObject({ labels: ["web"], runnerName: null });
  });
});
