/**
 * Seam between the simulated GitHub REST server (lib/simulator/github/server.ts) and the
 * model that drives it (lib/simulator/arc). The model mutates this state; the server
 * renders it in GitHub's REST shapes (snake_case fields as in arc-model.md §5).
 */

export interface SimRepo {
  owner: string;
  name: string;
  private: boolean;
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
}
