import { describe, expect, it } from "vitest";
import { rule } from "./pods-unschedulable";
import { NOW, aListenerPod, aPod, aRunner, aSnapshot, anEvent, minutesAgo, runnerName } from "../testing/builders";

function pendingRunner(i: number, message: string, minutes = 6) {
  const name = runnerName(i);
  return aRunner({
    name,
    phase: "Pending",
    ready: false,
    job: undefined,
    pod: aPod({
      name,
      createdAt: minutesAgo(minutes),
      phase: "Pending",
      nodeName: undefined,
      scheduledAt: undefined,
      startedAt: undefined,
      readyAt: undefined,
      conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message }],
      containerStatuses: [],
    }),
  });
}

describe("pods-unschedulable", () => {
  it("fires on runner pods pending with FailedScheduling and classifies the blocker", () => {
    const msg = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    const runners = [0, 1, 2].map((i) => pendingRunner(i, msg));
    const ev = anEvent({ involvedName: runnerName(0), message: msg, firstSeen: minutesAgo(6), lastSeen: minutesAgo(1), count: 12 });
    const [hit] = rule.evaluate(aSnapshot({ runners, events: [ev] }), { now: NOW });
    expect(hit?.title).toBe("Runner pods cannot be scheduled: cpu");
    expect(hit?.severity).toBe("critical");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.observation).toBe("3 pod(s) unschedulable, longest for 6 min; blocked by cpu");
    expect(hit?.evidence[1]?.excerpt).toContain("3 Insufficient cpu");
    expect(hit?.runbook[0]?.command).toBe(`kubectl --context prod-eu -n arc-runners describe pod ${runnerName(0)}`);
  });

  it("stays silent for scheduled pods and for a short wait while a node is added", () => {
    const brief = anEvent({ firstSeen: minutesAgo(2), lastSeen: minutesAgo(1.5) });
    expect(rule.evaluate(aSnapshot({ runners: [aRunner()], events: [brief] }), { now: NOW })).toEqual([]);
  });

  it("classifies taints, selectors, pod count and volumes", () => {
    const titleFor = (message: string) => rule.evaluate(aSnapshot({ runners: [pendingRunner(0, message)] }), { now: NOW })[0]?.title;
    expect(titleFor("0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Too many pods.")).toBe("Runner pods cannot be scheduled: pods, taints");
    expect(titleFor("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.")).toBe("Runner pods cannot be scheduled: node-affinity");
    expect(titleFor("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.")).toBe("Runner pods cannot be scheduled: volumes");
    const [hit] = rule.evaluate(aSnapshot({ runners: [pendingRunner(0, "0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}.")] }), { now: NOW });
    expect(hit?.severity).toBe("warning");
    expect(hit?.runbook.some((s) => s.command === "kubectl --context prod-eu get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints")).toBe(true);
  });
});

describe("pods-unschedulable (listener)", () => {
  it("attributes a FailedScheduling event on the listener pod to its scale set and makes it critical", () => {
    const listener = aListenerPod({ phase: "Pending", conditions: [], containerStatuses: [] });
    const ev = anEvent({ namespace: "arc-systems", involvedName: listener.name, message: "0/3 nodes are available: 3 Insufficient memory.", firstSeen: minutesAgo(10), lastSeen: minutesAgo(1) });
    const [hit] = rule.evaluate(aSnapshot({ pods: [listener], events: [ev] }), { now: NOW });
    expect(hit?.title).toBe("Listener pods cannot be scheduled: memory");
    expect(hit?.severity).toBe("critical");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.runbook[0]?.command).toBe("kubectl --context prod-eu -n arc-systems describe pod web-754b578d-listener");
  });
});
