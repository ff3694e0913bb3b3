import { describe, expect, it } from "vitest";
import { NOW, aJob, aRunnerGroup, aScaleSet, aSnapshot, minutesAgo } from "../testing/builders";
import { rule } from "./jobs-runner-group-denied";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const queued = (id: number, repository: string) =>
  aJob({ id, repository, status: "queued", conclusion: null, labels: ["web"], createdAt: minutesAgo(5), startedAt: null, completedAt: null, runnerName: null, runnerGroupName: null });
const restricted = aRunnerGroup({ id: 2, name: "restricted", visibility: "selected", default: false, repositories: ["acme/api"] });

describe("jobs-runner-group-denied", () => {
  it("fires when the scale set's selected runner group does not list the job's repository", () => {
    const snap = aSnapshot({
      scaleSets: [aScaleSet({ runnerGroup: "restricted" })],
      github: { jobs: [queued(31000201, "acme/web")], runnerGroups: [aRunnerGroup(), restricted] },
    });
    const hits = run(snap);
    expect(hits).toHaveLength(1);
    const hit = hits[0];
    expect(hit?.title).toBe('Runner group "restricted" does not allow acme/web: 1 job(s) stuck');
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.excerpt).toBe("allowed: acme/api");
    expect(hit?.evidence.some((e) => e.source === "GitHub job 31000201")).toBe(true);
    expect(hit?.runbook[1]?.command).toBe("gh api orgs/acme/actions/runner-groups/2/repositories --paginate --jq '.repositories[].full_name'");
    expect(hit?.runbook[2]?.command).toContain("gh api -X PUT orgs/acme/actions/runner-groups/2/repositories/$(gh api repos/acme/web --jq .id)");
  });

  it("stays silent when the repository is allowed", () => {
    const snap = aSnapshot({ scaleSets: [aScaleSet({ runnerGroup: "restricted" })], github: { jobs: [queued(1, "acme/api")], runnerGroups: [restricted] } });
    expect(run(snap)).toEqual([]);
  });

  it("stays silent when another matching scale set's group admits the job, or the group cannot be judged", () => {
    const twoSets = aSnapshot({
      scaleSets: [aScaleSet({ runnerGroup: "restricted" }), aScaleSet({ namespace: "arc-runners-2", runnerGroup: "" })],
      github: { jobs: [queued(1, "acme/web")], runnerGroups: [aRunnerGroup(), restricted] },
    });
    expect(run(twoSets)).toEqual([]);
    const privateGroup = aSnapshot({
      scaleSets: [aScaleSet({ runnerGroup: "private-only" })],
      github: { jobs: [queued(1, "acme/web")], runnerGroups: [aRunnerGroup({ id: 3, name: "private-only", visibility: "private", default: false })] },
    });
    expect(run(privateGroup)).toEqual([]);
    const unknownGroup = aSnapshot({ scaleSets: [aScaleSet({ runnerGroup: "missing" })], github: { jobs: [queued(1, "acme/web")], runnerGroups: [aRunnerGroup()] } });
    expect(run(unknownGroup)).toEqual([]);
  });
});
