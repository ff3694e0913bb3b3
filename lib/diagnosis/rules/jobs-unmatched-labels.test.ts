import { describe, expect, it } from "vitest";
import { NOW, aGitHubRunner, aJob, aScaleSet, aSnapshot, minutesAgo, secondsAgo, withUnavailable } from "../testing/builders";
import { rule } from "./jobs-unmatched-labels";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const queued = (id: number, labels: string[], createdAt = minutesAgo(12), repository = "acme/api") =>
  aJob({ id, status: "queued", conclusion: null, labels, createdAt, startedAt: null, completedAt: null, runnerName: null, runnerGroupName: null, repository });

describe("jobs-unmatched-labels", () => {
  it("fires for jobs whose runs-on no scale set serves, naming the labels, jobs and exact commands", () => {
    const snap = aSnapshot({
      scaleSets: [aScaleSet(), aScaleSet({ name: "gpu", extraLabels: ["cuda"] })],
      github: { jobs: [queued(31000101, ["self-hosted", "gpu-large"]), queued(31000102, ["self-hosted", "gpu-large"], minutesAgo(4))], runners: [aGitHubRunner()] },
    });
    const [hit, ...rest] = run(snap);
    expect(rest).toHaveLength(0);
    expect(hit?.title).toBe("2 job(s) queued for runs-on [self-hosted, gpu-large]: no scale set serves these labels");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", object: "runs-on: [self-hosted, gpu-large]" });
    expect(hit?.evidence[0]).toMatchObject({ source: "GitHub job 31000101", excerpt: "runs-on: [self-hosted, gpu-large]" });
    expect(hit?.evidence[0]?.observation).toContain("acme/api queued for 12 min");
    expect(hit?.evidence.at(-1)?.observation).toContain("[gpu, cuda]");
    expect(hit?.runbook[0]?.command).toContain("kubectl --context prod-eu -A get autoscalingrunnersets -o custom-columns=");
    expect(hit?.runbook[1]?.command).toBe("gh api repos/acme/api/actions/jobs/31000101 --jq '{status, labels, runner_group_name, created_at}'");
    expect(hit?.confidence).toBe("high");
    expect(hit?.since).toBe(minutesAgo(12));
  });

  it("explains seed 001: runs-on [self-hosted] alone never reaches a scale set", () => {
    const hits = run(aSnapshot({ scaleSets: [aScaleSet({ name: "test-runner" })], github: { jobs: [queued(1, ["self-hosted"])] } }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.explanation).toContain("`self-hosted` alone never routes a job to a scale set");
  });

  it("stays silent for a healthy queue: matching labels, young or finished jobs", () => {
    const snap = aSnapshot({
      scaleSets: [aScaleSet()],
      github: { jobs: [queued(1, ["self-hosted", "WEB"]), queued(2, ["gpu"], secondsAgo(40)), aJob({ id: 3, labels: ["gpu"] })] },
    });
    expect(run(snap)).toEqual([]);
  });

  it("ignores GitHub-hosted labels and labels a non-ARC self-hosted runner carries", () => {
    const snap = aSnapshot({
      scaleSets: [aScaleSet()],
      github: {
        jobs: [queued(1, ["ubuntu-latest"]), queued(2, ["self-hosted", "build-vm"])],
        runners: [aGitHubRunner({ name: "build-vm-01", labels: ["self-hosted", "Linux", "build-vm"], status: "offline" })],
      },
    });
    expect(run(snap)).toEqual([]);
  });

  it("fires when the only scale set with that name is registered for another org, and says so", () => {
    const snap = aSnapshot({ scaleSets: [aScaleSet({ githubConfigUrl: "https://github.com/other-org" })], github: { jobs: [queued(7, ["web"])] } });
    const hits = run(withUnavailable(snap, "githubRunners"));
    expect(hits[0]?.explanation).toContain("registered for https://github.com/other-org");
    expect(hits[0]?.confidence).toBe("medium");
  });
});
