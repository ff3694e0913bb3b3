import type {
  EphemeralRunnerSetState,
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
} from "./fleet";

/**
 * The slices a fleet snapshot is made of. A diagnosis rule declares which it needs;
 * when one is not available the rule is "not evaluated", never "healthy".
 */
export type DataSlice =
  | "scaleSets"
  | "runnerSets"
  | "runners"
  | "runnerHistory"
  | "pods"
  | "events"
  | "controllerLogs"
  | "listenerLogs"
  | "runnerLogs"
  | "listenerStats"
  | "githubJobs"
  | "githubRunners"
  | "githubRunnerGroups"
  | "githubRateLimit"
  | "clusterInfo";

export const ALL_SLICES: readonly DataSlice[] = [
  "scaleSets",
  "runnerSets",
  "runners",
  "runnerHistory",
  "pods",
  "events",
  "controllerLogs",
  "listenerLogs",
  "runnerLogs",
  "listenerStats",
  "githubJobs",
  "githubRunners",
  "githubRunnerGroups",
  "githubRateLimit",
  "clusterInfo",
];

export interface SliceStatus {
  available: boolean;
  /** Why it is unavailable (RBAC, rate limit, not in the paste…). */
  reason?: string;
}

export interface ClusterInfo {
  name: string;
  /** ARC controller version from the controller pod's `app.kubernetes.io/version` label. */
  controllerVersion?: string;
  controllerNamespace?: string;
  simulated?: boolean;
}

/**
 * Everything the diagnosis engine sees: the current fleet plus a history window.
 * Built by the collector from the store, or by the evidence parser from pasted text
 * (where most slices are simply unavailable).
 */
export interface FleetSnapshot {
  clusters: ClusterInfo[];
  scaleSets: ScaleSetState[];
  runnerSets: EphemeralRunnerSetState[];
  /** Current EphemeralRunners (with their pods). */
  runners: RunnerState[];
  /** Runner lives in the window, including ones Kubernetes already deleted. */
  runnerHistory: RunnerLife[];
  /** Listener, controller, workflow and other ARC pods (runner pods are on `runners`). */
  pods: PodState[];
  events: KubeEventRecord[];
  logs: LogRecord[];
  listenerSamples: ListenerSample[];
  github: {
    jobs: GitHubJob[];
    runners: GitHubRunner[];
    runnerGroups: GitHubRunnerGroup[];
    rateLimits: GitHubRateLimit[];
  };
  slices: Record<DataSlice, SliceStatus>;
  /** Start of the history window. */
  windowStart: IsoTime;
}

export function emptySnapshot(windowStart: IsoTime, available: boolean, reason?: string): FleetSnapshot {
  const slices = {} as Record<DataSlice, SliceStatus>;
  for (const s of ALL_SLICES) slices[s] = available ? { available } : { available, reason };
  return {
    clusters: [],
    scaleSets: [],
    runnerSets: [],
    runners: [],
    runnerHistory: [],
    pods: [],
    events: [],
    logs: [],
    listenerSamples: [],
    github: { jobs: [], runners: [], runnerGroups: [], rateLimits: [] },
    slices,
    windowStart,
  };
}

export type SourceState = "ok" | "degraded" | "unavailable";

/** Health of one data source: a cluster API, a listener's statistics, GitHub per org, webhooks, the store. */
export interface SourceHealth {
  /** Stable id, e.g. `k8s:cluster-a`, `listener:cluster-a/arc-runners/web`, `github:acme`, `webhooks`, `store`. */
  id: string;
  kind: "kubernetes" | "listener" | "github" | "webhooks" | "store";
  label: string;
  state: SourceState;
  lastSuccess?: IsoTime;
  lastError?: { at: IsoTime; message: string };
  /** Extra figures, e.g. GitHub budget remaining. */
  detail?: string;
}
