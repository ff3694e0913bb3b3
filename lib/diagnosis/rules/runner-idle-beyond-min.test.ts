import { describe, expect, it } from "vitest";
import { NOW, aGitHubRunner, aJob, aPod, aRunner, aScaleSet, aSnapshot, minutesAgo, runnerName } from "../testing/builders";
import { rule } from "./runner-idle-beyond-min";
import type { FleetSnapshot, RunnerState } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const idle = (i: number, minutes = 30): RunnerState => {
  const name = runnerName(i);
  return aRunner({ name, job: undefined, createdAt: minutesAgo(minutes), pod: aPod({ name, createdAt: minutesAgo(minutes) }) });
};
const busy = aRunner({ name: runnerName(9) });

describe("runner-idle-beyond-min", () => {
  it("fires for runners idle > 10 min above minRunners with nothing queued, and names them", () => {
    const snap = aSnapshot({ scaleSets: [aScaleSet({ minRunners: 1 })], runners: [busy, idle(1), idle(2, 45), idle(3)] });
    const [hit] = run(snap);
    expect(hit?.title).toBe("2 idle runner(s) above minRunners (1) in web");
    expect(hit?.evidence[0]?.observation).toBe("4 runner(s) for minRunners 1; 3 idle for over 10 min, none queued");
    expect(hit?.evidence[1]).toMatchObject({ source: `EphemeralRunner arc-runners/${runnerName(2)}` });
    expect(hit?.evidence[1]?.observation).toContain("Running without a job for 45 min");
    expect(hit?.runbook[1]?.command).toContain("gh api orgs/acme/actions/runners --paginate");
    expect(hit?.runbook.at(-1)?.command).toBe(`kubectl --context prod-eu -n arc-runners delete ephemeralrunner ${runnerName(2)} ${runnerName(1)}`);
    expect(hit?.confidence).toBe("medium");
  });

  it("says when GitHub lists an idle runner offline (lost registration)", () => {
    const snap = aSnapshot({ scaleSets: [aScaleSet({ minRunners: 0 })], runners: [idle(1)], github: { runners: [aGitHubRunner({ name: runnerName(1), status: "offline", busy: false })] } });
    const [hit] = run(snap);
    expect(hit?.title).toBe("1 idle runner(s) above minRunners (0) in web, 1 offline on GitHub");
    expect(hit?.confidence).toBe("high");
  });

  it("stays silent for the warm pool, short idleness, or when jobs are queued", () => {
    expect(run(aSnapshot({ scaleSets: [aScaleSet({ minRunners: 2 })], runners: [idle(1), idle(2)] }))).toEqual([]);
    expect(run(aSnapshot({ scaleSets: [aScaleSet({ minRunners: 1 })], runners: [busy, aRunner({ name: runnerName(8) }), idle(1)] }))).toEqual([]);
    expect(run(aSnapshot({ scaleSets: [aScaleSet({ minRunners: 0 })], runners: [idle(1, 4)] }))).toEqual([]);
    const queued = aJob({ id: 5, status: "queued", conclusion: null, createdAt: minutesAgo(1), startedAt: null, completedAt: null, runnerName: null });
    expect(run(aSnapshot({ scaleSets: [aScaleSet({ minRunners: 0 })], runners: [idle(1)], github: { jobs: [queued] } }))).toEqual([]);
  });

  it("builds the runner API path for repo, org and enterprise scale sets", () => {
    const ghCommand = (githubConfigUrl: string) => run(aSnapshot({ scaleSets: [aScaleSet({ minRunners: 0, githubConfigUrl })], runners: [idle(1)] }))[0]?.runbook[1]?.command;
    expect(ghCommand("https://github.com/acme/api")).toContain("gh api repos/acme/api/actions/runners");
    expect(ghCommand("https://github.com/acme")).toContain("gh api orgs/acme/actions/runners");
    expect(ghCommand("https://github.com/enterprises/big")).toContain("gh api enterprises/big/actions/runners");
  });
});
