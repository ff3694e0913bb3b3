/**
 * Domain records for an ARC fleet, shared by server and browser.
 * Sources trim Kubernetes/GitHub objects into these; no raw V1Pod, Octokit object
 * or Secret value ever crosses into the store, the diagnosis engine or the browser.
 * Times are ISO-8601 strings (UTC) so records survive JSON round trips unchanged.
 */

export type IsoTime = string;

/** ARC generation of a cluster's controller; drives log and metrics parsing. */
export type ArcGeneration = "0.9" | "0.10" | "0.11" | "0.12" | "0.13" | "0.14" | "unknown";

/** Identifies one AutoscalingRunnerSet across clusters. */
export interface ScaleSetKey {
  cluster: string;
  namespace: string;
  name: string;
}

export type ContainerMode = "dind" | "kubernetes" | "kubernetes-novolume" | "default";

/** Scale-set phase as ARC 0.14 writes it; ≤0.13 never writes one ("unknown"). */
export type ScaleSetPhase = "Pending" | "Running" | "Outdated" | "unknown";

/** An AutoscalingRunnerSet, trimmed, with the configuration the UI and rules need. */
export interface ScaleSetState extends ScaleSetKey {
  uid: string;
  createdAt: IsoTime;
  githubConfigUrl: string;
  /** Name of the auth Secret (never its contents). */
  githubConfigSecret: string;
  runnerGroup: string;
  /** runnerScaleSetName, defaults to metadata.name. Jobs target it via runs-on. */
  runnerScaleSetName: string;
  /** Extra runs-on labels (ARC 0.14 `runnerScaleSetLabels`). */
  extraLabels: string[];
  /** undefined when not set on the spec (ARC then uses 0 / 2147483647). */
  minRunners?: number;
  maxRunners?: number;
  phase: ScaleSetPhase;
  /** `app.kubernetes.io/version` label: the chart/ARC version the set was installed with. */
  version?: string;
  containerMode: ContainerMode;
  /** GitHub scale-set id from the `runner-scale-set-id` annotation. */
  scaleSetId?: number;
  /** Runner container of the pod template as configured (command may be missing!). */
  runnerContainer?: ContainerSpecSummary;
  /** Volume names declared in the pod template. */
  templateVolumes: string[];
  /** ARS status counters (copied by ARC from the newest ERS). */
  status: {
    currentRunners?: number;
    pendingEphemeralRunners?: number;
    runningEphemeralRunners?: number;
    failedEphemeralRunners?: number;
  };
  /** Hook extension (kubernetes mode): name of the ConfigMap/template if configured. */
  hookTemplatePath?: string;
  updateStrategy?: "immediate" | "eventual";
  deletedAt?: IsoTime;
}

