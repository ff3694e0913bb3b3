import type {
  Finding,
  GitHubJob,
  KubeEventRecord,
  ListenerSample,
  LogRecord,
  PodState,
  RunnerLife,
  RunnerState,
  ScaleSetState,
  SourceHealth,
} from "@/lib/model";

/** Realistic ARC records for store and service tests; override any field. */

export function scaleSet(o: Partial<ScaleSetState> = {}): ScaleSetState {
  const name = o.name ?? "web";
  return {
    cluster: "prod-eu",
    namespace: "arc-runners",
    name,
    uid: `ars-${name}-uid`,
    createdAt: "2026-11-01T08:00:00Z",
    githubConfigUrl: "https://github.com/acme",
    githubConfigSecret: "arc-github-app",
    runnerGroup: "default",
    runnerScaleSetName: name,
    extraLabels: [],
    minRunners: 1,
    maxRunners: 10,
    phase: "unknown",
    version: "0.13.1",
    containerMode: "dind",
    scaleSetId: 7,
    templateVolumes: ["work"],
    status: { currentRunners: 2, pendingEphemeralRunners: 0, runningEphemeralRunners: 2 },
    ...o,
  };
}

export function runner(o: Partial<RunnerState> = {}): RunnerState {
  const name = o.name ?? "web-x7k2p-runner-abcde";
  return {
    cluster: "prod-eu",
    namespace: "arc-runners",
    name,
    scaleSet: "web",
    ephemeralRunnerSet: "web-x7k2p",
    uid: `er-${name}`,
    createdAt: "2026-11-22T10:00:00Z",
    phase: "Running",
    ready: true,
    runnerId: 1001,
    failureCount: 0,
    failureTimes: [],
    finalizers: ["ephemeralrunner.actions.github.com/finalizer"],
    ...o,
  };
}

export function life(o: Partial<RunnerLife> = {}): RunnerLife {
  const name = o.name ?? "web-x7k2p-runner-abcde";
  return {
    cluster: "prod-eu",
    namespace: "arc-runners",
    scaleSet: "web",
    ephemeralRunnerSet: "web-x7k2p",
    name,
    uid: `er-${name}`,
    createdAt: "2026-11-22T10:00:00Z",
    scheduledAt: "2026-11-22T10:00:02Z",
    startedAt: "2026-11-22T10:00:09Z",
    outcome: "running",
    failureCount: 0,
    command: ["/home/runner/run.sh"],
    image: "ghcr.io/actions/actions-runner:2.329.0",
    nodeName: "node-a",
    phases: [
      { phase: "Pending", at: "2026-11-22T10:00:00Z" },
      { phase: "Running", at: "2026-11-22T10:00:09Z" },
    ],
    ...o,
  };
}

export function pod(o: Partial<PodState> = {}): PodState {
  const name = o.name ?? "web-754b578d-listener";
  return {
    cluster: "prod-eu",
    namespace: "arc-systems",
    name,
    uid: `pod-${name}`,
    role: "listener",
    scaleSet: "web",
    labels: { "actions.github.com/scale-set-name": "web" },
    createdAt: "2026-11-22T08:00:00Z",
    phase: "Running",
    conditions: [],
    containers: [],
    initContainers: [],
    containerStatuses: [{ name: "listener", image: "ghcr.io/actions/gha-runner-scale-set-controller:0.13.1", ready: true, restartCount: 0, state: "running" }],
    initContainerStatuses: [],
    volumes: [],
    ...o,
  };
}

export function sample(o: Partial<ListenerSample> = {}): ListenerSample {
  return {
    cluster: "prod-eu",
    namespace: "arc-runners",
    scaleSet: "web",
    at: "2026-11-22T10:00:00Z",
    source: "log",
    availableJobs: 0,
    acquiredJobs: 1,
    assignedJobs: 1,
    runningJobs: 1,
    registeredRunners: 2,
    busyRunners: 1,
    idleRunners: 1,
    desiredRunners: 2,
    ...o,
  };
}

export function event(o: Partial<KubeEventRecord> = {}): KubeEventRecord {
  return {
    cluster: "prod-eu",
    namespace: "arc-runners",
    uid: "ev-1",
    involvedKind: "Pod",
    involvedName: "web-x7k2p-runner-abcde",
    reason: "BackOff",
    message: "Back-off restarting failed container runner in pod web-x7k2p-runner-abcde",
    type: "Warning",
    count: 1,
    firstSeen: "2026-11-22T10:00:30Z",
    lastSeen: "2026-11-22T10:00:30Z",
    ...o,
  };
}

export function logLine(o: Partial<LogRecord> = {}): LogRecord {
  return {
    cluster: "prod-eu",
    namespace: "arc-runners",
    pod: "web-x7k2p-runner-abcde",
    container: "runner",
    origin: "runner",
    time: "2026-11-22T10:00:10Z",
    level: "error",
    message: "An error occurred: Not configured. Run config.(sh/cmd) to configure the runner.",
    fields: {},
    raw: "[2026-11-22 10:00:10Z ERR Runner] An error occurred: Not configured. Run config.(sh/cmd) to configure the runner.",
    format: "runner",
    ...o,
  };
}

export function job(o: Partial<GitHubJob> = {}): GitHubJob {
  return {
    id: 9001,
    runId: 501,
    repository: "acme/shop",
    name: "build",
    workflowName: "CI",
    status: "queued",
    conclusion: null,
    labels: ["web"],
    createdAt: "2026-11-22T10:00:00Z",
    startedAt: null,
    completedAt: null,
    runnerName: null,
    ...o,
  };
}

export function finding(o: Partial<Finding> = {}): Finding {
  const ruleId = o.ruleId ?? "runner-exits-without-job";
  return {
    ruleId,
    severity: "critical",
    subject: { cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" },
    title: "Runners exit without taking a job",
    explanation: "Runner pods start and exit within seconds; the listener keeps creating new ones.",
    evidence: [{ observation: "runner container exited 0 after 1.2 s", source: "EphemeralRunner arc-runners/web-x7k2p-runner-abcde" }],
    runbook: [{ action: "Check the runner container command", command: "kubectl -n arc-runners get autoscalingrunnerset web -o yaml", tellsYou: "whether command is set" }],
    confidence: "high",
    firstSeen: "2026-11-22T10:00:00Z",
    lastSeen: "2026-11-22T10:05:00Z",
    fingerprint: `${ruleId}:prod-eu/arc-runners/web`,
    ...o,
  };
}

export function health(o: Partial<SourceHealth> = {}): SourceHealth {
  return { id: "k8s:prod-eu", kind: "kubernetes", label: "Kubernetes prod-eu", state: "ok", lastSuccess: "2026-11-22T10:00:00Z", ...o };
}
