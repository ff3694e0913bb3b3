import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_SLICES } from "@/lib/model";
import type { FleetSnapshot } from "@/lib/model";
import { diagnose } from "../engine";
import {
  NOW,
  aControllerPod,
  aGitHubRunner,
  aJob,
  aListenerPod,
  aListenerSample,
  aLog,
  aPod,
  aRateLimit,
  aRunner,
  aRunnerGroup,
  aRunnerLife,
  aRunnerSet,
  aScaleSet,
  aSnapshot,
  minutesAgo,
  runnerName,
  secondsAgo,
  withUnavailable,
} from "../testing/builders";
import { queueAndControlPlaneRules } from "./queue-and-control-plane";

const IDS = [
  "jobs-unmatched-labels",
  "jobs-runner-group-denied",
  "jobs-invisible-to-listener",
  "scale-set-at-max",
  "listener-missing",
  "listener-rollover-deadlock",
  "listener-stats-stale",
  "listener-crash-loop",
  "github-rate-limit",
  "github-auth-failure",
  "github-network-error",
  "runner-idle-beyond-min",
  "github-runner-orphaned",
  "job-at-risk",
  "runner-set-stale-generation",
  "arc-version-mismatch",
  "scale-set-min-max-invalid",
];

/** A busy but healthy fleet: warm runner, two jobs running, one just queued, listener fresh, budget fine. */
function healthyFleet(): FleetSnapshot {
  const warm = aRunner({ name: runnerName(2), job: undefined, createdAt: minutesAgo(40), pod: aPod({ name: runnerName(2), createdAt: minutesAgo(40) }) });
  return aSnapshot({
    scaleSets: [aScaleSet({ minRunners: 1, maxRunners: 20, status: { currentRunners: 3, runningEphemeralRunners: 3 } })],
    runnerSets: [aRunnerSet({ replicas: 3, status: { currentReplicas: 3, running: 3 } })],
    runners: [aRunner({ name: runnerName(0) }), aRunner({ name: runnerName(1), runnerId: 1002 }), warm],
    runnerHistory: [aRunnerLife({ name: runnerName(5), createdAt: minutesAgo(30) }), aRunnerLife({ name: runnerName(6), createdAt: minutesAgo(20) })],
    pods: [aListenerPod(), aControllerPod()],
    logs: [
      aLog({ origin: "listener", message: "Getting next message", fields: { lastMessageID: 401 }, time: secondsAgo(30) }),
      aLog({ origin: "listener", message: "Calculated target runner count", fields: { "assigned job": 2, decision: 3, min: 1, max: 20, currentRunnerCount: 3 }, time: secondsAgo(30) }),
      aLog({ origin: "controller", message: "Created ephemeral runner pod", time: minutesAgo(5) }),
    ],
    listenerSamples: Array.from({ length: 8 }, (_, i) => aListenerSample({ at: secondsAgo(120 - i * 15), assignedJobs: 2, runningJobs: 2, desiredRunners: 3, minRunners: 1, lastMessageId: 400 + i })),
    github: {
      jobs: [
        aJob({ id: 1, status: "in_progress", conclusion: null, completedAt: null, runnerName: runnerName(0), startedAt: minutesAgo(4) }),
        aJob({ id: 2, status: "in_progress", conclusion: null, completedAt: null, runnerName: runnerName(1), startedAt: minutesAgo(3) }),
        aJob({ id: 3, status: "queued", conclusion: null, createdAt: secondsAgo(20), startedAt: null, completedAt: null, runnerName: null }),
        aJob({ id: 4, runnerName: runnerName(5) }),
      ],
      runners: [aGitHubRunner(), aGitHubRunner({ id: 1002, name: runnerName(1) }), aGitHubRunner({ id: 1003, name: runnerName(2), busy: false })],
      runnerGroups: [aRunnerGroup()],
      rateLimits: [aRateLimit()],
    },
  });
}

describe("queue and control-plane rules", () => {
  it("registers the 17 rules once each, every id equal to its file name, with real slices and a runbook outline", () => {
    expect(queueAndControlPlaneRules.map((r) => r.id).sort()).toEqual([...IDS].sort());
    for (const r of queueAndControlPlaneRules) {
      expect(existsSync(join(import.meta.dirname, `${r.id}.ts`))).toBe(true);
      for (const s of [...r.requires, ...(r.uses ?? [])]) expect(ALL_SLICES).toContain(s);
      expect((r as { runbookOutline?: string[] }).runbookOutline?.length).toBeGreaterThan(0);
    }
  });

  it("finds nothing wrong in a healthy, busy fleet", () => {
    const result = diagnose(healthyFleet(), { now: NOW }, queueAndControlPlaneRules);
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([]);
  });

  it("reports rules as not evaluated, never healthy, when their slice is missing", () => {
    const noListenerLogs = withUnavailable(healthyFleet(), "listenerLogs", "pods/log forbidden");
    const result = diagnose(noListenerLogs, { now: NOW }, queueAndControlPlaneRules);
    // The github-* rules also read controller logs, so they still run.
    expect(result.notEvaluated.map((n) => n.ruleId).sort()).toEqual(["listener-crash-loop"]);
    const noLogs = diagnose(withUnavailable(noListenerLogs, "controllerLogs", "pods/log forbidden"), { now: NOW }, queueAndControlPlaneRules);
    expect(noLogs.notEvaluated.map((n) => n.ruleId).sort()).toEqual(["github-auth-failure", "github-network-error", "listener-crash-loop"]);
  });

  it("puts the rollover deadlock ahead of the missing listener it causes", () => {
    const snap = healthyFleet();
    snap.scaleSets = [aScaleSet({ phase: "Pending", minRunners: 1 })];
    snap.pods = [aControllerPod()];
    snap.listenerSamples = [];
    snap.runnerSets = [aRunnerSet({ name: "web-x7k2p", status: { currentReplicas: 1 } }), aRunnerSet({ name: "web-p9q8r", createdAt: minutesAgo(20) })];
    snap.runners = [aRunner({ name: runnerName(2), job: undefined })];
    snap.github.jobs = [aJob({ id: 9, status: "queued", conclusion: null, createdAt: minutesAgo(15), startedAt: null, completedAt: null, runnerName: null })];
    const ids = diagnose(snap, { now: NOW }, queueAndControlPlaneRules).findings.map((f) => f.ruleId);
    expect(ids.indexOf("listener-rollover-deadlock")).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf("listener-rollover-deadlock")).toBeLessThan(ids.indexOf("listener-missing"));
  });
});
