/**
 * Seam between the simulated GitHub REST server (lib/simulator/github/server.ts) and the
 * model that drives it (lib/simulator/arc). The model mutates this state; the server
 * renders it in GitHub's REST shapes (snake_case fields as in arc-model.md §5).
 */

export interface SimRepo {
  owner: string;
  name: string;
  private: boolean;
  /** GitHub repository id; derived from the full name when unset. */
  id?: number;
}

export interface SimRunner {
  id: number;
  name: string;
  os: string;
  status: "online" | "offline";
  busy: boolean;
  labels: string[];
  runnerGroupId: number;
  /** `org` or `owner/repo`: where the runner is registered (scale-set githubConfigUrl scope). */
  scope: string;
}

export interface SimRunnerGroup {
  id: number;
  org: string;
  name: string;
  visibility: "all" | "selected" | "private";
  default: boolean;
  /** owner/repo, used when visibility = selected */
  repositories: string[];
  /** Default false, as for a new group on GitHub. */
  allowsPublicRepositories?: boolean;
  /** Default false. */
  restrictedToWorkflows?: boolean;
  /** Workflow refs (`owner/repo/.github/workflows/x.yml@main`) when restrictedToWorkflows. */
  selectedWorkflows?: string[];
}

export interface SimWorkflowRun {
  id: number;
  repo: string; // owner/repo
  name: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  createdAt: string;
  runStartedAt?: string;
  runAttempt: number;
  /** Bumped whenever the run or one of its jobs changes (drives ETags). */
  updatedAt: string;
  headBranch?: string;
  /** Triggering event (`push`, `pull_request`, …); rendered as `push` when unset. */
  event?: string;
}

export interface SimJob {
  id: number;
  runId: number;
  repo: string;
  name: string;
  workflowName: string;
  status: "queued" | "in_progress" | "completed" | "waiting";
  conclusion: string | null;
  labels: string[];
  createdAt: string;
  startedAt?: string;
  completedAt?: string;
  runnerId?: number;
  runnerName?: string;
  runnerGroupId?: number;
  runnerGroupName?: string;
  /** Attempt this job belongs to; defaults to its run's current attempt. */
  runAttempt?: number;
  /** Defaults to the run's headBranch. */
  headBranch?: string;
}

export interface SimToken {
  token: string;
  /** Core budget per hour. */
  limit: number;
  remaining: number;
  /** epoch seconds */
  resetAt: number;
}

/** In-memory GitHub. One instance per simulated GitHub (shared by all clusters). */
export interface GitHubState {
  orgs: string[];
  repos: SimRepo[];
  runners: SimRunner[];
  runnerGroups: SimRunnerGroup[];
  runs: SimWorkflowRun[];
  jobs: SimJob[];
  tokens: SimToken[];
  /** Increments on every mutation; used to compute ETags cheaply. */
  version: number;
  /** Last id handed out by nextId() (state.ts); kept here so a serialized state resumes deterministically. */
  lastId?: number;
}
