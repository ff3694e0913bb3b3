import { describe, expect, it } from "vitest";
import { containerMode, hasJob, parseFailures, toEventRecord, toPodState, toRunnerSetState, toRunnerState, toScaleSetState } from "./index";

const runnerPod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web-x7k2p-runner-q9zt4",
    namespace: "arc-runners",
    uid: "pod-uid-1",
    creationTimestamp: "2026-03-01T04:00:00Z",
    labels: {
      "app.kubernetes.io/component": "runner",
      "actions.github.com/scale-set-name": "web",
      "actions-ephemeral-runner": "True",
    },
  },
  spec: {
    nodeName: "node-a",
    containers: [
      {
        name: "runner",
        image: "ghcr.io/actions/actions-runner:latest",
        env: [
          { name: "ACTIONS_RUNNER_INPUT_JITCONFIG", valueFrom: { secretKeyRef: { name: "web-x7k2p-runner-q9zt4", key: "jitToken" } } },
          { name: "GITHUB_ACTIONS_RUNNER_EXTRA_USER_AGENT", value: "actions-runner-controller/0.13.1" },
          { name: "SOME_TOKEN", value: "ghp_doNotCopyMe000000000000000000000000" },
        ],
        volumeMounts: [{ name: "work", mountPath: "/home/runner/_work" }],
      },
    ],
    volumes: [{ name: "work", emptyDir: {} }],
  },
  status: {
    phase: "Succeeded",
    startTime: "2026-03-01T04:00:01Z",
    conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: "2026-03-01T04:00:00Z" }],
    containerStatuses: [
      {
        name: "runner",
        image: "ghcr.io/actions/actions-runner:latest",
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: "Completed", startedAt: "2026-03-01T04:00:02Z", finishedAt: "2026-03-01T04:00:04Z" } },
      },
    ],
  },
};

describe("toPodState", () => {
  it("trims a runner pod: role, scale set, container state, env names only", () => {
    const p = toPodState(runnerPod, "c1");
    expect(p).toMatchObject({ role: "runner", scaleSet: "web", phase: "Succeeded", nodeName: "node-a", scheduledAt: "2026-03-01T04:00:00.000Z" });
    expect(p.containers[0]?.command).toBeUndefined();
    expect(p.containers[0]?.envNames).toEqual(["ACTIONS_RUNNER_INPUT_JITCONFIG", "GITHUB_ACTIONS_RUNNER_EXTRA_USER_AGENT", "SOME_TOKEN"]);
    expect(p.containerStatuses[0]).toMatchObject({ state: "terminated", exitCode: 0, reason: "Completed", finishedAt: "2026-03-01T04:00:04.000Z" });
    expect(JSON.stringify(p)).not.toContain("ghp_");
    expect(JSON.stringify(p)).not.toContain("actions-runner-controller/0.13.1");
  });

  it("derives roles from labels and names", () => {
    const listener = toPodState({ metadata: { name: "web-754b578d-listener", namespace: "arc-systems", labels: { "app.kubernetes.io/component": "runner-scale-set-listener", "actions.github.com/scale-set-name": "web" } } }, "c1");
    expect(listener).toMatchObject({ role: "listener", scaleSet: "web", phase: "Unknown" });
    const ctrl = toPodState({ metadata: { name: "arc-gha-rs-controller-5d9f8-abcde", labels: { "app.kubernetes.io/part-of": "gha-rs-controller" } } }, "c1");
    expect(ctrl.role).toBe("controller");
    const wf = toPodState({ metadata: { name: "web-x7k2p-runner-q9zt4-workflow", labels: { "runner-pod": "web-x7k2p-runner-q9zt4" } } }, "c1");
    expect(wf).toMatchObject({ role: "workflow", runnerPod: "web-x7k2p-runner-q9zt4", scaleSet: "web" });
    expect(toPodState({ metadata: { name: "coredns-abc" } }, "c1").role).toBe("other");
  });

  it("never throws on garbage", () => {
    for (const g of [undefined, null, 3, "x", [], { metadata: 5, spec: { containers: "no" }, status: { containerStatuses: [null, 1] } }]) {
      expect(() => toPodState(g, "c1")).not.toThrow();
      expect(() => toRunnerState(g, undefined, "c1")).not.toThrow();
      expect(() => toScaleSetState(g, "c1")).not.toThrow();
      expect(() => toRunnerSetState(g, "c1")).not.toThrow();
      expect(() => toEventRecord(g, "c1")).not.toThrow();
    }
  });
});

