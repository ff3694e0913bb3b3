import { describe, expect, it } from "vitest";
import { NOW, aJob, aListenerSample, aNoJobExitLife, aPod, aRunner, aScaleSet, aSnapshot, minutesAgo, runnerName, secondsAgo } from "../testing/builders";
import { rule } from "./scale-set-at-max";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const queued = (id: number, createdAt: string) =>
  aJob({ id, status: "queued", conclusion: null, createdAt, startedAt: null, completedAt: null, runnerName: null, runnerGroupName: null });
const full = aScaleSet({ maxRunners: 5, status: { currentRunners: 5, runningEphemeralRunners: 5 } });

describe("scale-set-at-max", () => {
  it("fires when the listener has more jobs assigned than maxRunners", () => {
    const over = { assignedJobs: 9, runningJobs: 5, desiredRunners: 5, maxRunners: 5 };
    const snap = aSnapshot({ scaleSets: [full], listenerSamples: [aListenerSample({ ...over, at: secondsAgo(90) }), aListenerSample(over)] });
    const [hit] = run(snap);
    expect(hit?.title).toBe("web is at maxRunners (5) with 4 job(s) waiting");
    expect(hit?.confidence).toBe("high");
    expect(hit?.evidence[1]?.excerpt).toContain("assigned=9");
    expect(hit?.runbook[0]?.command).toBe("kubectl --context prod-eu -n arc-runners get autoscalingrunnerset web -o jsonpath='{.spec.minRunners} {.spec.maxRunners}{\"\\n\"}'");
    expect(hit?.runbook[2]?.command).toContain("--set maxRunners=10");
  });

  it("ignores a peak: the listener must report more jobs than max for a minute", () => {
    const over = { assignedJobs: 9, runningJobs: 5, desiredRunners: 5, maxRunners: 5 };
    expect(run(aSnapshot({ scaleSets: [full], listenerSamples: [aListenerSample({ ...over, at: secondsAgo(30) }), aListenerSample(over)] }))).toEqual([]);
    const dipped = [aListenerSample({ ...over, at: secondsAgo(120) }), aListenerSample({ ...over, assignedJobs: 4, at: secondsAgo(45) }), aListenerSample(over)];
    expect(run(aSnapshot({ scaleSets: [full], listenerSamples: dipped }))).toEqual([]);
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

  describe("slots held by broken runners", () => {
    const waiting = [queued(1, minutesAgo(4))];
    const small = aScaleSet({ maxRunners: 2, status: { currentRunners: 2 } });
    const idle = (i: number, overrides: Parameters<typeof aRunner>[0] = {}) => aRunner({ name: runnerName(i), runnerId: 2000 + i, job: undefined, ...overrides });
    const pending = (i: number) => idle(i, { phase: "Pending", createdAt: minutesAgo(5), pod: aPod({ name: runnerName(i), phase: "Pending", createdAt: minutesAgo(5), containerStatuses: [] }) });

    it("stays silent when the runners at max are Pending or Failed without a job (the runner findings name the cause)", () => {
      expect(run(aSnapshot({ scaleSets: [small], runners: [aRunner(), pending(1)], github: { jobs: waiting } }))).toEqual([]);
      expect(run(aSnapshot({ scaleSets: [small], runners: [idle(0, { phase: "Failed", reason: "TooManyPodFailures", pod: undefined }), pending(1)], github: { jobs: waiting } }))).toEqual([]);
    });

    it("stays silent when the set's runners keep exiting without a job (crash loop)", () => {
      const one = aScaleSet({ maxRunners: 1, status: { currentRunners: 1 } });
      const lives = [0, 1, 2, 3].map((i) => aNoJobExitLife(i + 1));
      expect(run(aSnapshot({ scaleSets: [one], runners: [idle(0, { createdAt: secondsAgo(1) })], runnerHistory: lives, github: { jobs: waiting } }))).toEqual([]);
    });

    it("still fires when the runners at max run jobs, or one is just starting between jobs", () => {
      expect(run(aSnapshot({ scaleSets: [small], runners: [aRunner(), aRunner({ name: runnerName(1), runnerId: 1002 })], github: { jobs: waiting } }))).toHaveLength(1);
      const starting = idle(1, { phase: "Pending", createdAt: secondsAgo(10), pod: aPod({ name: runnerName(1), phase: "Pending", createdAt: secondsAgo(10), containerStatuses: [] }) });
      expect(run(aSnapshot({ scaleSets: [small], runners: [aRunner(), starting], github: { jobs: waiting } }))).toHaveLength(1);
    });
  });
});
