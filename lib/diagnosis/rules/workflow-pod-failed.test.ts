import { describe, expect, it } from "vitest";
import { rule } from "./workflow-pod-failed";
import { NOW, aContainerStatus, aLog, aPod, aScaleSet, aSnapshot, anEvent, runnerName } from "../testing/builders";

function workflowPod(i: number, phase: "Failed" | "Running" = "Failed") {
  const runner = runnerName(i);
  return aPod({
    name: `${runner}-workflow`,
    role: "workflow",
    runnerPod: runner,
    scaleSet: undefined,
    labels: { "runner-pod": runner },
    phase,
    containers: [],
    containerStatuses: [aContainerStatus({ name: "job", image: "node:20", state: phase === "Failed" ? "terminated" : "running", ready: phase !== "Failed", reason: phase === "Failed" ? "ContainerCannotRun" : undefined, exitCode: phase === "Failed" ? 128 : undefined })],
  });
}

describe("workflow-pod-failed", () => {
  it("fires on failed workflow pods plus the hook error, pointing at the hook template", () => {
    const set = aScaleSet({ containerMode: "kubernetes", hookTemplatePath: "/home/runner/k8s/hook-template.yaml" });
    const log = aLog({ origin: "runner", pod: runnerName(0), message: `Error: Pod ${runnerName(0)}-workflow is unhealthy with phase status Failed: {}` });
    const [hit] = rule.evaluate(aSnapshot({ scaleSets: [set], pods: [workflowPod(0), workflowPod(1)], logs: [log] }), { now: NOW });
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.observation).toBe("2 runner(s) had a failing workflow pod in the window");
    expect(hit?.evidence.some((e) => e.excerpt?.includes("is unhealthy with phase status Failed: {}"))).toBe(true);
    expect(hit?.explanation).toContain("/home/runner/k8s/hook-template.yaml");
    expect(hit?.runbook[0]?.command).toBe(`kubectl --context prod-eu -n arc-runners describe pod ${runnerName(0)}-workflow`);
    expect(hit?.runbook.some((s) => s.command?.includes("ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE"))).toBe(true);
  });

  it("stays silent on running workflow pods", () => {
    expect(rule.evaluate(aSnapshot({ pods: [workflowPod(0, "Running")] }), { now: NOW })).toEqual([]);
  });

  it("ignores a lone warning event but fires from the pasted hook error alone", () => {
    const ev = anEvent({ involvedName: `${runnerName(0)}-workflow`, reason: "FailedMount", message: 'MountVolume.SetUp failed for volume "work"' });
    expect(rule.evaluate(aSnapshot({ events: [ev] }), { now: NOW })).toEqual([]);
    const pasted = aLog({ origin: "unknown", cluster: undefined, namespace: undefined, pod: undefined, time: undefined, fields: { runnerName: runnerName(3) }, raw: `Error: Pod ${runnerName(3)}-workflow is unhealthy with phase status Failed: {}`, message: "x" });
    const [hit] = rule.evaluate(aSnapshot({ logs: [pasted] }), { now: NOW });
    expect(hit?.subject).toEqual({ scaleSet: "web" });
    expect(hit?.runbook[0]?.command).toBe(`kubectl -n <namespace> describe pod ${runnerName(3)}-workflow`);
  });
});
