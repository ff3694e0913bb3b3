import { SEVERITY_ORDER, type ClusterInfo, type GitHubJob, type ListenerSample, type ScaleSetState, type Severity, type SourceHealth } from "@/lib/model";
import type { RunnerCounts, Store, StoredFinding } from "@/lib/store";
import { githubCoverage, indexSources, k8sSourceId, listenerSourceId, reasonOf } from "./health-lookup";
import { jobMatcher } from "./queue";
import type { FindingSummary, FleetOverview, ListenerFreshness, ScaleSetRow, ScaleSetStatus } from "./types";

/** A listener sample older than this no longer describes the scale set (listeners report at least every ~50 s). */
export const LISTENER_STALE_MS = 3 * 60_000;

/** Everything the overview reads from the store; cached per store version. */
export interface OverviewInputs {
  scaleSets: ScaleSetState[];
  counts: RunnerCounts[];
  latestSamples: ListenerSample[];
  findings: StoredFinding[];
  queuedJobs: GitHubJob[];
  sources: SourceHealth[];
  clusters: ClusterInfo[];
}

const CACHE_TTL_MS = 2_000;
/** Composing the same inputs again within this long gives the same page (ages move by under a second). */
const MIN_REFRESH_MS = 1_000;
const cache = new WeakMap<Store, { version: number; at: number; inputs: Promise<OverviewInputs> }>();
const composed = new WeakMap<Promise<OverviewInputs>, { at: number; overview: FleetOverview }>();

/**
 * Reads the overview's inputs, reusing the last read while the store has not been written to. The short TTL
 * covers replicas that read a PostgreSQL another replica writes (their own version never moves).
 */
export function loadOverviewInputs(store: Store): Promise<OverviewInputs> {
  const hit = cache.get(store);
  if (hit && hit.version === store.version && Date.now() - hit.at < CACHE_TTL_MS) return hit.inputs;
  const inputs = (async (): Promise<OverviewInputs> => {
    const [scaleSets, counts, latestSamples, findings, queuedJobs, sources, clusters] = await Promise.all([
      store.listScaleSets(),
      store.countCurrentRunners(),
      store.latestListenerSamples(),
      store.listFindings(),
      store.listGitHubJobs({ statuses: ["queued"] }),
      store.listSourceHealth(),
      store.listClusterInfo(),
    ]);
    return { scaleSets, counts, latestSamples, findings, queuedJobs, sources, clusters };
  })();
  cache.set(store, { version: store.version, at: Date.now(), inputs });
  inputs.catch(() => cache.delete(store));
  return inputs;
}

export async function getFleetOverview(store: Store, opts: { now: Date }): Promise<FleetOverview> {
  const inputs = loadOverviewInputs(store);
  // many clients (a wall of them) asking between two writes share one composition
  const hit = composed.get(inputs);
  if (hit && Math.abs(opts.now.getTime() - hit.at) < MIN_REFRESH_MS) return hit.overview;
  const overview = composeFleetOverview(await inputs, opts.now);
  composed.set(inputs, { at: opts.now.getTime(), overview });
  return overview;
}

const keyOf = (c: { cluster: string; namespace: string }, name: string) => `${c.cluster}\u0000${c.namespace}\u0000${name}`;

export function listenerFreshness(sample: ListenerSample | undefined, source: SourceHealth | undefined, now: Date): ListenerFreshness {
  if (source?.state === "unavailable") {
    const out: ListenerFreshness = { state: "unavailable", reason: reasonOf(source) };
    if (sample) out.at = sample.at;
    return out;
  }
  if (!sample) return { state: "unavailable", reason: "no listener statistics received yet" };
  const ageMs = now.getTime() - Date.parse(sample.at);
  const ageSeconds = Math.max(0, Math.round(ageMs / 1000));
  if (ageMs > LISTENER_STALE_MS) return { state: "stale", reason: `last statistics ${ageSeconds} s ago`, at: sample.at, ageSeconds };
  return { state: "ok", at: sample.at, ageSeconds };
}

export function statusFromFindings(findings: readonly Pick<StoredFinding, "severity">[], unknownReason: string | undefined): { status: ScaleSetStatus; reason?: string } {
  if (findings.some((f) => f.severity === "critical")) return { status: "critical" };
  if (findings.some((f) => f.severity === "warning")) return { status: "warning" };
  if (unknownReason) return { status: "unknown", reason: unknownReason };
  return { status: "healthy" };
}

const STATUS_RANK: Record<ScaleSetStatus, number> = { critical: 0, warning: 1, unknown: 2, healthy: 3 };

