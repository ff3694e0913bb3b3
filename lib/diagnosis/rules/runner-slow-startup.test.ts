import { describe, expect, it } from "vitest";
import { rule } from "./runner-slow-startup";
import { NOW, aRunnerLife, aSnapshot, minutesAgo, plusSeconds, runnerName } from "../testing/builders";

function slowLife(i: number, scheduleS: number, pullS: number) {
  const createdAt = minutesAgo(40 - i * 5);
  return aRunnerLife({ name: runnerName(i), createdAt, scheduledAt: plusSeconds(createdAt, scheduleS), startedAt: plusSeconds(createdAt, scheduleS + pullS), readyAt: plusSeconds(createdAt, scheduleS + pullS + 3) });
}

describe("runner-slow-startup", () => {
  it("fires when the median start-up exceeds 2 min and names the dominant phase", () => {
    const lives = [0, 1, 2, 3].map((i) => slowLife(i, 200, 40));
    const [hit] = rule.evaluate(aSnapshot({ runnerHistory: lives }), { now: NOW });
    expect(hit?.title).toBe("Runners take 4 min to start (mostly scheduling)");
    expect(hit?.severity).toBe("info");
    expect(hit?.evidence[0]?.observation).toBe("Median created→ready 4 min over 4 runner lives; scheduling 3 min, image pull / init 40 s, runner start 3 s");
    expect(hit?.runbook[0]?.command).toContain("kubectl --context prod-eu -n arc-runners get events --field-selector involvedObject.name=");
  });

  it("stays silent for runners ready in seconds", () => {
    expect(rule.evaluate(aSnapshot({ runnerHistory: [0, 1, 2, 3].map((i) => aRunnerLife({ name: runnerName(i) })) }), { now: NOW })).toEqual([]);
  });

  it("needs 3 lives; a single slow runner does not fire, very slow pulls give a warning", () => {
    expect(rule.evaluate(aSnapshot({ runnerHistory: [slowLife(0, 5, 600), aRunnerLife({ name: runnerName(1) })] }), { now: NOW })).toEqual([]);
    const [hit] = rule.evaluate(aSnapshot({ runnerHistory: [0, 1, 2].map((i) => slowLife(i, 5, 400)) }), { now: NOW });
    expect(hit?.severity).toBe("warning");
    expect(hit?.title).toBe("Runners take 7 min to start (mostly image pull / init)");
  });
});
