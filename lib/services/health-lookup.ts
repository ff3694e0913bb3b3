import { ownerOf, type ScaleSetKey, type ScaleSetState, type SourceHealth } from "@/lib/model";

/*
 * Source-health ids follow lib/model/snapshot.ts: `k8s:<cluster>`, `listener:<cluster>/<namespace>/<scale set>`,
 * `github:<org or owner/repo>`, `webhooks`, `store`.
 */

export const k8sSourceId = (cluster: string) => `k8s:${cluster}`;
export const listenerSourceId = (k: ScaleSetKey) => `listener:${k.cluster}/${k.namespace}/${k.name}`;

export function indexSources(sources: readonly SourceHealth[]): Map<string, SourceHealth> {
  return new Map(sources.map((s) => [s.id.toLowerCase(), s]));
}

export function reasonOf(s: SourceHealth): string {
  return s.lastError?.message ? `${s.label}: ${s.lastError.message}` : `${s.label} is ${s.state}`;
}

/**
 * The GitHub source covering a scale set's owner (org, or owner/repo for repo-level sets). Undefined
 * means nobody polls GitHub for it, so queue figures are unknown rather than zero.
 */
export function githubSourceFor(set: Pick<ScaleSetState, "githubConfigUrl">, byId: Map<string, SourceHealth>): SourceHealth | undefined {
  const owner = ownerOf(set.githubConfigUrl)?.toLowerCase();
  if (!owner) return undefined;
  const repoPath = set.githubConfigUrl.replace(/^https?:\/\/[^/]+\//, "").toLowerCase().replace(/\/+$/, "");
  // the collector's poller reports one `github` source for every org/repo it derives from the scale sets
  return byId.get(`github:${owner}`) ?? byId.get(`github:${repoPath}`) ?? byId.get("github");
}

/** GitHub data is usable for a set when its source exists and is not unavailable. */
export function githubCoverage(set: Pick<ScaleSetState, "githubConfigUrl">, byId: Map<string, SourceHealth>): { available: boolean; reason?: string } {
  const src = githubSourceFor(set, byId);
  if (!src) return { available: false, reason: `no GitHub source watches ${ownerOf(set.githubConfigUrl) ?? set.githubConfigUrl}` };
  if (src.state === "unavailable") return { available: false, reason: reasonOf(src) };
  return { available: true };
}
