import { afterAll, describe, expect, it } from "vitest";
import { VirtualClock } from "@/lib/simulator/clock";
import { applyJsonPatch, applyMergePatch, PatchError } from "./patch";
import { createPodLogs, formatLogTimestamp } from "./pod-logs";
import { findResource } from "./resources";
import { humanDuration, podStatusReason, toTable } from "./tables";
import type { KubeObject } from "./types";

const clock = new VirtualClock({ kind: "stepped", start: new Date("2026-11-22T12:00:00Z") });
afterAll(() => clock.stop());

describe("pod log store", () => {
  it("keeps the newest lines per container within its bound", () => {
    const logs = createPodLogs(clock, { maxLinesPerContainer: 3 });
    for (let i = 1; i <= 10; i++) logs.append("ns", "p", "runner", `line ${i}\n`, new Date(1000 * i));
    expect(logs.read("ns", "p", "runner").map((l) => l.text)).toEqual(["line 8", "line 9", "line 10"]);
    expect(logs.read("ns", "p", "runner", { tailLines: 0 })).toEqual([]);
    expect(logs.containers("ns", "p")).toEqual(["runner"]);
    logs.deletePod("ns", "p");
    expect(logs.read("ns", "p", "runner")).toEqual([]);
  });

  it("formats timestamps like the kubelet (RFC3339, nine fractional digits)", () => {
    expect(formatLogTimestamp(Date.parse("2026-11-22T12:00:01.5Z"))).toBe("2026-11-22T12:00:01.500000000Z");
  });
});

describe("human durations (AGE column)", () => {
  it.each([
    [5_000, "5s"],
    [119_000, "119s"],
    [125_000, "2m5s"],
    [600_000, "10m"],
    [3 * 3600_000 + 5 * 60_000, "3h5m"],
    [30 * 3600_000, "30h"],
    [3 * 86_400_000 + 3 * 3600_000, "3d3h"],
    [400 * 86_400_000, "400d"],
    [-5_000, "<invalid>"],
  ])("%d ms → %s", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

function pod(status: Record<string, unknown>, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "runner" }], initContainers: [{ name: "init-dind-externals" }] }, status, ...extra };
}

describe("pod STATUS column", () => {
  it("shows init progress, waiting reasons, termination reasons and Terminating", () => {
    expect(podStatusReason(pod({ phase: "Pending", initContainerStatuses: [{ name: "init-dind-externals", state: { running: {} } }] }))).toBe("Init:0/1");
    expect(podStatusReason(pod({ phase: "Pending", initContainerStatuses: [{ name: "init-dind-externals", state: { terminated: { exitCode: 1, reason: "Error" } } }] }))).toBe("Init:Error");
    expect(podStatusReason(pod({ phase: "Pending", containerStatuses: [{ name: "runner", state: { waiting: { reason: "ImagePullBackOff" } } }] }))).toBe("ImagePullBackOff");
    expect(podStatusReason(pod({ phase: "Failed", containerStatuses: [{ name: "runner", state: { terminated: { exitCode: 137 } } }] }))).toBe("ExitCode:137");
    expect(podStatusReason(pod({ phase: "Failed", reason: "Evicted" }))).toBe("Evicted");
    expect(podStatusReason(pod({ phase: "Running" }, { metadata: { name: "p", deletionTimestamp: "2026-11-22T12:00:00Z" } }))).toBe("Terminating");
  });
});

describe("Tables", () => {
  it("prints CRD printer columns without an Age column where the CRD has none", () => {
    const info = findResource("actions.github.com", "v1alpha1", "autoscalingrunnersets");
    if (!info) throw new Error("ARS resource missing");
    const ars: KubeObject = { apiVersion: "actions.github.com/v1alpha1", kind: "AutoscalingRunnerSet", metadata: { name: "set-a", namespace: "arc" }, spec: { minRunners: 1, maxRunners: 10 }, status: { currentRunners: 3 } };
    const table = toTable(info, [ars], { nowMs: clock.nowMs(), includeObject: "Metadata" });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual([
      "Name", "Minimum Runners", "Maximum Runners", "Current Runners", "State", "Pending Runners", "Running Runners", "Finished Runners", "Deleting Runners",
    ]);
    expect(table.rows[0]?.cells).toEqual(["set-a", 1, 10, 3, null, null, null, null, null]);
    expect(table.rows[0]?.object).toEqual({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: ars.metadata });
  });
});

describe("patches", () => {
  it("merge patch replaces, adds and deletes with null", () => {
    expect(applyMergePatch({ spec: { a: 1, b: 2 }, keep: true }, { spec: { a: 3, b: null, c: [1] } })).toEqual({ spec: { a: 3, c: [1] }, keep: true });
  });

  it("JSON patch applies add/replace/remove/test and fails a bad test", () => {
    const doc = { spec: { holderIdentity: "a", list: [1, 2] } };
    expect(
      applyJsonPatch(doc, [
        { op: "test", path: "/spec/holderIdentity", value: "a" },
        { op: "replace", path: "/spec/holderIdentity", value: "b" },
        { op: "add", path: "/spec/list/-", value: 3 },
        { op: "remove", path: "/spec/list/0" },
        { op: "add", path: "/spec/a~1b", value: true },
      ]),
    ).toEqual({ spec: { holderIdentity: "b", list: [2, 3], "a/b": true } });
    expect(doc.spec.holderIdentity).toBe("a");
    expect(() => applyJsonPatch(doc, [{ op: "test", path: "/spec/holderIdentity", value: "z" }])).toThrow(PatchError);
  });
});