/** Pure: turns stored inputs into the overview at `now`. */
export function composeFleetOverview(inputs: OverviewInputs, now: Date): FleetOverview {
  const sources = indexSources(inputs.sources);
  const samples = new Map(inputs.latestSamples.map((s) => [keyOf(s, s.scaleSet), s]));
  const counts = new Map<string, Record<string, number>>();
  for (const c of inputs.counts) {
    const k = keyOf(c, c.scaleSet);
    const entry = counts.get(k) ?? {};
    entry[c.activity] = (entry[c.activity] ?? 0) + c.count;
    counts.set(k, entry);
  }
  const findings = new Map<string, StoredFinding[]>();
  // findings about a cluster, GitHub or a label nobody serves belong to no row: they get their own section
  const fleetFindings: StoredFinding[] = [];
  for (const f of inputs.findings) {
    const { cluster, namespace, scaleSet } = f.subject;
    if (cluster && namespace && scaleSet) {
      const k = keyOf({ cluster, namespace }, scaleSet);
      findings.set(k, [...(findings.get(k) ?? []), f]);
    } else fleetFindings.push(f);
  }

  const queuedIds = new Set<number>(); // each queued job once, even if several sets could take it
  const rows: ScaleSetRow[] = inputs.scaleSets.map((set) => {
    const k = keyOf(set, set.name);
    const key = { cluster: set.cluster, namespace: set.namespace, name: set.name };
    const c = counts.get(k) ?? {};
    const sample = samples.get(k);
    const stats = listenerFreshness(sample, sources.get(listenerSourceId(key).toLowerCase()), now);
    const fresh = stats.state === "ok";
    const own = [...(findings.get(k) ?? [])].sort(
      (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.firstSeen.localeCompare(b.firstSeen),
    );
    const k8s = sources.get(k8sSourceId(set.cluster).toLowerCase());
    // without the cluster's API or the listener's statistics, "no findings" does not mean healthy
    const unknownReason =
      k8s?.state === "unavailable" ? reasonOf(k8s) : stats.state === "unavailable" ? `listener statistics unavailable${stats.reason ? `: ${stats.reason}` : ""}` : undefined;
    const { status, reason } = statusFromFindings(own, unknownReason);

    const coverage = githubCoverage(set, sources);
    const queue: ScaleSetRow["queue"] = { available: coverage.available };
    if (coverage.reason) queue.reason = coverage.reason;
    if (coverage.available) {
      const matches = jobMatcher(set);
      const jobs = inputs.queuedJobs.filter(matches);
      for (const j of jobs) queuedIds.add(j.id);
      queue.queued = jobs.length;
      const oldest = jobs.reduce<string | undefined>((min, j) => (min === undefined || j.createdAt < min ? j.createdAt : min), undefined);
      if (oldest) {
        queue.oldestQueuedAt = oldest;
        queue.oldestQueueAgeSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(oldest)) / 1000));
      }
    }

    const runners: ScaleSetRow["runners"] = {
      busy: c.busy ?? 0,
      idle: c.idle ?? 0,
      pending: c.pending ?? 0,
      failed: c.failed ?? 0,
      total: Object.values(c).reduce((a, b) => a + b, 0),
    };
    const min = set.minRunners ?? sample?.minRunners;
    const max = set.maxRunners ?? sample?.maxRunners;
    if (min !== undefined) runners.min = min;
    if (max !== undefined) runners.max = max;

    // Listener figures only when fresh: a stale "desired 0" would read as a confident zero.
    const listener: ScaleSetRow["listener"] = { stats };
    if (fresh && sample) {
      if (sample.desiredRunners !== undefined) listener.desired = sample.desiredRunners;
      if (sample.registeredRunners !== undefined) listener.registered = sample.registeredRunners;
      if (sample.busyRunners !== undefined) listener.busy = sample.busyRunners;
      if (sample.idleRunners !== undefined) listener.idle = sample.idleRunners;
    }

    const row: ScaleSetRow = {
      key,
      status,
      runners,
      listener,
      queue,
      findings: own.map(toSummary),
      config: {
        containerMode: set.containerMode,
        runnerGroup: set.runnerGroup,
        githubConfigUrl: set.githubConfigUrl,
        labels: [set.runnerScaleSetName, ...set.extraLabels],
        phase: set.phase,
      },
    };
    const arcVersion = set.version ?? inputs.clusters.find((cl) => cl.name === set.cluster)?.controllerVersion;
    if (arcVersion) row.config.arcVersion = arcVersion;
    if (reason) row.statusReason = reason;
    return row;
  });

  rows.sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      b.findings.length - a.findings.length ||
      (b.queue.oldestQueueAgeSeconds ?? -1) - (a.queue.oldestQueueAgeSeconds ?? -1) ||
      a.key.cluster.localeCompare(b.key.cluster) ||
      a.key.namespace.localeCompare(b.key.namespace) ||
      a.key.name.localeCompare(b.key.name),
  );

  const byStatus: Record<ScaleSetStatus, number> = { critical: 0, warning: 0, unknown: 0, healthy: 0 };
  const totalsRunners = { busy: 0, idle: 0, pending: 0, failed: 0 };
  let queuedJobs: number | undefined;
  for (const r of rows) {
    byStatus[r.status]++;
    totalsRunners.busy += r.runners.busy;
    totalsRunners.idle += r.runners.idle;
    totalsRunners.pending += r.runners.pending;
    totalsRunners.failed += r.runners.failed;
  }
  if (rows.some((r) => r.queue.available)) queuedJobs = queuedIds.size;
  const activeFindings: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of inputs.findings) activeFindings[f.severity]++;

  const totals: FleetOverview["totals"] = { scaleSets: rows.length, byStatus, runners: totalsRunners, activeFindings };
  if (queuedJobs !== undefined) totals.queuedJobs = queuedJobs;
  return {
    generatedAt: now.toISOString(),
    simulated: inputs.clusters.some((c) => c.simulated === true),
    clusters: inputs.clusters,
    sources: inputs.sources,
    unhealthySources: inputs.sources.filter((s) => s.state !== "ok"),
    totals,
    scaleSets: rows,
    fleetFindings: fleetFindings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.firstSeen.localeCompare(b.firstSeen)),
  };
}

function toSummary(f: StoredFinding): FindingSummary {
  return { ruleId: f.ruleId, severity: f.severity, title: f.title, fingerprint: f.fingerprint, firstSeen: f.firstSeen };
}
