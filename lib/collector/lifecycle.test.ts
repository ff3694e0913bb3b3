import { describe, expect, it } from "vitest";
import type { ContainerStatusSummary, PodState, RunnerJob, RunnerState } from "@/lib/model";
import { LifecycleTracker, type LifecycleInput } from "./lifecycle";

// Realistic shapes (arc-model.md §1, §3.4, §4): ER name = pod name = `<ERS>-runner-<5>`, container `runner`,
// command /home/runner/run.sh, restartPolicy Never.
const NS = "arc-runners";
const ERS = "web-x7k2p";
const NAME = `${ERS}-runner-4tq9z`;
const T0 = "2026-11-22T10:00:00Z";
const t = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();

function er(over: Partial<RunnerState> = {}): RunnerState {
  return {
    cluster: "sim-east",
    namespace: NS,
    name: NAME,
    scaleSet: "web",
    ephemeralRunnerSet: ERS,
    uid: "er-uid-1",
    createdAt: T0,
    phase: "",
    failureCount: 0,
    failureTimes: [],
    finalizers: ["ephemeralrunner.actions.github.com/finalizer", "ephemeralrunner.actions.github.com/runner-registration-finalizer"],
    ...over,
  };
}

function runnerStatus(over: Partial<ContainerStatusSummary>): ContainerStatusSummary {
  return { name: "runner", image: "ghcr.io/actions/actions-runner:2.334.0", ready: false, restartCount: 0, state: "waiting", reason: "ContainerCreating", ...over };
}

function pod(status: Partial<ContainerStatusSummary> | undefined, over: Partial<PodState> = {}): PodState {
  return {
    cluster: "sim-east",
    namespace: NS,
    name: NAME,
    uid: "pod-uid-1",
    role: "runner",
    scaleSet: "web",
    labels: { "app.kubernetes.io/component": "runner", "actions-ephemeral-runner": "True" },
    createdAt: t(0.2),
    phase: "Pending",
    nodeName: "node-a",
    scheduledAt: t(0.3),
    conditions: [],
    containers: [
      {
        name: "runner",
        image: "ghcr.io/actions/actions-runner:2.334.0",
        command: ["/home/runner/run.sh"],
        volumeMounts: [],
        envNames: ["ACTIONS_RUNNER_INPUT_JITCONFIG"],
      },
    ],
    initContainers: [],
    containerStatuses: status ? [runnerStatus(status)] : [],
    initContainerStatuses: [],
    volumes: [],
    ...over,
  };
}

const job: RunnerJob = {
  jobId: "5f0c3d7e-1b9a-4c61-9d0e-2a3b4c5d6e7f",
  jobRequestId: 1234,
  repository: "acme/web",
  workflowRef: "acme/web/.github/workflows/ci.yml@refs/heads/main",
  workflowRunId: 99,
  displayName: "build",
};

const runnerEv = (type: "ADDED" | "MODIFIED" | "DELETED", r: RunnerState, at: string): LifecycleInput => ({ kind: "runner", type, runner: r, at });
const podEv = (type: "ADDED" | "MODIFIED" | "DELETED", p: PodState, at: string): LifecycleInput => ({ kind: "pod", type, pod: p, at });

/** The empty-JIT-secret failure (seed 000): pod lives ~1 s, exits 0 without a job, ER deleted as "success". */
function oneSecondLife(): LifecycleInput[] {
  return [
    runnerEv("ADDED", er(), t(0)),
    podEv("ADDED", pod({}), t(0.2)),
    runnerEv("MODIFIED", er({ phase: "Pending" }), t(0.3)),
    podEv("MODIFIED", pod({ state: "running", startedAt: t(0.5), reason: undefined }, { phase: "Running" }), t(0.5)),
    podEv("MODIFIED", pod({ state: "terminated", exitCode: 0, reason: "Completed", startedAt: t(0.5), finishedAt: t(1.6) }, { phase: "Succeeded" }), t(1.6)),
    runnerEv("MODIFIED", er({ phase: "Pending", deletionTimestamp: t(1.7) }), t(1.7)),
    podEv("DELETED", pod({ state: "terminated", exitCode: 0, reason: "Completed", startedAt: t(0.5), finishedAt: t(1.6) }, { phase: "Succeeded" }), t(1.8)),
    runnerEv("DELETED", er({ phase: "Pending", deletionTimestamp: t(1.7) }), t(1.9)),
  ];
}

