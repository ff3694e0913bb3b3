import { describe, expect, it } from "vitest";
import { rule } from "./runner-oom-killed";
import { NOW, aContainerSpec, aContainerStatus, aPod, aRunner, aRunnerLife, aSnapshot, runnerName } from "../testing/builders";

describe("runner-oom-killed", () => {
  it("fires on an OOMKilled runner container and names the memory limit", () => {
    const name = runnerName(0);
    const pod = aPod({
      name,
      phase: "Failed",
      containers: [aContainerSpec({ resources: { requests: { memory: "2Gi" }, limits: { memory: "4Gi" } } })],
      containerStatuses: [aContainerStatus({ state: "terminated", ready: false, reason: "OOMKilled", exitCode: 137 })],
    });
    const life = aRunnerLife({ name: runnerName(1), outcome: "oom-killed", exitCode: 137, reason: "OOMKilled" });
    const [hit] = rule.evaluate(aSnapshot({ runners: [aRunner({ name, pod })], runnerHistory: [life] }), { now: NOW });
    expect(hit?.title).toBe("Runner containers OOM-killed (memory limit 4Gi)");
    expect(hit?.severity).toBe("warning");
    expect(hit?.evidence[0]?.observation).toBe("2 runner(s) OOM-killed in the window");
    expect(hit?.evidence.some((e) => e.observation === 'OOM-killed while running job "build" (exit 137)')).toBe(true);
    expect(hit?.evidence.some((e) => e.observation === "Container runner OOMKilled (exit 137), memory limit 4Gi")).toBe(true);
    expect(hit?.runbook[0]?.command).toBe(`kubectl --context prod-eu -n arc-runners describe pod ${runnerName(1)}`);
  });

  it("stays silent on healthy runners", () => {
    expect(rule.evaluate(aSnapshot({ runners: [aRunner()], runnerHistory: [aRunnerLife()] }), { now: NOW })).toEqual([]);
  });

  it("does not count a bare exit 137 without OOMKilled; covers workflow pods' job container", () => {
    const sigkill = aRunnerLife({ outcome: "failed", exitCode: 137, reason: "Error" });
    expect(rule.evaluate(aSnapshot({ runnerHistory: [sigkill] }), { now: NOW })).toEqual([]);
    const wf = aPod({ name: `${runnerName(2)}-workflow`, role: "workflow", runnerPod: runnerName(2), scaleSet: undefined, containerStatuses: [aContainerStatus({ name: "job", state: "running", lastTerminated: { reason: "OOMKilled", exitCode: 137 } })] });
    const [hit] = rule.evaluate(aSnapshot({ pods: [wf] }), { now: NOW });
    expect(hit?.subject.scaleSet).toBe("web");
    expect(hit?.evidence[1]?.observation).toBe("Container job OOMKilled (exit 137), no memory limit set");
  });
});
