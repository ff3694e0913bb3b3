/** Queued GitHub jobs and which scale sets / runner groups can take them (routing itself is lib/model/job-routing). */
import type { EvidenceItem, FleetSnapshot, GitHubJob, GitHubRunnerGroup, ScaleSetState } from "@/lib/model";
import { groupAllowsRepo, ownerOf, scaleSetLabels, scaleSetsForJob, servesLabels } from "@/lib/model";
import { scopeFromConfigUrl } from "@/lib/sources/github/to-github";
import { memo } from "./index";
import { ageSeconds, earliest, formatDuration } from "./time";

/** True when a scale set registered at `githubConfigUrl` (enterprise, org or repo URL) can run jobs of `repository`. */
export function configCoversRepo(githubConfigUrl: string, repository: string): boolean {
  const scope = scopeFromConfigUrl(githubConfigUrl);
  if (!scope) return false;
  if (scope.kind === "enterprise") return true;
  if (scope.kind === "repo") return scope.repo.toLowerCase() === repository.toLowerCase();
  return scope.org.toLowerCase() === (ownerOf(repository) ?? "").toLowerCase();
}

/** Scale sets (not being deleted) whose labels match the job and whose GitHub config covers its repository. */
export function scaleSetsServingJob(sets: readonly ScaleSetState[], job: Pick<GitHubJob, "labels" | "repository">): ScaleSetState[] {
  return scaleSetsForJob(sets, job).filter((s) => !s.deletedAt && configCoversRepo(s.githubConfigUrl, job.repository));
}

/** GitHub jobs in status `queued` for at least `minAgeSeconds` at `now`. */
export function queuedJobs(snapshot: FleetSnapshot, now: Date, minAgeSeconds: number): GitHubJob[] {
  return snapshot.github.jobs.filter((j) => j.status === "queued" && (ageSeconds(j.createdAt, now) ?? 0) >= minAgeSeconds);
}

/**
 * `scaleSetsServingJob(snapshot.scaleSets, job)`, through a per-round label index: a serving set carries every
 * routing label of the job, so only the sets carrying its first one are checked.
 */
export function servingSetsOf(snapshot: FleetSnapshot, job: GitHubJob): ScaleSetState[] {
  const byLabel = memo(snapshot, "scaleSetsByLabel", () => {
    const out = new Map<string, ScaleSetState[]>();
    for (const set of snapshot.scaleSets) {
      for (const l of scaleSetLabels(set)) {
        const sets = out.get(l);
        if (sets) sets.push(set);
        else out.set(l, [set]);
      }
    }
    return out;
  });
  // A label routes iff a set carrying only it serves it (implicit labels such as self-hosted never do).
  const routing = job.labels.map((l) => l.toLowerCase()).find((l) => servesLabels({ runnerScaleSetName: l, extraLabels: [] }, [l]));
  return routing === undefined ? [] : scaleSetsServingJob(byLabel.get(routing) ?? [], job);
}

/** Queued jobs (≥ minAgeSeconds) that `set` serves, oldest first. */
export function queuedJobsFor(snapshot: FleetSnapshot, set: ScaleSetState, now: Date, minAgeSeconds: number): GitHubJob[] {
  // queued jobs per serving set, found once per round (a set not taken from this snapshot is matched directly)
  const bySet = memo(snapshot, "queuedJobsBySet", () => {
    const out = new Map<ScaleSetState, GitHubJob[]>(snapshot.scaleSets.map((s) => [s, []]));
    for (const j of snapshot.github.jobs) if (j.status === "queued") for (const s of servingSetsOf(snapshot, j)) out.get(s)?.push(j);
    return out;
  });
  const served = bySet.get(set);
  const jobs = served ? served.filter((j) => (ageSeconds(j.createdAt, now) ?? 0) >= minAgeSeconds) : queuedJobs(snapshot, now, minAgeSeconds).filter((j) => scaleSetsServingJob([set], j).length > 0);
  return jobs.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** Evidence naming one GitHub job, its repo, labels and how long it has waited. */
export function jobEvidence(job: GitHubJob, now: Date, observation?: string): EvidenceItem {
  const age = ageSeconds(job.createdAt, now);
  return {
    observation: observation ?? `Job ${job.id} "${job.name}" in ${job.repository} queued for ${age === undefined ? "?" : formatDuration(age)}`,
    source: `GitHub job ${job.id}`,
    excerpt: `runs-on: [${job.labels.join(", ")}]`,
    at: job.createdAt,
    ref: { kind: "job", name: String(job.id) },
  };
}

/** Longest wait among `jobs`, as text ("12 min"), or "?" when unknown. */
export function oldestWait(jobs: readonly GitHubJob[], now: Date): string {
  const first = earliest(jobs.map((j) => j.createdAt));
  const age = ageSeconds(first, now);
  return age === undefined ? "?" : formatDuration(age);
}

/** The GitHub runner group a scale set registers into (empty / "default" = the org's default group). */
export function runnerGroupOf(snapshot: FleetSnapshot, set: ScaleSetState): GitHubRunnerGroup | undefined {
  const org = (ownerOf(set.githubConfigUrl) ?? "").toLowerCase();
  const wanted = (set.runnerGroup || "default").toLowerCase();
  const inOrg = snapshot.github.runnerGroups.filter((g) => g.org.toLowerCase() === org);
  return inOrg.find((g) => g.name.toLowerCase() === wanted) ?? (wanted === "default" ? inOrg.find((g) => g.default) : undefined);
}

/** True only when the group definitely refuses the repository (unknown groups and `private`/`all` visibility are not judged). */
export function groupDenies(group: GitHubRunnerGroup | undefined, repository: string): boolean {
  if (!group || group.visibility !== "selected") return false;
  return groupAllowsRepo(group, repository) === false;
}
