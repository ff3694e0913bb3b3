/**
 * View types the services return and the browser renders. Browser-safe: type-only imports from lib/model,
 * no server modules. Times are ISO strings; counts that are unknown are `undefined`, never 0.
 */
import type {
  ClusterInfo,
  ContainerMode,
  ContainerStatusSummary,
  Finding,
  GitHubJob,
  IsoTime,
  KubeEventRecord,
  LogRecord,
  NotEvaluated,
  PodState,
  RunnerJob,
  RunnerLife,
  RunnerState,
  ScaleSetKey,
  ScaleSetState,
  Severity,
  SourceHealth,
} from "@/lib/model";

export type ScaleSetStatus = "healthy" | "warning" | "critical" | "unknown";

/** Whether the listener's statistics are current. When not "ok", figures derived from them are absent, not zero. */
export interface ListenerFreshness {
  state: "ok" | "stale" | "unavailable";
  reason?: string;
  /** Time of the newest sample, if any. */
  at?: IsoTime;
  ageSeconds?: number;
}

export interface FindingSummary {
  ruleId: string;
  severity: Severity;
  title: string;
  fingerprint: string;
  firstSeen: IsoTime;
}

/** A finding as stored: `resolvedAt` is set once it stopped firing. */
export interface FindingRecord extends Finding {
  resolvedAt?: IsoTime;
}

export interface ScaleSetRow {
  key: ScaleSetKey;
  status: ScaleSetStatus;
  /** Why the status is "unknown" (source down, no data yet). */
  statusReason?: string;
  runners: { busy: number; idle: number; pending: number; failed: number; total: number; min?: number; max?: number };
  listener: { desired?: number; registered?: number; busy?: number; idle?: number; stats: ListenerFreshness };
  queue: {
    /** False when no GitHub source covers this scale set's owner or it is unavailable. */
    available: boolean;
    reason?: string;
    queued?: number;
    oldestQueuedAt?: IsoTime;
    oldestQueueAgeSeconds?: number;
  };
  findings: FindingSummary[];
  config: {
    arcVersion?: string;
    containerMode: ContainerMode;
    runnerGroup: string;
    githubConfigUrl: string;
    labels: string[];
    phase: ScaleSetState["phase"];
  };
}

export interface FleetOverview {
  generatedAt: IsoTime;
  /** True when any cluster is the built-in simulation: the UI must say so. */
  simulated: boolean;
  clusters: ClusterInfo[];
  sources: SourceHealth[];
  /** Sources that are not "ok", for the source-health strip. */
  unhealthySources: SourceHealth[];
  totals: {
    scaleSets: number;
    byStatus: Record<ScaleSetStatus, number>;
    runners: { busy: number; idle: number; pending: number; failed: number };
    /** undefined when no GitHub data is available. */
    queuedJobs?: number;
    activeFindings: Record<Severity, number>;
  };
  /** Worst first: critical, warning, unknown, healthy; then by oldest queue, then name. */
  scaleSets: ScaleSetRow[];
  /** Findings about no single scale set: a cluster, GitHub, jobs whose labels no scale set serves. Worst first. */
  fleetFindings: FindingRecord[];
}

/** One downsampled bucket of the scale-set timelines; `t` is the bucket start. Missing = unknown. */
export interface SeriesPoint {
  t: IsoTime;
  available?: number;
  acquired?: number;
  assigned?: number;
  running?: number;
  githubQueued?: number;
  desired?: number;
  registered?: number;
  busy?: number;
  idle?: number;
  /** Runner lives created but not yet started at the bucket end. */
  pending?: number;
  /** Runner lives that ended in a failure (failed, rejected, evicted, OOM) within the bucket. */
  failed?: number;
  min?: number;
  max?: number;
}

export interface QueueTimeStats {
  /** Number of GitHub jobs (started in the window) the percentiles come from. */
  jobs: number;
  p50Seconds?: number;
  p90Seconds?: number;
  p99Seconds?: number;
}

export interface TimeWindow {
  from: IsoTime;
  to: IsoTime;
}

/** What the swimlane needs of a runner life: thousands ship with the page, so only these fields. */
export type LifeBar = Pick<RunnerLife, "name" | "createdAt" | "startedAt" | "finishedAt" | "deletedAt" | "outcome" | "exitCode"> & {
  job?: { displayName?: string };
};

export interface ScaleSetView {
  key: ScaleSetKey;
  generatedAt: IsoTime;
  window: TimeWindow;
  status: ScaleSetStatus;
  statusReason?: string;
  config: ScaleSetState;
  findings: FindingRecord[];
  listenerStats: ListenerFreshness;
  series: { bucketSeconds: number; points: SeriesPoint[]; githubAvailable: boolean };
  /** Lives overlapping the window, newest first, as swimlane bars (the full record is one click away). */
  lives: LifeBar[];
  livesTruncated: boolean;
  events: KubeEventRecord[];
  queueTime: QueueTimeStats;
  sources: SourceHealth[];
}

export interface RunnerDetail {
  cluster: string;
  namespace: string;
  name: string;
  /** Lives with this name, oldest first (names are reused only in theory, but history must not merge them). */
  lives: RunnerLife[];
  /** Present while the EphemeralRunner still exists. */
  current?: RunnerState;
  pod?: PodState;
  containers: ContainerStatusSummary[];
  initContainers: ContainerStatusSummary[];
  failures: { count: number; times: IsoTime[] };
  job?: RunnerJob;
  githubJob?: GitHubJob;
  events: KubeEventRecord[];
  logs: LogRecord[];
}

export interface SourceHealthView {
  sources: SourceHealth[];
  unhealthy: SourceHealth[];
  /** True when nothing has reported yet (fresh install). */
  empty: boolean;
}

export interface IncidentScope {
  scaleSets: ScaleSetKey[];
  window: TimeWindow;
}

/** What an incident link shows, frozen when it was taken. */
export interface IncidentPayload {
  views: ScaleSetView[];
  sources: SourceHealth[];
  simulated: boolean;
  /** Set for incidents saved from the Diagnose page: the cards the pasted evidence gave (the text itself is not kept). */
  diagnosis?: { findings: Finding[]; notEvaluated: NotEvaluated[]; parsed: Record<string, number> };
}

export interface IncidentView {
  id: string;
  title: string;
  createdAt: IsoTime;
  scope: IncidentScope;
  payload: IncidentPayload;
}

export type IncidentLookup = { state: "found"; incident: IncidentView } | { state: "revoked"; revokedAt: IsoTime } | { state: "missing" };
