/**
 * A simulated incident (or a healthy baseline) as data: the scale sets it creates, the workload that
 * drives them, the fault knobs the ARC model interprets, and what a correct diagnosis must say.
 */
import type { ContainerMode } from "@/lib/model";

/** Rule ids the diagnosis engine uses; a scenario's expectations may only name these. */
export const RULE_IDS = [
  "runner-jit-config-empty",
  "runner-command-dropped",
  "runner-entrypoint-missing",
  "runner-image-wrong-arch",
  "runner-registration-not-found",
  "runner-failure-loop",
  "jobs-unmatched-labels",
  "jobs-runner-group-denied",
  "jobs-invisible-to-listener",
  "scale-set-at-max",
  "pod-create-rejected",
  "resource-quota-exceeded",
  "pods-unschedulable",
  "image-pull-failure",
  "runner-oom-killed",
  "runner-evicted",
  "workflow-pod-failed",
  "listener-missing",
  "listener-rollover-deadlock",
  "listener-stats-stale",
  "listener-crash-loop",
  "github-rate-limit",
  "github-auth-failure",
  "github-network-error",
  "dind-not-ready",
  "runner-idle-beyond-min",
  "github-runner-orphaned",
  "job-at-risk",
  "runner-set-stale-generation",
  "runner-lost-communication",
  "arc-version-mismatch",
  "scale-set-min-max-invalid",
  "runner-slow-startup",
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** What a correct diagnosis reports for one subject. Both lists empty = healthy, no finding allowed. */
export interface Expectation {
  /** The top finding must be one of these (every id listed is expected to fire). */
  primary: RuleId[];
  /** May also fire without counting as a false positive. */
  alsoAcceptable: RuleId[];
}

export const HEALTHY: Expectation = { primary: [], alsoAcceptable: [] };

/** How a runner container ends when the scenario forces it (instead of running jobs). */
export interface RunnerExit {
  code: number;
  /** terminated reason, e.g. "Completed", "Error", "OOMKilled". */
  reason: string;
  /** Container lifetime range in ms. */
  afterMs: [number, number];
  /** Lines the runner container prints before exiting. */
  log: string[];
}

/** Fault knobs interpreted by the ARC model (lib/simulator/arc). All optional; none = healthy. */
export interface ScaleSetFaults {
  /** JIT secret created with empty data: runner prints "Not configured" and exits 0 within 1–2 s. */
  emptyJitSecret?: boolean;
  /** Runner container ends on its own without taking a job (dropped command, broken entrypoint…). */
  runnerExit?: RunnerExit;
  /** Lines printed by some pods (share 0..1) before `runnerExit` (e.g. the seed's VssOAuth error). */
  runnerExitExtraLog?: { share: number; line: string };
  /** Runner pods beyond this count are refused by a ResourceQuota ("exceeded quota"). */
  podQuota?: number;
  /** Runner pods beyond this count stay Pending with FailedScheduling for this resource. */
  schedulingLimit?: { pods: number; resource: "pods" | "ephemeral-storage" | "cpu" };
  /** The job container pod (kubernetes mode) goes Failed; the job fails. */
  workflowPodFails?: boolean;
  /** Listener exits with the GitHub rate-limit error and is recreated over and over. */
  listenerRateLimited?: boolean;
  /** Listener image pull fails with GHCR 403. */
  listenerImagePull403?: boolean;
  /** Share (0..1) of runner lives whose runner container is OOMKilled mid-job (exit 137). */
  oomKillShare?: number;
  /** Share (0..1) of runner lives whose pod is evicted for ephemeral-storage mid-job. */
  evictShare?: number;
  /** Share (0..1) of runner lives whose pod is deleted mid-job (runner lost communication). */
  deleteMidJobShare?: number;
  /** Extra idle runners kept beyond minRunners (the listener never scales them down). */
  idleBeyondMin?: number;
  /** GitHub runners registered for this set that are offline and have no EphemeralRunner. */
  orphanGitHubRunners?: number;
  /** One runner takes a job, then its pod fails to come back (node gone): job stuck in_progress. */
  jobOnFailingRunner?: boolean;
  /** An older EphemeralRunnerSet generation is left behind with one idle runner. */
  staleGeneration?: boolean;
  /** Rollover deadlock (eventual update strategy): no listener, ARS Pending, two ERS generations. */
  rolloverDeadlock?: boolean;
}

/** Pod-template overrides of the runner container / pod. */
export interface TemplateOverrides {
  /** Omit `command` on the runner container (image default CMD /bin/bash runs). */
  dropCommand?: boolean;
  /** volumeMounts on the runner container; each needs a matching volume unless listed in `missingVolumes`. */
  volumeMounts?: { name: string; mountPath: string }[];
  /** Volume names mounted but not declared (pod create is rejected as Invalid). */
  missingVolumes?: string[];
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  /** Kubernetes-mode hook extension template (ConfigMap mounted next to the hooks). */
  hookExtension?: { configMap: string; cacheVolumes: string[] };
}

/** One AutoscalingRunnerSet, independent of the cluster it lands on. */
export interface ScaleSetSpec {
  /** ARS metadata.name = runnerScaleSetName. Unique across all scenarios. */
  name: string;
  minRunners: number;
  maxRunners: number;
  /** GitHub runner group; default "Default". */
  runnerGroup?: string;
  /** Extra runs-on labels (0.14 runnerScaleSetLabels; ignored on 0.13 clusters). */
  extraLabels?: string[];
  containerMode: ContainerMode;
  template?: TemplateOverrides;
  faults?: ScaleSetFaults;
  expected: Expectation;
}

/** A stream of workflow jobs. */
export interface WorkloadSpec {
  repo: string; // owner/repo
  workflow: string; // file name, e.g. ci.yml
  jobName: string;
  /** runs-on labels. */
  labels: string[];
  jobsPerMinute: number;
  /** Job execution time range in seconds. */
  durationSec: [number, number];
  /** Extra jobs created at once every `everySec` (burst traffic). */
  burst?: { everySec: number; count: number };
  /** Share (0..1) of jobs that fail (conclusion failure) though the runner is healthy. */
  failShare?: number;
}

export interface RunnerGroupSpec {
  name: string;
  visibility: "all" | "selected" | "private";
  /** owner/repo allowed when visibility = selected. */
  repositories: string[];
}

export interface Scenario {
  id: string;
  title: string;
  description: string;
  /** Seed write-up it reproduces (`../shared/seeds/<file>` beside the repository), if any. */
  seed?: string;
  scaleSets: ScaleSetSpec[];
  workload: WorkloadSpec[];
  /** Runner groups beyond "Default" (which always exists, visibility all). */
  runnerGroups?: RunnerGroupSpec[];
  /** Findings that belong to no scale set (e.g. jobs no scale set serves). */
  fleetExpected?: Expectation;
  /** GitHub-side knobs. */
  github?: {
    /** The token ARC's listener uses has no core budget left (rate limit). */
    arcTokenExhausted?: boolean;
  };
}
