import { describe, expect, it } from "vitest";
import { NOW, aGitHubRunner, aRunner, aRunnerLife, aScaleSet, aSnapshot, minutesAgo, runnerName } from "../testing/builders";
import { rule } from "./github-runner-orphaned";
import type { FleetSnapshot, GitHubRunner } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const offline = (i: number): GitHubRunner => aGitHubRunner({ id: 2000 + i, name: runnerName(i), status: "offline", busy: false });

describe("github-runner-orphaned", () => {
  it("counts offline registrations whose EphemeralRunner is gone and gives the delete command", () => {
    const snap = aSnapshot({ scaleSets: [aScaleSet()], runners: [aRunner({ name: runnerName(0) })], github: { runners: [aGitHubRunner(), offline(5), offline(6), offline(7)] } });
    const [hit, ...rest] = run(snap);
    expect(rest).toHaveLength(0);
    expect(hit?.severity).toBe("info");
    expect(hit?.title).toBe("3 offline GitHub runner(s) of web have no EphemeralRunner");
    expect(hit?.evidence[0]?.observation).toBe(`GitHub runner ${runnerName(5)} (id 2005) is offline and no EphemeralRunner of that name exists`);
    expect(hit?.runbook[2]?.command).toBe("gh api -X DELETE orgs/acme/actions/runners/2005");
    expect(hit?.runbook[1]?.command).toContain("kubectl --context prod-eu -n arc-systems logs deploy/arc-gha-rs-controller");
  });

  it("is a warning from ten orphans", () => {
    const many = Array.from({ length: 12 }, (_, i) => offline(i + 10));
    const [hit] = run(aSnapshot({ scaleSets: [aScaleSet()], github: { runners: many } }));
    expect(hit?.severity).toBe("warning");
    expect(hit?.evidence.at(-1)?.observation).toBe("12 orphaned registrations in total for web");
  });

  it("stays silent for live runners, foreign runners and removals still in flight", () => {
    const snap = aSnapshot({
      scaleSets: [aScaleSet()],
      runners: [aRunner({ name: runnerName(1) })],
      runnerHistory: [aRunnerLife({ name: runnerName(2), deletedAt: minutesAgo(2) })],
      github: {
        runners: [offline(1), offline(2), aGitHubRunner({ id: 7, name: "build-vm-01", status: "offline", labels: ["self-hosted"] }), aGitHubRunner({ id: 8, name: runnerName(3, "gpu-abcde") , status: "offline" })],
      },
    });
    expect(run(snap)).toEqual([]);
    const ended = { ...snap, runnerHistory: [aRunnerLife({ name: runnerName(2), deletedAt: minutesAgo(20) })] };
    expect(run(ended)[0]?.title).toBe("1 offline GitHub runner(s) of web have no EphemeralRunner");
  });
});
