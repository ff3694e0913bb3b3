import { ownerOf, servesLabels, type GitHubJob, type ScaleSetState } from "@/lib/model";

type Routable = Pick<ScaleSetState, "runnerScaleSetName" | "extraLabels" | "githubConfigUrl">;

/**
 * A matcher for the jobs that can land on `set`: every runs-on label matches (lib/model/job-routing) and
 * the job's repository is under the set's GitHub config URL (org, repo, or any under an enterprise).
 * Built once per set: the fleet overview tests every queued job against every set.
 */
export function jobMatcher(set: Routable): (job: Pick<GitHubJob, "labels" | "repository">) => boolean {
  const path = set.githubConfigUrl.replace(/^https?:\/\/[^/]+\//, "").replace(/\/+$/, "").toLowerCase();
  const labelView = { runnerScaleSetName: set.runnerScaleSetName, extraLabels: set.extraLabels };
  const byLabels = new Map<string, boolean>(); // queued jobs share a handful of runs-on label sets
  return (job) => {
    const repo = job.repository.toLowerCase();
    const ownerOk = path.startsWith("enterprises/") || (path.includes("/") ? repo === path : ownerOf(repo) === path);
    if (!ownerOk) return false;
    const k = job.labels.join("\n");
    let ok = byLabels.get(k);
    if (ok === undefined) byLabels.set(k, (ok = servesLabels(labelView, job.labels)));
    return ok;
  };
}

export function jobTargetsSet(set: Routable, job: Pick<GitHubJob, "labels" | "repository">): boolean {
  return jobMatcher(set)(job);
}

/** Whether a job waited for a runner at `t`: created, not yet started, not cancelled/completed. */
export function queuedAt(job: Pick<GitHubJob, "createdAt" | "startedAt" | "completedAt" | "status">, t: number): boolean {
  if (Date.parse(job.createdAt) > t) return false;
  if (job.startedAt && Date.parse(job.startedAt) <= t) return false;
  if (job.completedAt && Date.parse(job.completedAt) <= t) return false;
  if (!job.startedAt && !job.completedAt && job.status !== "queued") return false;
  return true;
}

export { percentile } from "@/lib/model/stats";
