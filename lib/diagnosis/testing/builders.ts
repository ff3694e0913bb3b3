/**
 * Realistic test builders for every fleet record, shared by all rule tests.
 * Names follow ARC (`web-x7k2p-runner-abcde`), times are relative to the fixed `NOW`
 * so fixtures never depend on the wall clock. Each builder takes partial overrides.
 */
import type {
  ClusterInfo,
  ContainerSpecSummary,
  ContainerStatusSummary,
  DataSlice,
  EphemeralRunnerSetState,
  FleetSnapshot,
  GitHubJob,
  GitHubRateLimit,
  GitHubRunner,
  GitHubRunnerGroup,
  IsoTime,
  KubeEventRecord,
  ListenerSample,
  LogRecord,
  PodState,
  RunnerLife,
  RunnerState,
  ScaleSetState,
} from "@/lib/model";
import { emptySnapshot } from "@/lib/model";

/** The fixed "now" of every fixture. */
export const NOW = new Date("2026-05-30T12:00:00.000Z");
export const CLUSTER = "prod-eu";
export const NAMESPACE = "arc-runners";
export const CONTROLLER_NAMESPACE = "arc-systems";
export const SCALE_SET = "web";
export const RUNNER_SET = "web-x7k2p";
export const ORG = "acme";
export const REPO = "acme/api";
export const RUNNER_IMAGE = "ghcr.io/actions/actions-runner:2.334.0";

/** ISO time `seconds` before NOW (negative = after). */
export function secondsAgo(seconds: number): IsoTime {
  return new Date(NOW.getTime() - seconds * 1000).toISOString();
}

export function minutesAgo(minutes: number): IsoTime {
  return secondsAgo(minutes * 60);
}

