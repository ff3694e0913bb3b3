import { describe, expect, it } from "vitest";
import { growthPer4x, superlinearRules } from "./growth";
import { rowsPerDay } from "./memory";
import { REFERENCE_FLEET } from "./fleet";
import { showsFault } from "./evidence";
import { summarize } from "./timing";
import type { KubeObject } from "@/lib/simulator/kube/types";

const pod = (status: Record<string, unknown>): KubeObject => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "arc-runners" }, status });

describe("bench harness", () => {
  it("reads growth per 4× fleet: 4 = linear, 1 = flat, 16 = quadratic, whatever the span", () => {
    expect(growthPer4x(10, 40, 4)).toBeCloseTo(4);
    expect(growthPer4x(10, 10, 4)).toBeCloseTo(1);
    expect(growthPer4x(10, 160, 4)).toBeCloseTo(16);
    expect(growthPer4x(10, 160, 16)).toBeCloseTo(4);
    expect(growthPer4x(0, 10, 4)).toBeNaN();
  });

  it("summarizes with nearest-rank percentiles", () => {
    expect(summarize(Array.from({ length: 20 }, (_, i) => i + 1))).toEqual({ n: 20, p50: 10, p95: 19, max: 20 });
  });

  it("counts a day of the reference fleet's rows", () => {
    const r = rowsPerDay(REFERENCE_FLEET);
    expect(r.runner_lives).toBe(480_000);
    expect(r.listener_samples).toBe(200 * 5760);
    expect(r.github_jobs).toBe(50_000);
  });

  it("takes an ended runner container, a bad waiting reason or a Warning event as fault evidence, not a healthy pod", () => {
    expect(showsFault("pod", pod({ phase: "Running", containerStatuses: [{ name: "runner", state: { running: {} } }] }))).toBe(false);
    expect(showsFault("pod", pod({ phase: "Running", containerStatuses: [{ name: "runner", state: { terminated: { exitCode: 0, reason: "Completed" } } }] }))).toBe(true);
    expect(showsFault("pod", pod({ phase: "Pending", containerStatuses: [{ name: "listener", state: { waiting: { reason: "ImagePullBackOff" } } }] }))).toBe(true);
    expect(showsFault("pod", pod({ phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable" }] }))).toBe(true);
    expect(showsFault("ephemeralrunner", { ...pod({ phase: "Running" }), kind: "EphemeralRunner" })).toBe(false);
    expect(showsFault("ephemeralrunner", { ...pod({ phase: "Failed", reason: "InvalidPod" }), kind: "EphemeralRunner" })).toBe(true);
    expect(showsFault("event", { ...pod({}), kind: "Event", type: "Warning" })).toBe(true);
    expect(showsFault("event", { ...pod({}), kind: "Event", type: "Normal" })).toBe(false);
  });
});

describe("superlinear rules", () => {
  it("names rules that take ≥ 10 ms and grow faster than the fleet, slowest first", () => {
    const out = superlinearRules({ a: 10, b: 5, c: 100, d: 1 }, { a: 40, b: 400, c: 2000, d: 9 }, 4);
    expect(out).toEqual(["c 2000 ms (20.0× per 4×)", "b 400 ms (80.0× per 4×)"]);
  });
});
