import { ALL_SLICES, type DataSlice, type FleetSnapshot, type SliceStatus, type SourceHealth } from "@/lib/model";
import type { Store } from "@/lib/store";
import { reasonOf } from "./health-lookup";

const K8S_SLICES: DataSlice[] = ["scaleSets", "runnerSets", "runners", "pods", "events", "clusterInfo", "controllerLogs", "listenerLogs", "runnerLogs"];
const GITHUB_SLICES: DataSlice[] = ["githubJobs", "githubRunners", "githubRunnerGroups", "githubRateLimit"];

/**
 * Whether the sources of one kind make a slice usable. Available while at least one of them works; the
 * reason then names the ones that do not (a rule still runs, on partial data). None at all = unavailable.
 */
export function sliceFromSources(sources: readonly SourceHealth[], noneReason: string): SliceStatus {
  if (sources.length === 0) return { available: false, reason: noneReason };
  const down = sources.filter((s) => s.state === "unavailable");
  if (down.length === sources.length) return { available: false, reason: down.map(reasonOf).join("; ") };
  return down.length ? { available: true, reason: `partial: ${down.map(reasonOf).join("; ")}` } : { available: true };
}

/** The fleet as the diagnosis engine sees it: current state plus history since `now − window` (ms). */
export async function buildSnapshot(store: Store, opts: { now: Date; window: number }): Promise<FleetSnapshot> {
  const from = new Date(opts.now.getTime() - opts.window);
  const [sources, clusters, scaleSets, runnerSets, runners, history, pods, events, logs, samples, jobs, ghRunners, groups, rateLimits] = await Promise.all([
    store.listSourceHealth(),
    store.listClusterInfo(),
    store.listScaleSets(),
    store.listRunnerSets(),
    store.listCurrentRunners(),
    store.listRunnerLives({ from, to: opts.now, limit: 50_000 }),
    store.listPods(),
    store.listEvents({ from, to: opts.now }),
    store.listLogLines({ from, limit: 10_000 }),
    store.listListenerSamples({ from, to: opts.now }),
    store.listGitHubJobs({ statuses: ["queued", "in_progress", "waiting", "pending", "requested"], since: from }),
    store.listGitHubRunners(),
    store.listRunnerGroups(),
    store.listRateLimits(),
  ]);

  const k8s = sliceFromSources(
    sources.filter((s) => s.kind === "kubernetes"),
    "no Kubernetes cluster has reported",
  );
  const github = sliceFromSources(
    sources.filter((s) => s.kind === "github"),
    "GitHub is not configured",
  );
  const listenerSources = sources.filter((s) => s.kind === "listener");
  // Listener statistics may arrive without a per-listener health entry; samples then speak for themselves.
  const listener = listenerSources.length ? sliceFromSources(listenerSources, "") : samples.length ? { available: true } : { available: false, reason: "no listener statistics received" };

  const slices = {} as Record<DataSlice, SliceStatus>;
  for (const s of ALL_SLICES) slices[s] = { available: true };
  for (const s of K8S_SLICES) slices[s] = k8s;
  for (const s of GITHUB_SLICES) slices[s] = github;
  slices.listenerStats = listener;
  // History outlives a cluster outage: it is there whenever a cluster ever reported.
  slices.runnerHistory = k8s.available || sources.some((s) => s.kind === "kubernetes") ? { available: true } : k8s;

  return {
    clusters,
    scaleSets,
    runnerSets,
    runners,
    runnerHistory: history.lives,
    pods: pods.filter((p) => p.role !== "runner"),
    events,
    logs,
    listenerSamples: samples,
    github: { jobs, runners: ghRunners, runnerGroups: groups, rateLimits },
    slices,
    windowStart: from.toISOString(),
  };
}