describe("EphemeralRunner", () => {
  it("reads 0.13 status with job, failures map of timestamps, finalizers; never copies the JIT config", () => {
    const er = {
      metadata: {
        name: "web-x7k2p-runner-q9zt4",
        namespace: "arc-runners",
        uid: "er-1",
        creationTimestamp: "2026-03-01T04:00:00Z",
        labels: { "actions.github.com/scale-set-name": "web" },
        ownerReferences: [{ kind: "EphemeralRunnerSet", name: "web-x7k2p", uid: "ers-1" }],
        finalizers: ["ephemeralrunner.actions.github.com/finalizer"],
      },
      status: {
        phase: "Running",
        ready: true,
        runnerId: 30,
        jobId: "7f1c",
        jobRequestId: 0,
        jobRepositoryName: "acme/web",
        workflowRunId: 22535829013,
        failures: { "uid-b": "2026-03-01T04:00:10Z", "uid-a": "2026-03-01T04:00:05Z" },
        runnerJITConfig: "eyJzZWNyZXQiOiJ4In0=",
      },
    };
    const r = toRunnerState(er, runnerPod, "c1");
    expect(r).toMatchObject({ scaleSet: "web", ephemeralRunnerSet: "web-x7k2p", phase: "Running", ready: true, runnerId: 30, failureCount: 2 });
    expect(r.failureTimes).toEqual(["2026-03-01T04:00:05.000Z", "2026-03-01T04:00:10.000Z"]);
    expect(r.job).toEqual({ jobId: "7f1c", repository: "acme/web", workflowRunId: 22535829013 });
    expect(r.pod?.name).toBe("web-x7k2p-runner-q9zt4");
    expect(JSON.stringify(r)).not.toContain("eyJzZWNyZXQ");
  });

  it("handles ≤0.11 failures (`true`), InvalidPod and name-only inference", () => {
    const r = toRunnerState({ metadata: { name: "ha-restarter-zcp79-runner-n5bgx" }, status: { phase: "Failed", reason: "InvalidPod", failures: { a: true, b: true } } }, undefined, "c1");
    expect(r).toMatchObject({ scaleSet: "ha-restarter", ephemeralRunnerSet: "ha-restarter-zcp79", phase: "Failed", reason: "InvalidPod", failureCount: 2, failureTimes: [] });
    expect(r.job).toBeUndefined();
  });

  it("hasJob: jobId (0.13+) or jobRequestId > 0 (older)", () => {
    expect(hasJob({ jobId: "" })).toBe(false);
    expect(hasJob({ jobId: "abc" })).toBe(true);
    expect(hasJob({ jobRequestId: 12 })).toBe(true);
    expect(hasJob({ jobRequestId: 0 })).toBe(false);
    expect(parseFailures(undefined)).toEqual({ count: 0, times: [] });
  });
});

describe("scale sets", () => {
  const ars = {
    apiVersion: "actions.github.com/v1alpha1",
    kind: "AutoscalingRunnerSet",
    metadata: {
      name: "ha-restarter",
      namespace: "arc-runners",
      uid: "ars-1",
      creationTimestamp: "2026-02-28T21:34:29Z",
      labels: { "app.kubernetes.io/version": "0.13.1" },
      annotations: { "runner-scale-set-id": "1", "actions.github.com/runner-group-name": "Default" },
    },
    spec: {
      githubConfigUrl: "https://github.com/angryninja48/home-assistant-config",
      githubConfigSecret: "arc-github-secret",
      minRunners: 0,
      maxRunners: 1,
      template: { spec: { containers: [{ name: "runner", image: "ghcr.io/actions/actions-runner:latest", volumeMounts: [{ name: "kubectl-bin", mountPath: "/k" }] }] } },
    },
    status: { currentRunners: 1, failedEphemeralRunners: 1 },
  };

  it("reads config, dropped command, volumes, id; missing phase is unknown", () => {
    const s = toScaleSetState(ars, "c1");
    expect(s).toMatchObject({ name: "ha-restarter", runnerScaleSetName: "ha-restarter", runnerGroup: "Default", minRunners: 0, maxRunners: 1, phase: "unknown", version: "0.13.1", scaleSetId: 1, containerMode: "default", templateVolumes: [] });
    expect(s.runnerContainer?.command).toBeUndefined();
    expect(s.runnerContainer?.volumeMounts).toEqual(["kubectl-bin"]);
    expect(s.status).toEqual({ currentRunners: 1, failedEphemeralRunners: 1 });
  });

  it("classifies container modes", () => {
    expect(containerMode({ spec: { initContainers: [{ name: "dind" }], containers: [{ name: "runner" }] } })).toBe("dind");
    expect(containerMode({ spec: { containers: [{ name: "runner", env: [{ name: "ACTIONS_RUNNER_CONTAINER_HOOKS", value: "/home/runner/k8s/index.js" }] }] } })).toBe("kubernetes");
    expect(containerMode({ spec: { containers: [{ name: "runner", env: [{ name: "ACTIONS_RUNNER_CONTAINER_HOOKS", value: "/home/runner/k8s-novolume/index.js" }] }] } })).toBe("kubernetes-novolume");
    expect(containerMode({})).toBe("default");
  });

  it("reads an EphemeralRunnerSet", () => {
    const e = toRunnerSetState({ metadata: { name: "ha-restarter-zcp79", labels: { "actions.github.com/scale-set-name": "ha-restarter" } }, spec: { replicas: 1, patchID: 4 }, status: { currentReplicas: 1, failedEphemeralRunners: 1, phase: "Running" } }, "c1");
    expect(e).toMatchObject({ scaleSet: "ha-restarter", replicas: 1, patchId: 4, phase: "Running", status: { currentReplicas: 1, failed: 1 } });
  });
});

describe("events", () => {
  it("reads core/v1 and events.k8s.io/v1 shapes", () => {
    const core = toEventRecord({ metadata: { namespace: "arc-systems", uid: "e1" }, involvedObject: { kind: "Pod", name: "web-754b578d-listener", namespace: "arc-systems" }, reason: "Failed", message: "Failed to pull image", type: "Warning", count: 4, firstTimestamp: "2026-03-01T04:00:00Z", lastTimestamp: "2026-03-01T04:05:00Z", source: { component: "kubelet" } }, "c1");
    expect(core).toMatchObject({ involvedKind: "Pod", involvedName: "web-754b578d-listener", type: "Warning", count: 4, lastSeen: "2026-03-01T04:05:00.000Z", source: "kubelet" });
    const v1 = toEventRecord({ metadata: { namespace: "arc-runners" }, regarding: { kind: "Pod", name: "p" }, note: "0/3 nodes are available", reason: "FailedScheduling", type: "Warning", eventTime: "2026-03-01T04:00:00Z", series: { count: 7 } }, "c1");
    expect(v1).toMatchObject({ message: "0/3 nodes are available", count: 7, firstSeen: "2026-03-01T04:00:00.000Z" });
  });
});
