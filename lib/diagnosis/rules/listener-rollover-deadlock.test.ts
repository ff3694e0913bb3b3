import { describe, expect, it } from "vitest";
import { NOW, aControllerPod, aListenerPod, aLog, aRunner, aRunnerSet, aScaleSet, aSnapshot, minutesAgo, runnerName } from "../testing/builders";
import { rule } from "./listener-rollover-deadlock";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const OLD = "web-x7k2p";
const NEW = "web-p9q8r";
const idleOld = aRunner({ name: runnerName(0, OLD), ephemeralRunnerSet: OLD, job: undefined, createdAt: minutesAgo(300) });
const waiting = aLog({
  origin: "controller",
  logger: "AutoscalingRunnerSet",
  message: "Latest runner set spec hash does not match the current autoscaling runner set. Waiting for the running and pending runners to finish:",
  fields: { autoscalingrunnerset: "arc-runners/web", version: "0.14.0", running: 1, pending: 0 },
  time: minutesAgo(1),
});

function wedged(over: Partial<FleetSnapshot> = {}): FleetSnapshot {
  return aSnapshot({
    scaleSets: [aScaleSet({ phase: "Pending", minRunners: 1, updateStrategy: "eventual" })],
    runnerSets: [aRunnerSet({ name: OLD, replicas: 1, runnerSpecHash: "5c9f8d7b6", status: { currentReplicas: 1, running: 1 } }), aRunnerSet({ name: NEW, createdAt: minutesAgo(20), replicas: 1, runnerSpecHash: "7d4e1a2c9", status: { currentReplicas: 0 } })],
    runners: [idleOld],
    pods: [aControllerPod()],
    logs: [waiting],
    ...over,
  });
}

describe("listener-rollover-deadlock", () => {
  it("fires on TIN-2055's signature: Pending, no listener, idle old-generation runner, waiting log", () => {
    const [hit, ...rest] = run(wedged());
    expect(rest).toHaveLength(0);
    expect(hit?.title).toBe("web is stuck mid-rollover: 1 old runner(s) block the new listener");
    expect(hit?.confidence).toBe("high");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.observation).toBe("Controller waits for the old runners to finish (running 1, pending 0)");
    expect(hit?.evidence[0]?.excerpt).toContain("Waiting for the running and pending runners to finish");
    expect(hit?.evidence.some((e) => e.source === `EphemeralRunnerSet arc-runners/${OLD}`)).toBe(true);
    expect(hit?.evidence.some((e) => e.source === `EphemeralRunner arc-runners/${idleOld.name}`)).toBe(true);
    expect(hit?.runbook.some((s) => s.command === `kubectl --context prod-eu -n arc-runners delete ephemeralrunner ${idleOld.name}`)).toBe(true);
  });

  it("stays silent when the listener is running", () => {
    expect(run(wedged({ pods: [aControllerPod(), aListenerPod()] }))).toEqual([]);
  });

  it("needs two generations with runners left, and Pending or the waiting log", () => {
    expect(run(wedged({ runnerSets: [aRunnerSet({ name: NEW })] }))).toEqual([]);
    expect(run(wedged({ scaleSets: [aScaleSet({ phase: "Running" })], logs: [] }))).toEqual([]);
    const noLog = run(wedged({ logs: [] }));
    expect(noLog[0]?.confidence).toBe("medium");
  });
});
