import type { SourceState } from "@/lib/model";
import { indexSources, k8sSourceId } from "@/lib/services/health-lookup";
import type { FleetOverview, ScaleSetStatus } from "@/lib/services/types";
import type { RunnerscopeMetrics } from "./registry";

const SOURCE_UP: Record<SourceState, number> = { ok: 1, degraded: 0.5, unavailable: 0 };
const STATUSES: readonly ScaleSetStatus[] = ["healthy", "warning", "critical", "unknown"];
const RUNNER_STATES = ["busy", "idle", "pending", "failed"] as const;

/**
 * Replaces the fleet gauges with the overview's figures. Unknown figures get no series at all: a 0 would read as
 * "no jobs waiting" or "no runners" exactly when Runnerscope cannot see.
 */
export function applyOverview(overview: FleetOverview, m: RunnerscopeMetrics): void {
  for (const gauge of [m.findingsActive, m.queueJobs, m.queueOldestAge, m.runners, m.scaleSetStatus, m.sourceUp]) gauge.reset();
  const sources = indexSources(overview.sources);

  for (const row of overview.scaleSets) {
    const set = { cluster: row.key.cluster, namespace: row.key.namespace, scale_set: row.key.name };

    const findings = new Map<string, { rule: string; severity: string; count: number }>();
    for (const f of row.findings) {
      const k = `${f.ruleId}\u0000${f.severity}`;
      const entry = findings.get(k) ?? { rule: f.ruleId, severity: f.severity, count: 0 };
      entry.count++;
      findings.set(k, entry);
    }
    for (const f of findings.values()) m.findingsActive.set({ ...set, rule: f.rule, severity: f.severity }, f.count);

    if (row.queue.available && row.queue.queued !== undefined) m.queueJobs.set(set, row.queue.queued);
    if (row.queue.available && row.queue.oldestQueueAgeSeconds !== undefined) m.queueOldestAge.set(set, row.queue.oldestQueueAgeSeconds);

    // Runner counts come from the cluster's API; while it is unreachable they are last-known, not current.
    if (sources.get(k8sSourceId(row.key.cluster).toLowerCase())?.state !== "unavailable") {
      for (const state of RUNNER_STATES) m.runners.set({ ...set, state }, row.runners[state]);
    }

    for (const status of STATUSES) m.scaleSetStatus.set({ ...set, status }, status === row.status ? 1 : 0);
  }

  // findings about a cluster or GitHub as a whole carry empty namespace/scale_set labels
  const fleetWide = new Map<string, { labels: Record<string, string>; count: number }>();
  for (const f of overview.fleetFindings) {
    const labels = { cluster: f.subject.cluster ?? "", namespace: f.subject.namespace ?? "", scale_set: "", rule: f.ruleId, severity: f.severity };
    const k = Object.values(labels).join("\u0000");
    const entry = fleetWide.get(k) ?? { labels, count: 0 };
    entry.count++;
    fleetWide.set(k, entry);
  }
  for (const { labels, count } of fleetWide.values()) m.findingsActive.set(labels, count);

  for (const s of overview.sources) m.sourceUp.set({ source: s.id, kind: s.kind }, SOURCE_UP[s.state]);
}

const scrapes = new WeakMap<RunnerscopeMetrics, Promise<unknown>>();

/**
 * The exposition text for one scrape. Scrapes are serialised per registry: rendering awaits inside prom-client,
 * and a concurrent scrape resetting the gauges meanwhile would hand Prometheus a half-empty page.
 */
export function renderMetrics(overview: FleetOverview, m: RunnerscopeMetrics): Promise<string> {
  const previous = scrapes.get(m) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => {
    applyOverview(overview, m);
    return m.registry.metrics();
  });
  scrapes.set(m, next);
  return next;
}
