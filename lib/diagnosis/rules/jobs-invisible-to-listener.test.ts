import { describe, expect, it } from "vitest";
import { NOW, aJob, aListenerPod, aListenerSample, aRunnerGroup, aScaleSet, aSnapshot, minutesAgo, secondsAgo, withUnavailable } from "../testing/builders";
import { rule } from "./jobs-invisible-to-listener";
import type { FleetSnapshot, ListenerSample } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const queued = (id: number, createdAt: string, labels = ["web"]) =>
  aJob({ id, status: "queued", conclusion: null, labels, createdAt, startedAt: null, completedAt: null, runnerName: null, runnerGroupName: null });
/** ≤0.13 statistics log lines every 50 s: what seed 001's listener printed ("totalAvailableJobs": 0). */
const zeroStats = (fromSecondsAgo: number, over: Partial<ListenerSample> = {}) =>
  Array.from({ length: Math.floor(fromSecondsAgo / 50) }, (_, i) =>
    aListenerSample({ source: "log", at: secondsAgo(fromSecondsAgo - i * 50), assignedJobs: 0, availableJobs: 0, acquiredJobs: 0, runningJobs: 0, registeredRunners: 0, busyRunners: 0, idleRunners: 0, desiredRunners: 1, minRunners: 1, ...over }),
  );

function fleet(jobs = [queued(31000301, minutesAgo(8))], samples = zeroStats(470)): FleetSnapshot {
  return aSnapshot({ scaleSets: [aScaleSet({ minRunners: 1 })], pods: [aListenerPod()], listenerSamples: samples, github: { jobs, runnerGroups: [aRunnerGroup()] } });
}

describe("jobs-invisible-to-listener", () => {
  it("fires when GitHub queues a matching job but every fresh listener sample says 0 assigned / 0 available", () => {
    const [hit, ...rest] = run(fleet());
    expect(rest).toHaveLength(0);
    expect(hit?.severity).toBe("warning");
    expect(hit?.title).toBe("1 job(s) queued for web for 8 min, but its listener sees 0 jobs");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.source).toBe("GitHub job 31000301");
    expect(hit?.evidence[1]?.excerpt).toContain("assignedJobs=0 availableJobs=0");
    expect(hit?.runbook[0]?.command).toContain("kubectl --context prod-eu -n arc-systems logs web-754b578d-listener --tail 200");
    expect(hit?.confidence).toBe("high");
  });

  it("turns critical after 10 minutes of waiting", () => {
    expect(run(fleet([queued(1, minutesAgo(14))], zeroStats(800)))[0]?.severity).toBe("critical");
  });

  it("stays silent when the listener counts the job", () => {
    expect(run(fleet(undefined, zeroStats(470, { assignedJobs: 1 })))).toEqual([]);
  });

  it("defers to other causes: stale listener, unmatched labels, denied group, no listener pod", () => {
    const stale = zeroStats(900).filter((s) => Date.parse(s.at) < Date.parse(minutesAgo(5)));
    expect(run(fleet(undefined, stale))).toEqual([]);
    expect(run(fleet([queued(1, minutesAgo(8), ["gpu"])]))).toEqual([]);
    const denied = fleet();
    denied.scaleSets = [aScaleSet({ runnerGroup: "restricted" })];
    denied.github.runnerGroups = [aRunnerGroup({ id: 2, name: "restricted", visibility: "selected", default: false, repositories: ["acme/other"] })];
    expect(run(denied)).toEqual([]);
    expect(run({ ...fleet(), pods: [] })).toEqual([]);
  });

  it("is only medium-confident when runner groups could not be read", () => {
    const hits = run(withUnavailable(fleet(), "githubRunnerGroups"));
    expect(hits[0]?.confidence).toBe("medium");
    expect(hits[0]?.differential).toContain("could not be read");
  });
});
