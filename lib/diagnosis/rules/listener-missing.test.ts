import { describe, expect, it } from "vitest";
import { NOW, aControllerPod, aJob, aListenerPod, aListenerSample, aScaleSet, aSnapshot, minutesAgo, secondsAgo } from "../testing/builders";
import { rule } from "./listener-missing";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const queued = aJob({ id: 31000501, status: "queued", conclusion: null, createdAt: minutesAgo(6), startedAt: null, completedAt: null, runnerName: null, runnerGroupName: null });

describe("listener-missing", () => {
  it("is critical when a scale set has no listener pod and jobs are queued for it", () => {
    const snap = aSnapshot({ scaleSets: [aScaleSet({ phase: "Pending" })], pods: [aControllerPod()], listenerSamples: [aListenerSample({ at: minutesAgo(25) })], github: { jobs: [queued] } });
    const [hit, ...rest] = run(snap);
    expect(rest).toHaveLength(0);
    expect(hit?.severity).toBe("critical");
    expect(hit?.title).toBe("No listener for web: 1 job(s) queued, nothing scales");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.observation).toBe("No listener pod labelled actions.github.com/scale-set-name=web in arc-systems");
    expect(hit?.evidence.map((e) => e.observation)).toContain("Scale set phase is Pending");
    expect(hit?.evidence.map((e) => e.observation)).toContain("Last listener statistics 25 min ago");
    expect(hit?.runbook[0]?.command).toBe(
      "kubectl --context prod-eu -n arc-systems get autoscalinglisteners,pods -l app.kubernetes.io/component=runner-scale-set-listener,actions.github.com/scale-set-name=web,actions.github.com/scale-set-namespace=arc-runners",
    );
  });

  it("is a warning when nothing is queued", () => {
    const hits = run(aSnapshot({ scaleSets: [aScaleSet()], pods: [aControllerPod()] }));
    expect(hits[0]?.severity).toBe("warning");
    expect(hits[0]?.title).toBe("No listener pod for web");
  });

  it("names the Outdated phase (deprecated runner version) and a missing controller", () => {
    const [hit] = run(aSnapshot({ scaleSets: [aScaleSet({ phase: "Outdated" })], pods: [] }));
    expect(hit?.title).toBe("web is Outdated: its runner version is deprecated and ARC removed the listener");
    expect(hit?.evidence.map((e) => e.observation)).toContain("No ARC controller pod found either: nothing can create listeners");
  });

  it("stays silent when the listener pod exists", () => {
    expect(run(aSnapshot({ scaleSets: [aScaleSet()], pods: [aListenerPod(), aControllerPod()], github: { jobs: [queued] } }))).toEqual([]);
  });

  it("waits for new scale sets and trusts fresh listener statistics, but not a same-named listener of another namespace", () => {
    expect(run(aSnapshot({ scaleSets: [aScaleSet({ createdAt: secondsAgo(30) })], pods: [] }))).toEqual([]);
    expect(run(aSnapshot({ scaleSets: [aScaleSet()], pods: [], listenerSamples: [aListenerSample({ at: secondsAgo(20) })] }))).toEqual([]);
    const otherNs = aListenerPod({ labels: { "app.kubernetes.io/component": "runner-scale-set-listener", "actions.github.com/scale-set-name": "web", "actions.github.com/scale-set-namespace": "team-b" } });
    expect(run(aSnapshot({ scaleSets: [aScaleSet()], pods: [otherNs] }))).toHaveLength(1);
  });
});