describe("runner lifecycle tracker", () => {
  it("captures a pod that lived about one second and exited 0 without a job", () => {
    const tr = new LifecycleTracker();
    tr.applyAll(oneSecondLife());
    const lives = tr.lives();
    expect(lives).toHaveLength(1);
    const l = lives[0]!;
    expect(l).toMatchObject({
      uid: "er-uid-1",
      name: NAME,
      scaleSet: "web",
      ephemeralRunnerSet: ERS,
      outcome: "no-job-exit",
      exitCode: 0,
      reason: "Completed",
      createdAt: T0,
      scheduledAt: t(0.3),
      startedAt: t(0.5),
      finishedAt: t(1.6),
      deletedAt: t(1.7),
      command: ["/home/runner/run.sh"],
      image: "ghcr.io/actions/actions-runner:2.334.0",
      nodeName: "node-a",
      failureCount: 0,
    });
    expect(Date.parse(l.finishedAt!) - Date.parse(l.startedAt!)).toBe(1100);
    expect(l.job).toBeUndefined();
  });

  it("records a runner that ran a job as succeeded with the job and when it was assigned", () => {
    const tr = new LifecycleTracker();
    tr.applyAll([
      runnerEv("ADDED", er(), t(0)),
      podEv("MODIFIED", pod({ state: "running", startedAt: t(2) }, { phase: "Running", readyAt: t(3) }), t(3)),
      runnerEv("MODIFIED", er({ phase: "Running", ready: true }), t(3)),
      runnerEv("MODIFIED", er({ phase: "Running", ready: true, job }), t(10)),
      podEv("MODIFIED", pod({ state: "terminated", exitCode: 0, reason: "Completed", startedAt: t(2), finishedAt: t(70) }, { phase: "Succeeded", readyAt: t(3) }), t(70)),
      runnerEv("DELETED", er({ phase: "Running", job, deletionTimestamp: t(71) }), t(72)),
    ]);
    const l = tr.life("er-uid-1")!;
    expect(l.outcome).toBe("succeeded");
    expect(l.job).toEqual(job);
    expect(l.jobAssignedAt).toBe(t(10));
    expect(l.readyAt).toBe(t(3));
    expect(l.phases.map((p) => p.phase)).toEqual(["Pending", "Running"]);
  });

  it("is idempotent under re-list: the same objects again create no second life and lose no field", () => {
    const tr = new LifecycleTracker();
    tr.applyAll([
      runnerEv("ADDED", er({ phase: "Running", job }), t(0)),
      podEv("ADDED", pod({ state: "running", startedAt: t(1) }, { phase: "Running" }), t(1)),
    ]);
    const first = tr.life("er-uid-1");
    // re-list after a 410: the informer re-delivers the same objects; one of them no longer carries the job fields
    const changed = tr.applyAll([runnerEv("ADDED", er({ phase: "Running" }), t(30)), podEv("ADDED", pod({ state: "running", startedAt: t(1) }, { phase: "Running" }), t(30))]);
    expect(changed).toEqual([]);
    expect(tr.lives()).toHaveLength(1);
    expect(tr.life("er-uid-1")).toEqual(first);
  });

  it("infers a DELETED missed during a watch gap from a re-list that no longer contains the runner", () => {
    const tr = new LifecycleTracker();
    tr.applyAll([
      runnerEv("ADDED", er({ phase: "Running" }), t(0)),
      runnerEv("ADDED", er({ uid: "er-uid-2", name: `${ERS}-runner-bbbbb`, phase: "Running" }), t(0)),
      runnerEv("ADDED", er({ uid: "er-other-ns", namespace: "other", phase: "Running" }), t(0)),
    ]);
    const changed = tr.apply({ kind: "relist", cluster: "sim-east", namespace: NS, presentUids: ["er-uid-2"], at: t(40) });
    expect(changed.map((l) => l.uid)).toEqual(["er-uid-1"]);
    expect(tr.life("er-uid-1")).toMatchObject({ deletedAt: t(40), outcome: "deleted" });
    expect(tr.life("er-uid-2")?.deletedAt).toBeUndefined();
    expect(tr.life("er-other-ns")?.deletedAt).toBeUndefined();
  });

  it("records a pod create rejected by the API (InvalidPod) with the reason and message", () => {
    const tr = new LifecycleTracker();
    const msg = 'Failed to create the pod: Pod "web-x7k2p-runner-4tq9z" is invalid: spec.containers[0].volumeMounts[1].name: Not found: "kubectl-bin"';
    tr.applyAll([runnerEv("ADDED", er(), t(0)), runnerEv("MODIFIED", er({ phase: "Failed", reason: "InvalidPod", message: msg }), t(1))]);
    expect(tr.life("er-uid-1")).toMatchObject({ outcome: "pod-rejected", reason: "InvalidPod", message: msg });
  });

  it("tells OOMKilled, eviction, non-zero exits and Outdated apart", () => {
    const cases: [Partial<ContainerStatusSummary>, Partial<PodState>, Partial<RunnerState>, string][] = [
      [{ state: "terminated", exitCode: 137, reason: "OOMKilled", startedAt: t(1), finishedAt: t(9) }, { phase: "Failed" }, {}, "oom-killed"],
      [{ state: "terminated", exitCode: 137, reason: "Error" }, { phase: "Failed", reason: "Evicted", message: "The node was low on resource: memory." }, {}, "evicted"],
      [{ state: "terminated", exitCode: 1, reason: "Error" }, { phase: "Failed" }, {}, "failed"],
      [{ state: "terminated", exitCode: 7, reason: "Error" }, { phase: "Failed" }, { phase: "Outdated", reason: "Outdated", message: "Runner is deprecated" }, "outdated"],
    ];
    for (const [status, podOver, erOver, outcome] of cases) {
      const tr = new LifecycleTracker();
      tr.applyAll([runnerEv("ADDED", er(erOver), t(0)), podEv("MODIFIED", pod(status, podOver), t(9))]);
      expect(tr.life("er-uid-1")?.outcome, outcome).toBe(outcome);
    }
  });

  it("counts failed pod attempts of one runner and reports the latest attempt's times (ARC 0.12+ re-creates the pod)", () => {
    const tr = new LifecycleTracker();
    tr.applyAll([
      runnerEv("ADDED", er(), t(0)),
      podEv("MODIFIED", pod({ state: "terminated", exitCode: 1, reason: "Error", startedAt: t(1), finishedAt: t(2) }, { phase: "Failed" }), t(2)),
      podEv("DELETED", pod({ state: "terminated", exitCode: 1, reason: "Error", startedAt: t(1), finishedAt: t(2) }, { phase: "Failed" }), t(3)),
      runnerEv("MODIFIED", er({ failureCount: 1, failureTimes: [t(3)] }), t(3)),
      podEv("ADDED", pod({}, { uid: "pod-uid-2", scheduledAt: t(9) }), t(9)),
      podEv("MODIFIED", pod({ state: "running", startedAt: t(10) }, { uid: "pod-uid-2", phase: "Running", scheduledAt: t(9) }), t(10)),
    ]);
    const l = tr.life("er-uid-1")!;
    expect(l.failureCount).toBe(1);
    expect(l.outcome).toBe("running");
    expect(l.startedAt).toBe(t(10));
    expect(l.finishedAt).toBeUndefined();
    expect(l.exitCode).toBeUndefined();
  });

  it("marks a runner deleted while still running (scale-down) as deleted", () => {
    const tr = new LifecycleTracker();
    tr.applyAll([
      runnerEv("ADDED", er({ phase: "Running" }), t(0)),
      podEv("MODIFIED", pod({ state: "running", startedAt: t(1) }, { phase: "Running" }), t(1)),
      runnerEv("DELETED", er({ phase: "Running" }), t(50)),
    ]);
    expect(tr.life("er-uid-1")).toMatchObject({ outcome: "deleted", deletedAt: t(50) });
  });

  it("corrects the outcome when the pod's exit arrives after the ER's DELETED (streams are independent)", () => {
    const tr = new LifecycleTracker();
    tr.applyAll([runnerEv("ADDED", er(), t(0)), runnerEv("DELETED", er({ deletionTimestamp: t(2) }), t(2))]);
    expect(tr.life("er-uid-1")?.outcome).toBe("deleted");
    const changed = tr.apply(podEv("MODIFIED", pod({ state: "terminated", exitCode: 0, reason: "Completed", startedAt: t(1), finishedAt: t(2) }, { phase: "Succeeded" }), t(2.1)));
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ outcome: "no-job-exit", exitCode: 0, deletedAt: t(2) });
  });

  it("keeps a pod seen before its EphemeralRunner and attaches it when the runner arrives", () => {
    const tr = new LifecycleTracker();
    expect(tr.apply(podEv("ADDED", pod({ state: "running", startedAt: t(1) }, { phase: "Running" }), t(1)))).toEqual([]);
    tr.apply(runnerEv("ADDED", er(), t(1.1)));
    expect(tr.life("er-uid-1")).toMatchObject({ startedAt: t(1), nodeName: "node-a", outcome: "running" });
  });

  it("records the command exactly as the pod started, including a dropped command (image default CMD)", () => {
    const tr = new LifecycleTracker();
    const noCommand = pod({ state: "terminated", exitCode: 0, reason: "Completed", startedAt: t(1), finishedAt: t(1.5) }, { phase: "Succeeded" });
    noCommand.containers = [{ name: "runner", image: "ghcr.io/actions/actions-runner:2.334.0", volumeMounts: [], envNames: [] }];
    tr.applyAll([runnerEv("ADDED", er(), t(0)), podEv("MODIFIED", noCommand, t(1.5))]);
    expect(tr.life("er-uid-1")?.command).toBeUndefined();
    expect(tr.life("er-uid-1")?.outcome).toBe("no-job-exit");
  });

  it("ignores listener and workflow pods and forgets pruned lives", () => {
    const tr = new LifecycleTracker();
    expect(tr.apply(podEv("ADDED", pod({}, { role: "listener", name: "web-6c8f9d7b-listener" }), t(0)))).toEqual([]);
    tr.applyAll(oneSecondLife());
    expect(tr.prune(t(1))).toBe(0);
    expect(tr.prune(t(60))).toBe(1);
    expect(tr.lives()).toEqual([]);
  });

  it("after a restart, continues an open life from the store and closes the ones whose runner is gone", () => {
    const tr = new LifecycleTracker();
    const open = { ...new LifecycleTracker().applyAll([runnerEv("ADDED", er({ phase: "Running", job }), t(0))])[0]!, jobAssignedAt: t(5) };
    const gone = { ...open, uid: "er-gone", name: `${ERS}-runner-ggggg` };
    tr.restore([open, gone]);
    tr.apply({ kind: "relist", cluster: "sim-east", presentUids: ["er-uid-1"], at: t(100) });
    tr.apply(podEv("MODIFIED", pod({ state: "terminated", exitCode: 0, reason: "Completed", startedAt: t(1), finishedAt: t(101) }, { phase: "Succeeded" }), t(101)));
    expect(tr.life("er-uid-1")).toMatchObject({ outcome: "succeeded", jobAssignedAt: t(5), finishedAt: t(101) });
    expect(tr.life("er-gone")).toMatchObject({ outcome: "deleted", deletedAt: t(100) });
    expect(tr.lives()).toHaveLength(2);
  });
});