export interface ContainerSpecSummary {
  name: string;
  image: string;
  /** `command` exactly as in the spec; undefined when dropped (image default CMD runs). */
  command?: string[];
  args?: string[];
  volumeMounts: string[];
  /** Env var names only; values are never copied (they may hold secrets). */
  envNames: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export type ErsPhase = "Running" | "Outdated" | "unknown";

export interface EphemeralRunnerSetState {
  cluster: string;
  namespace: string;
  name: string;
  scaleSet: string;
  uid: string;
  createdAt: IsoTime;
  replicas: number;
  patchId?: number;
  phase: ErsPhase;
  runnerSpecHash?: string;
  status: { currentReplicas?: number; pending?: number; running?: number; failed?: number };
  deletedAt?: IsoTime;
}

export type RunnerPhase = "" | "Pending" | "Running" | "Succeeded" | "Failed" | "Outdated";

/** Current state of one EphemeralRunner merged with its pod. */
export interface RunnerState {
  cluster: string;
  namespace: string;
  /** ER name = pod name = GitHub runner name = JIT secret name. */
  name: string;
  scaleSet: string;
  ephemeralRunnerSet: string;
  uid: string;
  createdAt: IsoTime;
  phase: RunnerPhase;
  ready?: boolean;
  reason?: string;
  message?: string;
  runnerId?: number;
  /** Number of entries in status.failures. */
  failureCount: number;
  /** Times of the recorded failures (0.12+ map values), oldest first. */
  failureTimes: IsoTime[];
  job?: RunnerJob;
  finalizers: string[];
  deletionTimestamp?: IsoTime;
  pod?: PodState;
}

export interface RunnerJob {
  /** Actions-service job id (0.13+), string. */
  jobId?: string;
  jobRequestId?: number;
  repository?: string;
  workflowRef?: string;
  workflowRunId?: number;
  displayName?: string;
}

export type PodRole = "runner" | "listener" | "controller" | "workflow" | "other";

export interface ContainerStatusSummary {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  state: "waiting" | "running" | "terminated" | "unknown";
  /** waiting/terminated reason: ImagePullBackOff, ErrImagePull, OOMKilled, Error, Completed, CrashLoopBackOff… */
  reason?: string;
  message?: string;
  exitCode?: number;
  startedAt?: IsoTime;
  finishedAt?: IsoTime;
  lastTerminated?: { reason?: string; exitCode?: number; finishedAt?: IsoTime };
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: IsoTime;
}

/** A pod trimmed to what diagnosis and the UI need. Env values are never copied. */
export interface PodState {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  role: PodRole;
  /** Scale set it belongs to (label `actions.github.com/scale-set-name`) if any. */
  scaleSet?: string;
  /** For workflow pods: the runner pod (`runner-pod` label). */
  runnerPod?: string;
  labels: Record<string, string>;
  createdAt: IsoTime;
  phase: "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
  reason?: string;
  message?: string;
  nodeName?: string;
  scheduledAt?: IsoTime;
  startedAt?: IsoTime;
  readyAt?: IsoTime;
  deletionTimestamp?: IsoTime;
  conditions: PodCondition[];
  containers: ContainerSpecSummary[];
  initContainers: ContainerSpecSummary[];
  containerStatuses: ContainerStatusSummary[];
  initContainerStatuses: ContainerStatusSummary[];
  volumes: string[];
}

/** How a runner's life ended (or that it has not). */
export type RunnerOutcome =
  | "running"
  | "succeeded" // ran a job and exited 0
  | "no-job-exit" // exited (0) without ever taking a job
  | "failed" // container failed (non-zero / init failure) without OOM/eviction
  | "pod-rejected" // EphemeralRunner Failed/InvalidPod: the pod was never created
  | "evicted"
  | "oom-killed"
  | "deleted" // deleted while still pending/running (scale-down, node loss, manual)
  | "outdated";

/**
 * One EphemeralRunner's life as Runnerscope remembers it, even after Kubernetes deleted it.
 * One record per ER uid.
 */
export interface RunnerLife {
  cluster: string;
  namespace: string;
  scaleSet: string;
  ephemeralRunnerSet: string;
  name: string;
  uid: string;
  createdAt: IsoTime;
  scheduledAt?: IsoTime;
  startedAt?: IsoTime;
  readyAt?: IsoTime;
  jobAssignedAt?: IsoTime;
  finishedAt?: IsoTime;
  deletedAt?: IsoTime;
  outcome: RunnerOutcome;
  exitCode?: number;
  reason?: string;
  message?: string;
  failureCount: number;
  /** Runner container command as the pod was started; undefined = image default CMD. */
  command?: string[];
  image?: string;
  nodeName?: string;
  job?: RunnerJob;
  /** Phase transitions seen, in order. */
  phases: { phase: string; at: IsoTime }[];
}

export interface KubeEventRecord {
  cluster: string;
  namespace: string;
  uid: string;
  involvedKind: string;
  involvedName: string;
  reason: string;
  message: string;
  type: "Normal" | "Warning";
  count: number;
  firstSeen: IsoTime;
  lastSeen: IsoTime;
  source?: string;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "fatal" | "unknown";

/** One parsed log line from a listener, controller or runner container (already redacted). */
export interface LogRecord {
  cluster?: string;
  namespace?: string;
  pod?: string;
  container?: string;
  /** Whose log this is; "unknown" for pasted lines we could not attribute. */
  origin: "listener" | "controller" | "runner" | "workflow" | "unknown";
  time?: IsoTime;
  level: LogLevel;
  /** zap `logger` or slog `component` if any. */
  logger?: string;
  message: string;
  fields: Record<string, unknown>;
  /** The raw (redacted) line, for evidence. */
  raw: string;
  format: "zap-json" | "zap-text" | "slog-json" | "slog-text" | "runner" | "plain";
}

/** Listener statistics at one moment (from ≤0.13 log lines or ≥0.14 Prometheus metrics). */
export interface ListenerSample {
  cluster: string;
  namespace: string;
  scaleSet: string;
  at: IsoTime;
  source: "metrics" | "log";
  availableJobs?: number;
  acquiredJobs?: number;
  assignedJobs?: number;
  runningJobs?: number;
  registeredRunners?: number;
  busyRunners?: number;
  idleRunners?: number;
  desiredRunners?: number;
  minRunners?: number;
  maxRunners?: number;
  /** Last message id seen by the listener ("Getting next message"), if known. */
  lastMessageId?: number;
}

export type GitHubJobStatus = "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";

export interface GitHubJob {
  id: number;
  runId: number;
  /** owner/repo */
  repository: string;
  name: string;
  workflowName?: string;
  status: GitHubJobStatus;
  conclusion?: string | null;
  labels: string[];
  createdAt: IsoTime;
  startedAt?: IsoTime | null;
  completedAt?: IsoTime | null;
  runnerName?: string | null;
  runnerGroupName?: string | null;
  htmlUrl?: string;
}

export interface GitHubRunner {
  id: number;
  name: string;
  /** org or owner/repo the runner was listed under */
  scope: string;
  os?: string;
  status: "online" | "offline";
  busy: boolean;
  labels: string[];
  runnerGroupId?: number;
}

export interface GitHubRunnerGroup {
  id: number;
  org: string;
  name: string;
  visibility: "all" | "selected" | "private";
  default: boolean;
  /** owner/repo names allowed when visibility = selected. */
  repositories: string[];
  allowsPublicRepositories?: boolean;
  restrictedToWorkflows?: boolean;
}

export interface GitHubRateLimit {
  /** token identity or org the budget belongs to */
  scope: string;
  limit: number;
  remaining: number;
  used: number;
  resetAt: IsoTime;
  observedAt: IsoTime;
}
