import type { SimJob, SimRepo, SimRunner, SimRunnerGroup, SimWorkflowRun } from "./types";

/**
 * Sim records → GitHub REST / webhook JSON (snake_case, `null` for unset fields, as GitHub sends).
 * Shared by the REST server and the webhook sender so both describe a job identically.
 */

const WEB = "https://github.com";
/** API base used inside webhook payloads (GitHub points them at its public API). */
export const PUBLIC_API = "https://api.github.com";

/** Stable positive id for things the state does not number (labels, repos without an id). FNV-1a. */
export function stableId(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return 100_000_000 + ((h >>> 0) % 900_000_000);
}

/** Labels GitHub assigns itself; everything else (scale-set names, runnerScaleSetLabels) is custom. */
const READ_ONLY_LABELS = new Set(["self-hosted", "linux", "windows", "macos", "x64", "x86", "arm", "arm64"]);

export function runnerJson(r: SimRunner) {
  return {
    id: r.id,
    name: r.name,
    os: r.os,
    status: r.status,
    busy: r.busy,
    runner_group_id: r.runnerGroupId,
    labels: r.labels.map((name) => ({
      id: stableId(`label:${name.toLowerCase()}`),
      name,
      type: READ_ONLY_LABELS.has(name.toLowerCase()) ? ("read-only" as const) : ("custom" as const),
    })),
  };
}

export function runnerGroupJson(g: SimRunnerGroup, apiBase: string) {
  const base = `${apiBase}/orgs/${g.org}/actions/runner-groups/${g.id}`;
  return {
    id: g.id,
    name: g.name,
    visibility: g.visibility,
    default: g.default,
    inherited: false,
    allows_public_repositories: g.allowsPublicRepositories ?? false,
    restricted_to_workflows: g.restrictedToWorkflows ?? false,
    selected_workflows: g.selectedWorkflows ?? [],
    runners_url: `${base}/runners`,
    ...(g.visibility === "selected" ? { selected_repositories_url: `${base}/repositories` } : {}),
  };
}

export const fullName = (r: SimRepo): string => `${r.owner}/${r.name}`;

export const repoId = (r: SimRepo): number => r.id ?? stableId(`repo:${fullName(r).toLowerCase()}`);

export function repoJson(r: SimRepo) {
  return {
    id: repoId(r),
    node_id: `R_sim${repoId(r)}`,
    name: r.name,
    full_name: fullName(r),
    owner: { login: r.owner, id: stableId(`owner:${r.owner.toLowerCase()}`), type: "Organization" },
    private: r.private,
    visibility: r.private ? "private" : "public",
    html_url: `${WEB}/${fullName(r)}`,
    archived: false,
  };
}

export function runJson(run: SimWorkflowRun, apiBase: string) {
  return {
    id: run.id,
    name: run.name,
    display_title: run.name,
    head_branch: run.headBranch ?? null,
    event: run.event ?? "push",
    status: run.status,
    conclusion: run.conclusion,
    run_attempt: run.runAttempt,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    run_started_at: run.runStartedAt ?? null,
    url: `${apiBase}/repos/${run.repo}/actions/runs/${run.id}`,
    jobs_url: `${apiBase}/repos/${run.repo}/actions/runs/${run.id}/jobs`,
    html_url: `${WEB}/${run.repo}/actions/runs/${run.id}`,
    repository: { full_name: run.repo },
  };
}

/** The attempt a job belongs to: its own, else its run's, else 1. */
export const jobAttempt = (job: SimJob, run: SimWorkflowRun | undefined): number => job.runAttempt ?? run?.runAttempt ?? 1;

export function jobJson(job: SimJob, run: SimWorkflowRun | undefined, apiBase: string) {
  return {
    id: job.id,
    run_id: job.runId,
    run_attempt: jobAttempt(job, run),
    name: job.name,
    workflow_name: job.workflowName,
    head_branch: job.headBranch ?? run?.headBranch ?? null,
    status: job.status,
    conclusion: job.conclusion,
    created_at: job.createdAt,
    started_at: job.startedAt ?? null,
    completed_at: job.completedAt ?? null,
    labels: job.labels,
    runner_id: job.runnerId ?? null,
    runner_name: job.runnerName ?? null,
    runner_group_id: job.runnerGroupId ?? null,
    runner_group_name: job.runnerGroupName ?? null,
    steps: [],
    url: `${apiBase}/repos/${job.repo}/actions/jobs/${job.id}`,
    run_url: `${apiBase}/repos/${job.repo}/actions/runs/${job.runId}`,
    html_url: `${WEB}/${job.repo}/actions/runs/${job.runId}/job/${job.id}`,
  };
}
