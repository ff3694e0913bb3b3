import type { GitHubJob, GitHubRunnerGroup, ScaleSetState } from "./fleet";

/**
 * Labels every self-hosted runner answers to besides its scale-set name. ARC runners
 * are registered with the scale-set name (+ `runnerScaleSetLabels` on 0.14); GitHub adds
 * `self-hosted` implicitly.
 */
const IMPLICIT_LABELS = new Set(["self-hosted"]);

/** Labels a scale set's runners carry, lower-cased (GitHub matches labels case-insensitively). */
export function scaleSetLabels(set: Pick<ScaleSetState, "runnerScaleSetName" | "extraLabels">): Set<string> {
  return new Set([set.runnerScaleSetName, ...set.extraLabels].map((l) => l.toLowerCase()));
}

/** A scale set serves a job when every `runs-on` label is one its runners carry. */
export function servesLabels(set: Pick<ScaleSetState, "runnerScaleSetName" | "extraLabels">, jobLabels: readonly string[]): boolean {
  const own = scaleSetLabels(set);
  const needed = jobLabels.map((l) => l.toLowerCase()).filter((l) => !IMPLICIT_LABELS.has(l));
  return needed.length > 0 && needed.every((l) => own.has(l));
}

/** Scale sets whose labels match the job, in input order. */
export function scaleSetsForJob<T extends Pick<ScaleSetState, "runnerScaleSetName" | "extraLabels">>(sets: readonly T[], job: Pick<GitHubJob, "labels">): T[] {
  return sets.filter((s) => servesLabels(s, job.labels));
}

/** Organisation (or user) part of an `owner/repo` or a githubConfigUrl. */
export function ownerOf(repoOrUrl: string): string | undefined {
  const path = repoOrUrl.replace(/^https?:\/\/[^/]+\//, "");
  const owner = path.split("/")[0];
  return owner ? owner : undefined;
}

/**
 * Whether a runner group lets `repository` (owner/repo) use its runners.
 * `undefined` when the group is unknown (GitHub data unavailable): callers must not treat that as "allowed".
 */
export function groupAllowsRepo(group: GitHubRunnerGroup | undefined, repository: string): boolean | undefined {
  if (!group) return undefined;
  if (group.visibility === "all") return true;
  if (group.visibility === "private") return false; // private = private repositories only; caller refines if it knows visibility
  return group.repositories.some((r) => r.toLowerCase() === repository.toLowerCase());
}
