import parsePrometheusTextFormat from "parse-prometheus-text-format";
import type { IsoTime, ListenerSample } from "@/lib/model";

/** Listener gauge → ListenerSample field (arc-model.md §2.3). */
const GAUGES: Record<string, keyof ListenerSample> = {
  gha_assigned_jobs: "assignedJobs",
  gha_running_jobs: "runningJobs",
  gha_registered_runners: "registeredRunners",
  gha_busy_runners: "busyRunners",
  gha_idle_runners: "idleRunners",
  gha_min_runners: "minRunners",
  gha_max_runners: "maxRunners",
  gha_desired_runners: "desiredRunners",
};

export type RunnerSetResolver = (ersName: string, namespace: string | undefined) => { namespace: string; scaleSet: string } | undefined;

/**
 * Parses one listener's `/metrics` body into samples, one per scale set. The gauges' `name` label is the
 * EphemeralRunnerSet name, not the scale set: `resolve` maps it back (ERS cache), with `fallback` (the listener
 * pod's scale-set labels) when the ERS is not known yet. Non-numeric values are dropped, never read as 0.
 */
export function listenerSamplesFromMetrics(
  text: string,
  ctx: { cluster: string; at: IsoTime; resolve: RunnerSetResolver; fallback?: { namespace: string; scaleSet: string } },
): ListenerSample[] {
  const byKey = new Map<string, ListenerSample>();
  for (const family of parsePrometheusTextFormat(text)) {
    const field = GAUGES[family.name];
    if (!field) continue;
    for (const m of family.metrics) {
      const value = Number(m.value);
      if (m.value === undefined || !Number.isFinite(value)) continue;
      const ers = m.labels?.name;
      const target = (ers ? ctx.resolve(ers, m.labels?.namespace) : undefined) ?? ctx.fallback;
      if (!target) continue;
      const key = `${target.namespace}/${target.scaleSet}`;
      let s = byKey.get(key);
      if (!s) {
        s = { cluster: ctx.cluster, namespace: target.namespace, scaleSet: target.scaleSet, at: ctx.at, source: "metrics" };
        byKey.set(key, s);
      }
      (s as unknown as Record<string, number>)[field] = value;
    }
  }
  return [...byKey.values()];
}
