import type { GitHubJob, GitHubJobStatus, GitHubRateLimit, GitHubRunner } from "@/lib/model";
import { arr, iso, num, obj, str, strList } from "@/lib/sources/kubernetes/normalize/loose";

/** GitHub REST JSON pasted from `gh api` (jobs, runners, /rate_limit) → domain records. */

const JOB_STATUSES = new Set(["queued", "in_progress", "completed", "waiting", "requested", "pending"]);

export function isGitHubJob(v: unknown): boolean {
  const o = obj(v);
  return num(o.id) !== undefined && num(o.run_id) !== undefined && Array.isArray(o.labels) && typeof o.status === "string";
}

export function isGitHubRunner(v: unknown): boolean {
  const o = obj(v);
  return num(o.id) !== undefined && typeof o.name === "string" && typeof o.busy === "boolean" && typeof o.status === "string";
}

export function toGitHubJob(v: unknown): GitHubJob {
  const o = obj(v);
  const status = str(o.status) ?? "queued";
  const url = str(o.html_url) ?? str(o.run_url) ?? "";
  const repo = /github\.com\/(?:repos\/)?([^/]+\/[^/]+)\//.exec(url)?.[1] ?? "";
  return {
    id: num(o.id) ?? 0,
    runId: num(o.run_id) ?? 0,
    repository: repo,
    name: str(o.name) ?? "",
    workflowName: str(o.workflow_name),
    status: (JOB_STATUSES.has(status) ? status : "queued") as GitHubJobStatus,
    conclusion: o.conclusion === null ? null : str(o.conclusion),
    labels: strList(o.labels),
    createdAt: iso(o.created_at) ?? new Date(0).toISOString(),
    startedAt: iso(o.started_at) ?? null,
    completedAt: iso(o.completed_at) ?? null,
    runnerName: str(o.runner_name) ?? null,
    runnerGroupName: str(o.runner_group_name) ?? null,
    htmlUrl: str(o.html_url),
  };
}

export function toGitHubRunner(v: unknown, scope: string): GitHubRunner {
  const o = obj(v);
  return {
    id: num(o.id) ?? 0,
    name: str(o.name) ?? "",
    scope,
    os: str(o.os),
    status: o.status === "online" ? "online" : "offline",
    busy: o.busy === true,
    labels: arr(o.labels).flatMap((l) => str(obj(l).name) ?? str(l) ?? []),
    runnerGroupId: num(o.runner_group_id),
  };
}

/** `/rate_limit` body → the core budget. */
export function toRateLimit(v: unknown, now: Date): GitHubRateLimit | undefined {
  const core = obj(obj(obj(v).resources).core);
  const limit = num(core.limit);
  const remaining = num(core.remaining);
  if (limit === undefined || remaining === undefined) return undefined;
  return {
    scope: "the pasted token",
    limit,
    remaining,
    used: num(core.used) ?? limit - remaining,
    resetAt: iso(num(core.reset)) ?? now.toISOString(),
    observedAt: now.toISOString(),
  };
}