/** ISO time `seconds` after `from`. */
export function plusSeconds(from: IsoTime, seconds: number): IsoTime {
  return new Date(Date.parse(from) + seconds * 1000).toISOString();
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Deterministic 5-char suffix like ARC's generateName (`abcde`, `k9f2q`…). */
export function suffix(i: number): string {
  let n = (i + 1) * 2654435761;
  let out = "";
  for (let k = 0; k < 5; k++) {
    out += ALPHABET[n % ALPHABET.length];
    n = Math.floor(n / ALPHABET.length) + 7 * (k + 1);
  }
  return out;
}

/** EphemeralRunner (= pod = GitHub runner) name of the i-th runner of a runner set. */
export function runnerName(i: number, runnerSet = RUNNER_SET): string {
  return `${runnerSet}-runner-${suffix(i)}`;
}

export const RUNNER_COMMAND = ["/home/runner/run.sh"];

export function aContainerSpec(overrides: Partial<ContainerSpecSummary> = {}): ContainerSpecSummary {
  return {
    name: "runner",
    image: RUNNER_IMAGE,
    command: RUNNER_COMMAND,
    volumeMounts: [],
    envNames: ["ACTIONS_RUNNER_INPUT_JITCONFIG", "GITHUB_ACTIONS_RUNNER_EXTRA_USER_AGENT"],
    ...overrides,
  };
}

export function aContainerStatus(overrides: Partial<ContainerStatusSummary> = {}): ContainerStatusSummary {
  return {
    name: "runner",
    image: RUNNER_IMAGE,
    ready: true,
    restartCount: 0,
    state: "running",
    startedAt: minutesAgo(4),
    ...overrides,
  };
}

export function aClusterInfo(overrides: Partial<ClusterInfo> = {}): ClusterInfo {
  return { name: CLUSTER, controllerVersion: "0.14.2", controllerNamespace: CONTROLLER_NAMESPACE, ...overrides };
}

export function aScaleSet(overrides: Partial<ScaleSetState> = {}): ScaleSetState {
  const name = overrides.name ?? SCALE_SET;
  return {
    cluster: CLUSTER,
    namespace: NAMESPACE,
    name,
    uid: `uid-ars-${name}`,
    createdAt: "2026-05-01T09:00:00.000Z",
    githubConfigUrl: `https://github.com/${ORG}`,
    githubConfigSecret: "arc-github-app",
    runnerGroup: "default",
    runnerScaleSetName: name,
    extraLabels: [],
    minRunners: 0,
    maxRunners: 20,
    phase: "Running",
    version: "0.14.2",
    containerMode: "default",
    scaleSetId: 7,
    runnerContainer: aContainerSpec(),
    templateVolumes: [],
    status: { currentRunners: 2, pendingEphemeralRunners: 0, runningEphemeralRunners: 2, failedEphemeralRunners: 0 },
    updateStrategy: "immediate",
    ...overrides,
  };
}

export function aRunnerSet(overrides: Partial<EphemeralRunnerSetState> = {}): EphemeralRunnerSetState {
  const name = overrides.name ?? RUNNER_SET;
  return {
    cluster: CLUSTER,
    namespace: NAMESPACE,
    name,
    scaleSet: SCALE_SET,
    uid: `uid-ers-${name}`,
    createdAt: "2026-05-01T09:00:05.000Z",
    replicas: 2,
    phase: "Running",
    runnerSpecHash: "5c9f8d7b6",
    status: { currentReplicas: 2, pending: 0, running: 2, failed: 0 },
    ...overrides,
  };
}

/** A runner pod (role runner) that is up and ready. Use `role` for listener/controller/workflow pods. */
export function aPod(overrides: Partial<PodState> = {}): PodState {
  const name = overrides.name ?? runnerName(0);
  const scaleSet = overrides.scaleSet ?? SCALE_SET;
  const createdAt = overrides.createdAt ?? minutesAgo(5);
  return {
    cluster: CLUSTER,
    namespace: NAMESPACE,
    name,
    uid: `uid-pod-${name}`,
    role: "runner",
    scaleSet,
    labels: {
      "app.kubernetes.io/component": "runner",
      "app.kubernetes.io/part-of": "gha-runner-scale-set",
      "actions.github.com/scale-set-name": scaleSet,
      "actions.github.com/scale-set-namespace": overrides.namespace ?? NAMESPACE,
      "actions-ephemeral-runner": "True",
    },
    createdAt,
    phase: "Running",
    nodeName: "ip-10-0-12-34.eu-west-1.compute.internal",
    scheduledAt: plusSeconds(createdAt, 1),
    startedAt: plusSeconds(createdAt, 6),
    readyAt: plusSeconds(createdAt, 8),
    conditions: [
      { type: "PodScheduled", status: "True", lastTransitionTime: plusSeconds(createdAt, 1) },
      { type: "Ready", status: "True", lastTransitionTime: plusSeconds(createdAt, 8) },
    ],
    containers: [aContainerSpec()],
    initContainers: [],
    containerStatuses: [aContainerStatus({ startedAt: plusSeconds(createdAt, 6) })],
    initContainerStatuses: [],
    volumes: [],
    ...overrides,
  };
}

/** The listener pod of a scale set, in the controller namespace. */
export function aListenerPod(overrides: Partial<PodState> = {}): PodState {
  const scaleSet = overrides.scaleSet ?? SCALE_SET;
  const name = overrides.name ?? `${scaleSet}-754b578d-listener`;
  return aPod({
    name,
    namespace: CONTROLLER_NAMESPACE,
    role: "listener",
    scaleSet,
    createdAt: "2026-05-29T08:00:00.000Z",
    labels: {
      "app.kubernetes.io/component": "runner-scale-set-listener",
      "app.kubernetes.io/part-of": "gha-runner-scale-set",
      "actions.github.com/scale-set-name": scaleSet,
      "actions.github.com/scale-set-namespace": NAMESPACE,
    },
    containers: [aContainerSpec({ name: "listener", image: "ghcr.io/actions/gha-runner-scale-set-controller:0.14.2", command: ["/ghalistener"], envNames: ["LISTENER_CONFIG_PATH"] })],
    containerStatuses: [aContainerStatus({ name: "listener", image: "ghcr.io/actions/gha-runner-scale-set-controller:0.14.2", startedAt: "2026-05-29T08:00:05.000Z" })],
    ...overrides,
  });
}

/** The ARC controller pod. */
export function aControllerPod(overrides: Partial<PodState> = {}): PodState {
  return aPod({
    name: "arc-gha-rs-controller-6d8f9c7b5-q2x8w",
    namespace: CONTROLLER_NAMESPACE,
    role: "controller",
    scaleSet: undefined,
    createdAt: "2026-05-20T08:00:00.000Z",
    labels: {
      "app.kubernetes.io/component": "controller-manager",
      "app.kubernetes.io/part-of": "gha-rs-controller",
      "app.kubernetes.io/version": "0.14.2",
    },
    containers: [aContainerSpec({ name: "manager", image: "ghcr.io/actions/gha-runner-scale-set-controller:0.14.2", command: ["/manager"], envNames: [] })],
    containerStatuses: [aContainerStatus({ name: "manager", image: "ghcr.io/actions/gha-runner-scale-set-controller:0.14.2", startedAt: "2026-05-20T08:00:05.000Z" })],
    ...overrides,
  });
}

/** A current EphemeralRunner, Running with a ready pod and a job. */
export function aRunner(overrides: Partial<RunnerState> = {}): RunnerState {
  const name = overrides.name ?? runnerName(0);
  const createdAt = overrides.createdAt ?? minutesAgo(5);
  return {
    cluster: CLUSTER,
    namespace: NAMESPACE,
    name,
    scaleSet: SCALE_SET,
    ephemeralRunnerSet: RUNNER_SET,
    uid: `uid-er-${name}`,
    createdAt,
    phase: "Running",
    ready: true,
    runnerId: 1001,
    failureCount: 0,
    failureTimes: [],
    job: { jobId: "a1b2c3d4-0000-4000-8000-000000000001", repository: REPO, workflowRef: `${REPO}/.github/workflows/ci.yml@refs/heads/main`, workflowRunId: 9001, displayName: "build" },
    finalizers: ["ephemeralrunner.actions.github.com/finalizer", "ephemeralrunner.actions.github.com/runner-registration-finalizer"],
    pod: aPod({ name, createdAt, namespace: overrides.namespace ?? NAMESPACE, cluster: overrides.cluster ?? CLUSTER, scaleSet: overrides.scaleSet ?? SCALE_SET }),
    ...overrides,
  };
}

/** A healthy finished runner life: scheduled, started, took a job, ran ~6 minutes, exited 0. */
export function aRunnerLife(overrides: Partial<RunnerLife> = {}): RunnerLife {
  const name = overrides.name ?? runnerName(0);
  const createdAt = overrides.createdAt ?? minutesAgo(10);
  return {
    cluster: CLUSTER,
    namespace: NAMESPACE,
    scaleSet: SCALE_SET,
    ephemeralRunnerSet: RUNNER_SET,
    name,
    uid: `uid-er-${name}`,
    createdAt,
    scheduledAt: plusSeconds(createdAt, 1),
    startedAt: plusSeconds(createdAt, 6),
    readyAt: plusSeconds(createdAt, 8),
    jobAssignedAt: plusSeconds(createdAt, 15),
    finishedAt: plusSeconds(createdAt, 375),
    deletedAt: plusSeconds(createdAt, 377),
    outcome: "succeeded",
    exitCode: 0,
    failureCount: 0,
    command: RUNNER_COMMAND,
    image: RUNNER_IMAGE,
    nodeName: "ip-10-0-12-34.eu-west-1.compute.internal",
    job: { jobId: "a1b2c3d4-0000-4000-8000-000000000001", repository: REPO, workflowRunId: 9001, displayName: "build" },
    phases: [
      { phase: "Pending", at: createdAt },
      { phase: "Running", at: plusSeconds(createdAt, 6) },
    ],
    ...overrides,
  };
}

export function anEvent(overrides: Partial<KubeEventRecord> = {}): KubeEventRecord {
  const involvedName = overrides.involvedName ?? runnerName(0);
  const reason = overrides.reason ?? "FailedScheduling";
  return {
    cluster: CLUSTER,
    namespace: NAMESPACE,
    uid: `uid-ev-${involvedName}-${reason}`,
    involvedKind: "Pod",
    involvedName,
    reason,
    message: "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    type: "Warning",
    count: 1,
    firstSeen: minutesAgo(3),
    lastSeen: minutesAgo(1),
    source: "default-scheduler",
    ...overrides,
  };
}

/**
 * A parsed log line. Defaults to a controller (zap JSON) EphemeralRunner line; pass `message`, `fields`
 * and `origin`. `raw` is derived from them unless given.
 */
export function aLog(overrides: Partial<LogRecord> = {}): LogRecord {
  const origin = overrides.origin ?? "controller";
  const message = overrides.message ?? "Created ephemeral runner pod";
  const time = overrides.time ?? minutesAgo(2);
  const fields = overrides.fields ?? (origin === "controller" ? { ephemeralrunner: `${NAMESPACE}/${runnerName(0)}`, version: "0.14.2" } : {});
  const pod =
    origin === "controller" ? "arc-gha-rs-controller-6d8f9c7b5-q2x8w" : origin === "listener" ? `${SCALE_SET}-754b578d-listener` : runnerName(0);
  const namespace = origin === "controller" || origin === "listener" ? CONTROLLER_NAMESPACE : NAMESPACE;
  const container = origin === "controller" ? "manager" : origin === "listener" ? "listener" : origin === "workflow" ? "job" : "runner";
  const level = overrides.level ?? "info";
  const raw =
    overrides.raw ??
    (origin === "controller"
      ? JSON.stringify({ severity: level, ts: time, logger: "EphemeralRunner", message, ...fields })
      : origin === "runner" || origin === "workflow"
        ? `[${time.replace("T", " ").replace(".000Z", "Z")} INFO Runner] ${message}`
        : JSON.stringify({ time, level: level.toUpperCase(), msg: message, ...fields }));
  return {
    cluster: CLUSTER,
    namespace,
    pod,
    container,
    origin,
    time,
    level,
    logger: origin === "controller" ? "EphemeralRunner" : undefined,
    message,
    fields,
    raw,
    format: origin === "controller" ? "zap-json" : origin === "runner" || origin === "workflow" ? "runner" : "slog-json",
    ...overrides,
  };
}

export function aListenerSample(overrides: Partial<ListenerSample> = {}): ListenerSample {
  return {
    cluster: CLUSTER,
    namespace: NAMESPACE,
    scaleSet: SCALE_SET,
    at: secondsAgo(15),
    source: "metrics",
    availableJobs: 0,
    acquiredJobs: 0,
    assignedJobs: 2,
    runningJobs: 2,
    registeredRunners: 2,
    busyRunners: 2,
    idleRunners: 0,
    desiredRunners: 2,
    minRunners: 0,
    maxRunners: 20,
    ...overrides,
  };
}

/** A GitHub job that ran on an ARC runner and completed successfully. */
export function aJob(overrides: Partial<GitHubJob> = {}): GitHubJob {
  const id = overrides.id ?? 31_000_001;
  return {
    id,
    runId: 9001,
    repository: REPO,
    name: "build",
    workflowName: "CI",
    status: "completed",
    conclusion: "success",
    labels: [SCALE_SET],
    createdAt: minutesAgo(10),
    startedAt: minutesAgo(9),
    completedAt: minutesAgo(3),
    runnerName: runnerName(0),
    runnerGroupName: "Default",
    htmlUrl: `https://github.com/${REPO}/actions/runs/9001/job/${id}`,
    ...overrides,
  };
}

export function aGitHubRunner(overrides: Partial<GitHubRunner> = {}): GitHubRunner {
  return {
    id: 1001,
    name: runnerName(0),
    scope: ORG,
    os: "Linux",
    status: "online",
    busy: true,
    labels: ["self-hosted", SCALE_SET],
    runnerGroupId: 1,
    ...overrides,
  };
}

export function aRunnerGroup(overrides: Partial<GitHubRunnerGroup> = {}): GitHubRunnerGroup {
  return { id: 1, org: ORG, name: "Default", visibility: "all", default: true, repositories: [], ...overrides };
}

export function aRateLimit(overrides: Partial<GitHubRateLimit> = {}): GitHubRateLimit {
  return { scope: ORG, limit: 5000, remaining: 4200, used: 800, resetAt: secondsAgo(-1800), observedAt: secondsAgo(20), ...overrides };
}

export type SnapshotOverrides = Partial<Omit<FleetSnapshot, "github">> & { github?: Partial<FleetSnapshot["github"]> };

/**
 * A snapshot with every slice available, one cluster (`prod-eu`, ARC 0.14.2) and a 60-minute window.
 * Record arrays are empty unless given.
 */
export function aSnapshot(overrides: SnapshotOverrides = {}): FleetSnapshot {
  const base = emptySnapshot(minutesAgo(60), true);
  const { github, ...rest } = overrides;
  return {
    ...base,
    clusters: [aClusterInfo()],
    ...rest,
    github: { ...base.github, ...github },
  };
}

/** Copy of `snapshot` with one slice marked unavailable. */
export function withUnavailable(snapshot: FleetSnapshot, slice: DataSlice, reason = "forbidden"): FleetSnapshot {
  return { ...snapshot, slices: { ...snapshot.slices, [slice]: { available: false, reason } } };
}

/** The i-th life of a runner that exited 0 about 1.5 s after starting, without a job (created i minutes ago). */
export function aNoJobExitLife(i: number, overrides: Partial<RunnerLife> = {}): RunnerLife {
  const createdAt = overrides.createdAt ?? minutesAgo(2 + i * 2);
  return aRunnerLife({
    name: runnerName(i),
    createdAt,
    scheduledAt: plusSeconds(createdAt, 1),
    startedAt: plusSeconds(createdAt, 3),
    readyAt: undefined,
    jobAssignedAt: undefined,
    finishedAt: plusSeconds(createdAt, 4.5),
    deletedAt: plusSeconds(createdAt, 5),
    outcome: "no-job-exit",
    exitCode: 0,
    job: undefined,
    ...overrides,
  });
}
