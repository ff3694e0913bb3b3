import { describe, expect, it } from "vitest";
import { NOW, aJob, aListenerSample, aScaleSet, aSnapshot, minutesAgo } from "../testing/builders";
import { rule } from "./scale-set-at-max";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const queued = (id: number, createdAt: string) =>
  aJob({ id, status: "queued", conclusion: null, createdAt, startedAt: null, completedAt: null, runnerName: null, runnerGroupName: null });
const full = aScaleSet({ maxRunners: 5, status: { currentRunners: 5, runningEphemeralRunners: 5 } });

describe("scale-set-at-max", () => {
  it("fires when the listener has more jobs assigned than maxRunners", () => {
    const snap = aSnapshot({ scaleSets: [full], listenerSamples: [aListenerSample({ assignedJobs: 9, runningJobs: 5, desiredRunners: 5, maxRunners: 5 })] });
    const [hit] = run(snap);
    expect(hit?.title).toBe("web is at maxRunners (5) with 4 job(s) waiting");
    expect(hit?.confidence).toBe("high");
    expect(hit?.evidence[1]?.excerpt).toContain("assigned=9");
    expect(hit?.runbook[0]?.command).toBe("kubectl --context prod-eu -n arc-runners get autoscalingrunnerset web -o jsonpath='{.spec.minRunners} {.spec.maxRunners}{\"\\n\"}'");
    expect(hit?.runbook[2]?.command).toContain("--set maxRunners=10");
  });

  it("uses GitHub's queue for the oldest wait when the listener data is missing", () => {
    const snap = aSnapshot({ scaleSets: [full], github: { jobs: [queued(1, minutesAgo(7)), queued(2, minutesAgo(2))] } });
    const [hit] = run(snap);
    expect(hit?.title).toBe("web is at maxRunners (5) with 2 job(s) waiting, oldest 7 min");
    expect(hit?.confidence).toBe("medium");
    expect(hit?.evidence.some((e) => e.source === "GitHub job 1")).toBe(true);
  });

  it("stays silent when full but nothing waits, or when below max", () => {
    expect(run(aSnapshot({ scaleSets: [full], listenerSamples: [aListenerSample({ assignedJobs: 5, desiredRunners: 5, maxRunners: 5 })] }))).toEqual([]);
    const roomy = aScaleSet({ maxRunners: 20, status: { currentRunners: 3 } });
    expect(run(aSnapshot({ scaleSets: [roomy], github: { jobs: [queued(1, minutesAgo(3))] } }))).toEqual([]);
  });

  it("leaves unset and zero maxRunners to scale-set-min-max-invalid", () => {
    const unbounded = aScaleSet({ maxRunners: undefined, status: { currentRunners: 50 } });
    const zero = aScaleSet({ name: "off", maxRunners: 0, status: { currentRunners: 0 } });
    expect(run(aSnapshot({ scaleSets: [unbounded, zero], github: { jobs: [queued(1, minutesAgo(3)), aJob({ id: 2, status: "queued", labels: ["off"], createdAt: minutesAgo(3) })] } }))).toEqual([]);
  });
});
