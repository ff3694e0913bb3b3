import { describe, expect, it } from "vitest";
import { diagnose, topFinding } from "./engine";
import {
  NOW,
  aClusterInfo,
  aContainerSpec,
  aContainerStatus,
  aControllerPod,
  aGitHubRunner,
  aJob,
  aListenerPod,
  aListenerSample,
  aLog,
  aNoJobExitLife,
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
} from "./testing/builders";

/** A healthy fleet: 2 busy runners, 6 lives that each ran a job for minutes, fresh listener stats, a short queue. */
function healthyFleet() {
  const runners = [0, 1].map((i) => aRunner({ name: runnerName(i), runnerId: 1000 + i }));
  const lives = [2, 3, 4, 5, 6, 7].map((i) => aRunnerLife({ name: runnerName(i), createdAt: minutesAgo(50 - i * 5) }));
  return aSnapshot({
    scaleSets: [aScaleSet()],
    runnerSets: [aRunnerSet()],
    runners,
    runnerHistory: lives,
    pods: [aListenerPod(), aControllerPod()],
    logs: [
      aLog({ origin: "listener", message: "Getting next message", fields: { lastMessageID: 42 }, time: secondsAgo(20) }),
      aLog({ message: "Created ephemeral runner pod", fields: { ephemeralrunner: `arc-runners/${runnerName(1)}` } }),
      aLog({ origin: "runner", pod: runnerName(0), message: "Running job: build" }),
    ],
    listenerSamples: [aListenerSample({ at: secondsAgo(75) }), aListenerSample({ at: secondsAgo(45) }), aListenerSample({ at: secondsAgo(15) })],
    github: {
      jobs: [
        aJob({ id: 1, status: "in_progress", conclusion: null, completedAt: null, runnerName: runnerName(0), startedAt: minutesAgo(4) }),
        aJob({ id: 2, status: "in_progress", conclusion: null, completedAt: null, runnerName: runnerName(1), startedAt: minutesAgo(4) }),
        aJob({ id: 3, runnerName: runnerName(2) }),
      ],
      runners: [0, 1].map((i) => aGitHubRunner({ id: 1000 + i, name: runnerName(i) })),
      runnerGroups: [aRunnerGroup()],
      rateLimits: [aRateLimit()],
    },
  });
}

describe("diagnosis scenarios (all rules)", () => {
  it("raises no finding on a healthy dind scale set with one idle warm runner (minRunners 1)", () => {
    const fleet = healthyFleet();
    const idleName = runnerName(0, "build-q8w2e");
    const dind = { init: [aContainerSpec({ name: "dind", image: "docker:dind", command: undefined })], status: [aContainerStatus({ name: "dind", image: "docker:dind" })] };
    const idle = aRunner({
      name: idleName,
      scaleSet: "build",
      ephemeralRunnerSet: "build-q8w2e",
      createdAt: minutesAgo(20),
      job: undefined,
      runnerId: 2001,
      pod: aPod({ name: idleName, scaleSet: "build", createdAt: minutesAgo(20), initContainers: dind.init, initContainerStatuses: dind.status }),
    });
    const snap = {
      ...fleet,
      scaleSets: [...fleet.scaleSets, aScaleSet({ name: "build", containerMode: "dind", minRunners: 1, maxRunners: 10, status: { currentRunners: 1, runningEphemeralRunners: 1 } })],
      runnerSets: [...fleet.runnerSets, aRunnerSet({ name: "build-q8w2e", scaleSet: "build", replicas: 1, status: { currentReplicas: 1, running: 1 } })],
      runners: [...fleet.runners, idle],
      pods: [...fleet.pods, aListenerPod({ scaleSet: "build", name: "build-5c1d9e2a-listener" })],
      listenerSamples: [...fleet.listenerSamples, aListenerSample({ scaleSet: "build", assignedJobs: 0, runningJobs: 0, registeredRunners: 1, busyRunners: 0, idleRunners: 1, desiredRunners: 1, minRunners: 1, maxRunners: 10 })],
      github: { ...fleet.github, runners: [...fleet.github.runners, aGitHubRunner({ id: 2001, name: idleName, busy: false, labels: ["self-hosted", "build"] })] },
    };
    expect(diagnose(snap, { now: NOW }).findings.map((f) => `${f.ruleId}: ${f.title}`)).toEqual([]);
  });

  it("raises no finding on a healthy fleet and evaluates every rule", () => {
    const result = diagnose(healthyFleet(), { now: NOW });
    expect(result.findings.map((f) => `${f.ruleId}: ${f.title}`)).toEqual([]);
    expect(result.notEvaluated).toEqual([]);
  });

  it("seed 002: a dropped runner command is the top finding, above registration and failure-loop symptoms", () => {
    const set = aScaleSet({ name: "ha-restarter", runnerScaleSetName: "ha-restarter", maxRunners: 1, version: "0.11.0", runnerContainer: aContainerSpec({ command: undefined }) });
    const lives = [0, 1, 2, 3, 4].map((i) => aNoJobExitLife(i, { scaleSet: "ha-restarter", name: runnerName(i, "ha-restarter-zcp79"), ephemeralRunnerSet: "ha-restarter-zcp79", command: undefined }));
    const stuck = aRunner({
      name: runnerName(9, "ha-restarter-zcp79"),
      scaleSet: "ha-restarter",
      ephemeralRunnerSet: "ha-restarter-zcp79",
      phase: "Failed",
      reason: "TooManyPodFailures",
      failureCount: 6,
      job: undefined,
      pod: undefined,
    });
    const regLog = aLog({
      origin: "runner",
      pod: lives[0]!.name,
      message: "VssOAuthTokenRequestException: Registration 6f1d2a3b-8c4e-4f5a-9b0c-1d2e3f4a5b6c was not found. Failed to create a session.",
    });
    const regLog2 = { ...regLog, pod: lives[1]!.name };
    const snap = aSnapshot({ clusters: [aClusterInfo({ controllerVersion: "0.11.0" })], scaleSets: [set], runners: [stuck], runnerHistory: lives, logs: [regLog, regLog2] });
    const result = diagnose(snap, { now: NOW });
    const ids = result.findings.map((f) => f.ruleId);
    expect(topFinding(result)?.ruleId).toBe("runner-command-dropped");
    expect(topFinding(result)?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "ha-restarter" });
    expect(ids).toContain("runner-registration-not-found");
    expect(ids).toContain("runner-failure-loop");
    expect(ids.indexOf("runner-command-dropped")).toBeLessThan(ids.indexOf("runner-registration-not-found"));
    expect(ids).not.toContain("runner-jit-config-empty");
  });
});
