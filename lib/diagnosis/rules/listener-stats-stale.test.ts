import { describe, expect, it } from "vitest";
import { NOW, aJob, aListenerPod, aListenerSample, aScaleSet, aSnapshot, minutesAgo, secondsAgo } from "../testing/builders";
import { rule } from "./listener-stats-stale";
import type { FleetSnapshot, ListenerSample } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const queued = aJob({ id: 31000701, status: "queued", conclusion: null, createdAt: minutesAgo(9), startedAt: null, completedAt: null, runnerName: null, runnerGroupName: null });
const fleet = (samples: ListenerSample[], jobs = [queued]) => aSnapshot({ scaleSets: [aScaleSet()], pods: [aListenerPod()], listenerSamples: samples, github: { jobs } });
/** ≤0.13: "Getting next message" every ~50 s with the same lastMessageID (seed 002). */
const stuck = Array.from({ length: 6 }, (_, i) => aListenerSample({ source: "log", at: secondsAgo(270 - i * 50), lastMessageId: 17, assignedJobs: 0, runningJobs: 0 }));

describe("listener-stats-stale", () => {
  it("fires when metrics stopped arriving (3× the 15 s scrape interval and more)", () => {
    const [hit] = run(fleet([aListenerSample({ at: minutesAgo(8) }), aListenerSample({ at: minutesAgo(5) })]));
    expect(hit?.title).toBe("Listener statistics for web stale for 5 min");
    expect(hit?.evidence[0]?.observation).toBe("Last statistics 5 min ago (expected every 15 s)");
    expect(hit?.evidence.some((e) => e.source === "Pod arc-systems/web-754b578d-listener")).toBe(true);
    expect(hit?.runbook[2]?.command).toBe(
      "kubectl --context prod-eu get --raw /api/v1/namespaces/arc-systems/pods/web-754b578d-listener:8080/proxy/metrics | grep -E '^gha_(assigned_jobs|desired_runners|registered_runners)'",
    );
  });

  it("allows the slower ~50 s cadence of ≤0.13 statistics log lines", () => {
    expect(run(fleet([aListenerSample({ source: "log", at: secondsAgo(120) })]))).toEqual([]);
    expect(run(fleet([aListenerSample({ source: "log", at: secondsAgo(240) })]))).toHaveLength(1);
  });

  it("fires when lastMessageID never advances while a job is queued (seed 002)", () => {
    const [hit] = run(fleet(stuck));
    expect(hit?.title).toBe("Listener for web receives no messages while jobs queue");
    expect(hit?.confidence).toBe("medium");
    expect(hit?.evidence[0]?.excerpt).toContain("lastMessageID 17");
    expect(hit?.differential).toContain("seed 002");
  });

  it("stays silent for a fresh listener, an idle listener, one that never reported, or one without a pod", () => {
    expect(run(fleet([aListenerSample({ at: secondsAgo(10) })]))).toEqual([]);
    expect(run(fleet(stuck, []))).toEqual([]);
    expect(run(fleet([]))).toEqual([]);
    expect(run({ ...fleet([aListenerSample({ at: minutesAgo(30) })]), pods: [] })).toEqual([]);
  });
});
