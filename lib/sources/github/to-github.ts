import type { GitHubJob, GitHubJobStatus, GitHubRunner, GitHubRunnerGroup } from "@/lib/model";

/** REST / webhook JSON → domain records. Inputs are loose (webhook bodies are untrusted): narrow, never throw. */

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const nullableStr = (v: unknown): string | null | undefined => (v === null ? null : str(v));

const JOB_STATUSES = new Set<GitHubJobStatus>(["queued", "in_progress", "completed", "waiting", "requested", "pending"]);

/** A `workflow_job` (REST `jobs[]` item or webhook `workflow_job`). `repository` = owner/repo. */
export function toGitHubJob(raw: unknown, repository: string): GitHubJob | undefined {
  const j = obj(raw);
  const id = num(j.id);
  const runId = num(j.run_id);
  const status = str(j.status) as GitHubJobStatus | undefined;
  const createdAt = str(j.created_at);
  if (id === undefined || runId === undefined || !status || !JOB_STATUSES.has(status) || !createdAt) return undefined;
  const labels = Array.isArray(j.labels) ? j.labels.filter((l): l is string => typeof l === "string") : [];
  const job: GitHubJob = {
    id,
    runId,
    repository,
    name: str(j.name) ?? "",
    status,
    conclusion: nullableStr(j.conclusion) ?? null,
    labels,
    createdAt,
    startedAt: nullableStr(j.started_at) ?? null,
    completedAt: nullableStr(j.completed_at) ?? null,
    runnerName: nullableStr(j.runner_name) ?? null,
    runnerGroupName: nullableStr(j.runner_group_name) ?? null,
  };
  const wf = str(j.workflow_name);
  if (wf) job.workflowName = wf;
  const url = str(j.html_url);
  if (url) job.htmlUrl = url;
  return job;
}

export function toGitHubRunner(raw: unknown, scope: string): GitHubRunner | undefined {
  const r = obj(raw);
  const id = num(r.id);
  const name = str(r.name);
  if (id === undefined || !name) return undefined;
  const labels = Array.isArray(r.labels) ? r.labels.flatMap((l) => (typeof l === "string" ? [l] : str(obj(l).name) ? [str(obj(l).name)!] : [])) : [];
  const out: GitHubRunner = { id, name, scope, status: r.status === "online" ? "online" : "offline", busy: r.busy === true, labels };
  const os = str(r.os);
  if (os) out.os = os;
  const group = num(r.runner_group_id);
  if (group !== undefined) out.runnerGroupId = group;
  return out;
}

export function toGitHubRunnerGroup(raw: unknown, org: string, repositories: string[]): GitHubRunnerGroup | undefined {
  const g = obj(raw);
  const id = num(g.id);
  const name = str(g.name);
  const visibility = str(g.visibility);
  if (id === undefined || !name || (visibility !== "all" && visibility !== "selected" && visibility !== "private")) return undefined;
  const out: GitHubRunnerGroup = { id, org, name, visibility, default: g.default === true, repositories };
  if (typeof g.allows_public_repositories === "boolean") out.allowsPublicRepositories = g.allows_public_repositories;
  if (typeof g.restricted_to_workflows === "boolean") out.restrictedToWorkflows = g.restricted_to_workflows;
  return out;
}

/** owner/repo or org from a scale set's githubConfigUrl (`https://github.com/acme/web`, `…/acme`, `…/enterprises/x`). */
export function scopeFromConfigUrl(url: string): { kind: "repo"; repo: string } | { kind: "org"; org: string } | { kind: "enterprise"; enterprise: string } | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "enterprises" && parts[1]) return { kind: "enterprise", enterprise: parts[1] };
  if (parts.length >= 2) return { kind: "repo", repo: `${parts[0]}/${parts[1]}` };
  if (parts.length === 1 && parts[0]) return { kind: "org", org: parts[0] };
  return undefined;
}
