import { describe, expect, it } from "vitest";
import { NOW, aContainerStatus, aJob, aPod, aRunner, aRunnerLife, aRunnerSet, aScaleSet, aSnapshot, minutesAgo, runnerName, secondsAgo } from "../testing/builders";
import { rule } from "./job-at-risk";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const running = (id: number, runner: string) => aJob({ id, status: "in_progress", conclusion: null, createdAt: minutesAgo(20), startedAt: minutesAgo(18), completedAt: null, runnerName: runner });
const oomRunner = aRunner({
  pod: aPod({ containerStatuses: [aContainerStatus({ state: "terminated", ready: false, reason: "OOMKilled", exitCode: 137, finishedAt: minutesAgo(3) })] }),
});

describe("job-at-risk", () => {
  it("fires when a job is in progress on a runner whose container was OOMKilled", () => {
    const [hit, ...rest] = run(aSnapshot({ scaleSets: [aScaleSet()], runners: [oomRunner], github: { jobs: [running(31001401, runnerName(0))] } }));
    expect(rest).toHaveLength(0);
    expect(hit?.title).toBe('Job "build" is running on a runner that is failing or gone');
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web", runner: runnerName(0) });
    expect(hit?.evidence[0]?.observation).toBe(`Job 31001401 "build" (acme/api) is in progress on ${runnerName(0)}, but its runner container terminated OOMKilled (exit 137) 3 min ago`);
    expect(hit?.runbook[0]?.command).toBe("gh api repos/acme/api/actions/jobs/31001401 --jq '{status, runner_name, started_at}'");
    expect(hit?.runbook.some((s) => s.command === `kubectl --context prod-eu -n arc-runners describe ephemeralrunner ${runnerName(0)}`)).toBe(true);
    expect(hit?.confidence).toBe("high");
  });

  it("groups jobs whose runners were deleted (history) or no longer exist", () => {
    const life = aRunnerLife({ name: runnerName(1), outcome: "evicted", reason: "Evicted", deletedAt: minutesAgo(5), finishedAt: minutesAgo(5) });
    const otherCluster = running(3, runnerName(3, "web-zz9zz"));
    const snap = aSnapshot({ scaleSets: [aScaleSet()], runnerSets: [aRunnerSet()], runners: [], runnerHistory: [life], github: { jobs: [running(1, runnerName(1)), running(2, runnerName(2)), otherCluster] } });
    const [hit] = run(snap);
    expect(hit?.title).toBe("2 running jobs on web have lost their runner");
    expect(hit?.evidence[0]?.observation).toContain("its EphemeralRunner was evicted 5 min ago (Evicted)");
    expect(hit?.evidence[1]?.observation).toContain("no EphemeralRunner of that name exists");
    expect(hit?.confidence).toBe("medium");
  });

  it("stays silent for healthy runners, finished jobs, fresh changes and non-ARC runners", () => {
    const deleting = aRunner({ name: runnerName(3), deletionTimestamp: secondsAgo(20) });
    const snap = aSnapshot({
      scaleSets: [aScaleSet()],
      runners: [aRunner(), deleting],
      github: { jobs: [running(1, runnerName(0)), running(2, runnerName(3)), running(3, "GitHub Actions 12"), aJob({ id: 4, runnerName: runnerName(7) })] },
    });
    expect(run(snap)).toEqual([]);
  });

  it("stays silent when GitHub still shows the job running on a runner that finished it normally (polling lag)", () => {
    const done = aRunnerLife({ name: runnerName(1), outcome: "succeeded", exitCode: 0, finishedAt: minutesAgo(3), deletedAt: minutesAgo(3) });
    const snap = aSnapshot({ scaleSets: [aScaleSet()], runnerSets: [aRunnerSet()], runners: [], runnerHistory: [done], github: { jobs: [running(1, runnerName(1))] } });
    expect(run(snap)).toEqual([]);
  });
});
