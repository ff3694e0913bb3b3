import { collectDefaultMetrics, Gauge, Registry } from "prom-client";

/** Runnerscope's own metrics, on a private registry (the global one belongs to whatever else shares the process). */
export interface RunnerscopeMetrics {
  registry: Registry;
  findingsActive: Gauge<"cluster" | "namespace" | "scale_set" | "rule" | "severity">;
  queueJobs: Gauge<"cluster" | "namespace" | "scale_set">;
  queueOldestAge: Gauge<"cluster" | "namespace" | "scale_set">;
  runners: Gauge<"cluster" | "namespace" | "scale_set" | "state">;
  scaleSetStatus: Gauge<"cluster" | "namespace" | "scale_set" | "status">;
  sourceUp: Gauge<"source" | "kind">;
  collectorLag: Gauge;
}

const COLLECTOR_LAG = "runnerscope_collector_lag_seconds";
const SCALE_SET = ["cluster", "namespace", "scale_set"] as const;

export function createRunnerscopeMetrics(opts: { defaultMetrics?: boolean } = {}): RunnerscopeMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  return {
    registry,
    findingsActive: new Gauge({
      name: "runnerscope_findings_active",
      help: "Active diagnosis findings per scale set, rule and severity.",
      labelNames: [...SCALE_SET, "rule", "severity"],
      registers,
    }),
    queueJobs: new Gauge({ name: "runnerscope_queue_jobs", help: "GitHub jobs queued for the scale set (absent when GitHub data is unavailable).", labelNames: SCALE_SET, registers }),
    queueOldestAge: new Gauge({
      name: "runnerscope_queue_oldest_age_seconds",
      help: "Age of the oldest queued GitHub job for the scale set (absent when nothing is queued or GitHub data is unavailable).",
      labelNames: SCALE_SET,
      registers,
    }),
    runners: new Gauge({
      name: "runnerscope_runners",
      help: "EphemeralRunners per state: busy, idle, pending, failed (absent while the cluster is unreachable).",
      labelNames: [...SCALE_SET, "state"],
      registers,
    }),
    scaleSetStatus: new Gauge({
      name: "runnerscope_scale_set_status",
      help: "1 for the scale set's current status (healthy, warning, critical, unknown), 0 for the others.",
      labelNames: [...SCALE_SET, "status"],
      registers,
    }),
    sourceUp: new Gauge({ name: "runnerscope_source_up", help: "Data source health: 1 ok, 0.5 degraded, 0 unavailable.", labelNames: ["source", "kind"], registers }),
    // Registered on the first report only: an unlabelled gauge would otherwise expose a confident 0.
    collectorLag: new Gauge({ name: COLLECTOR_LAG, help: "How far the collector's view is behind the cluster.", registers: [] }),
  };
}

const g = globalThis as typeof globalThis & { __runnerscopeMetrics?: RunnerscopeMetrics };

/** The process-wide metrics (kept on globalThis: dev reloads and separate bundles must share one registry). */
export function getMetrics(): RunnerscopeMetrics {
  g.__runnerscopeMetrics ??= createRunnerscopeMetrics();
  return g.__runnerscopeMetrics;
}

/** Called by the collector. `undefined` (not collecting, e.g. a follower replica) removes the series. */
export function setCollectorLag(seconds: number | undefined, metrics: RunnerscopeMetrics = getMetrics()): void {
  const registered = metrics.registry.getSingleMetric(COLLECTOR_LAG) !== undefined;
  if (seconds === undefined || !Number.isFinite(seconds)) {
    if (registered) metrics.registry.removeSingleMetric(COLLECTOR_LAG);
    return;
  }
  metrics.collectorLag.set(Math.max(0, seconds));
  if (!registered) metrics.registry.registerMetric(metrics.collectorLag);
}
