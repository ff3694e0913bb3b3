import { describe, expect, it } from "vitest";
import { NOW, aContainerStatus, aNoJobExitLife, aPod, aRunner, aRunnerLife, aScaleSet, aSnapshot, minutesAgo, runnerName, secondsAgo } from "../testing/builders";
import { isBrokenSlot, slotUse } from "./slots";

const idle = (i: number, overrides: Parameters<typeof aRunner>[0] = {}) => aRunner({ name: runnerName(i), job: undefined, ...overrides });

describe("slots", () => {
  it("counts Failed runners and runners past start-up without a running runner container as broken", () => {
    expect(isBrokenSlot(idle(0, { phase: "Failed", createdAt: secondsAgo(5) }), NOW)).toBe(true);
    expect(isBrokenSlot(idle(0, { phase: "Pending", createdAt: minutesAgo(3), pod: undefined }), NOW)).toBe(true);
    const crashing = aPod({ name: runnerName(0), createdAt: minutesAgo(3), containerStatuses: [aContainerStatus({ state: "waiting", ready: false, reason: "CrashLoopBackOff" })] });
    expect(isBrokenSlot(idle(0, { createdAt: minutesAgo(3), pod: crashing }), NOW)).toBe(true);
  });

  it("does not count runners with a job, idle ready runners, or runners still starting", () => {
    expect(isBrokenSlot(aRunner({ phase: "Pending", pod: undefined, createdAt: minutesAgo(3) }), NOW)).toBe(false);
    expect(isBrokenSlot(idle(0, { createdAt: minutesAgo(20) }), NOW)).toBe(false);
    expect(isBrokenSlot(idle(0, { phase: "Pending", createdAt: secondsAgo(20), pod: undefined }), NOW)).toBe(false);
  });

  it("reports recent no-job endings only when they outnumber the lives that ran a job", () => {
    const set = aScaleSet();
    const noJob = [1, 2, 3].map((i) => aNoJobExitLife(i));
    expect(slotUse(aSnapshot({ scaleSets: [set], runnerHistory: noJob }), set, NOW).noJobEndings).toHaveLength(3);
    const worked = [4, 5, 6, 7].map((i) => aRunnerLife({ name: runnerName(i), createdAt: minutesAgo(9), finishedAt: minutesAgo(2) }));
    expect(slotUse(aSnapshot({ scaleSets: [set], runnerHistory: [...noJob, ...worked] }), set, NOW).noJobEndings).toEqual([]);
  });
});
