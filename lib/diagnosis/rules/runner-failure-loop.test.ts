import { describe, expect, it } from "vitest";
import { rule } from "./runner-failure-loop";
import { NOW, aLog, aRunner, aRunnerLife, aScaleSet, aSnapshot, minutesAgo, runnerName } from "../testing/builders";

describe("runner-failure-loop", () => {
  it("fires on ARC 0.11 runners stuck in Failed/TooManyPodFailures and says they hold maxRunners slots", () => {
    const stuck = [0, 1].map((i) =>
      aRunner({ name: runnerName(i), phase: "Failed", reason: "TooManyPodFailures", message: "Pod has failed to start more than 5 times: ", failureCount: 6, job: undefined, ready: false }),
    );
    const [hit] = rule.evaluate(aSnapshot({ scaleSets: [aScaleSet({ maxRunners: 2, version: "0.11.0" })], runners: stuck }), { now: NOW });
    expect(hit?.severity).toBe("critical");
    expect(hit?.title).toBe("Failed runners hold every slot of the scale set");
    expect(hit?.evidence[0]?.observation).toBe("2 runner(s) failing repeatedly; 2 stuck in Failed/TooManyPodFailures count toward maxRunners (2)");
    expect(hit?.runbook.at(-1)?.command).toBe(`kubectl --context prod-eu -n arc-runners delete ephemeralrunner ${runnerName(0)} ${runnerName(1)}`);
    expect(hit?.explanation).toContain("maxRunners");
  });

  it("fires as a warning on a 0.12+ runner with growing failures and controller back-off", () => {
    const r = aRunner({ phase: "Pending", failureCount: 4, failureTimes: [minutesAgo(6), minutesAgo(5), minutesAgo(4), minutesAgo(2)], reason: "Error", job: undefined });
    const log = aLog({ message: "Backing off the next reconciliation due to failure", fields: { ephemeralrunner: `arc-runners/${r.name}`, requeueAfter: "40s" } });
    const [hit] = rule.evaluate(aSnapshot({ scaleSets: [aScaleSet()], runners: [r], logs: [log] }), { now: NOW });
    expect(hit?.severity).toBe("warning");
    expect(hit?.since).toBe(minutesAgo(6));
    expect(hit?.evidence.some((e) => e.excerpt?.includes("Backing off the next reconciliation due to failure"))).toBe(true);
    expect(hit?.runbook[1]?.command).toBe(`kubectl --context prod-eu -n arc-runners describe ephemeralrunner ${r.name}`);
  });

  it("stays silent for healthy runners and for one or two transient failures", () => {
    const runners = [aRunner(), aRunner({ name: runnerName(1), failureCount: 1, failureTimes: [minutesAgo(3)] })];
    expect(rule.evaluate(aSnapshot({ scaleSets: [aScaleSet()], runners, runnerHistory: [aRunnerLife()] }), { now: NOW })).toEqual([]);
  });
});
