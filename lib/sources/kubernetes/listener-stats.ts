import type { ListenerSample, LogRecord, PodState } from "@/lib/model";
import { LABEL } from "@/lib/model/arc-labels";
import { listenerSampleFromLog, parseLogLine } from "@/lib/evidence/log-line";
import { redactValue } from "@/lib/redact";
import type { HealthRegistry } from "@/lib/collector/health";
import type { ClusterConfig } from "./kubeconfigs";
import { errorMessage, kubeGet, statusOf } from "./kube-request";
import { followPodLog, type LogFollow } from "./log-follower";
import { listenerSamplesFromMetrics, type RunnerSetResolver } from "./listener-metrics";
import { isNotableLog } from "./notable-logs";

/** What listener statistics need from the cluster's informer caches (KubeState implements it). */
export interface ListenerView {
  listenerPods(cluster: string): { pod: PodState; metricsPort?: number }[];
  scaleSetOfRunnerSet: (cluster: string, namespace: string | undefined, ersName: string) => ReturnType<RunnerSetResolver>;
}

export interface ListenerStatsOptions {
  cluster: ClusterConfig;
  view: ListenerView;
  health: HealthRegistry;
  scrapeSeconds: number;
  now?: () => Date;
  onSamples(samples: ListenerSample[]): void;
  onLogs(records: LogRecord[]): void;
}

export interface ListenerStats {
  /** One scrape round now (also runs every `scrapeSeconds`). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function listenerHealthId(cluster: string, namespace: string, scaleSet: string): string {
  return `listener:${cluster}/${namespace}/${scaleSet}`;
}

/** Minor version of an ARC version label ("0.14.2" → 14); undefined when unknown. */
export function arcMinor(version: string | undefined): number | undefined {
  const m = version?.match(/^v?0\.(\d+)/);
  return m ? Number(m[1]) : undefined;
}

interface Tracker {
  pod: PodState;
  healthId: string;
  target: { namespace: string; scaleSet: string };
  preferMetrics: boolean;
  /** Set when metrics cannot work for this pod: "metrics disabled" | "pods/proxy forbidden". */
  metricsBlocked?: string;
  metricsError?: string;
  /** Set when the log cannot be read: "pods/log forbidden". */
  logBlocked?: string;
  follow?: LogFollow;
  lastLineAt?: string;
  restartAt?: number;
  /**
   * ≤0.13 listeners state different figures on different lines (statistics vs "Calculated target runner count");
   * each stays true until the listener says otherwise, so every sample carries the latest of all of them
   * (except the message id, which belongs to its own line).
   */
  figures?: Partial<ListenerSample>;
}

/**
 * Listener statistics per scale set. ARC ≥0.14 (or unknown): scrape the listener's Prometheus endpoint through the
 * API server pod proxy every `scrapeSeconds`. ARC ≤0.13, or when metrics are disabled/forbidden: follow the
 * listener log and read the statistics lines. When neither works the listener source is "unavailable" with the
 * reason — never zero samples.
 */
export function startListenerStats(opts: ListenerStatsOptions): ListenerStats {
  const cluster = opts.cluster.name;
  const now = opts.now ?? (() => new Date());
  const trackers = new Map<string, Tracker>();
  let stopped = false;
  let running: Promise<void> | undefined;

  const unavailableReason = (t: Tracker) => `listener statistics unavailable: ${t.metricsBlocked} and ${t.logBlocked}`;

  function evaluate(t: Tracker): void {
    if (t.logBlocked && t.metricsBlocked) opts.health.force(t.healthId, "unavailable", unavailableReason(t), now().toISOString());
  }

  /** The log is needed for statistics on ≤0.13, or when metrics do not work; otherwise it only feeds notable lines. */
  const logNeeded = (t: Tracker) => !t.preferMetrics || Boolean(t.metricsBlocked || t.metricsError);

  function startFollow(t: Tracker): void {
    if (t.follow || t.logBlocked || stopped) return;
    if (t.restartAt && Date.now() < t.restartAt) return;
    const rec = t;
    const follow = followPodLog(
      opts.cluster.kc,
      { namespace: t.pod.namespace, pod: t.pod.name, container: "listener", ...(t.lastLineAt ? { sinceTime: t.lastLineAt } : { tailLines: 500 }) },
      (line) => onListenerLine(rec, line),
    );
    t.follow = follow;
    void follow.done.then((err) => {
      if (t.follow === follow) t.follow = undefined;
      if (stopped) return;
      const at = now().toISOString();
      if (err !== undefined) {
        const status = statusOf(err);
        if (status === 403) t.logBlocked = "pods/log forbidden";
        if (logNeeded(t)) opts.health.failure(t.healthId, "log", at, `listener log of ${t.pod.namespace}/${t.pod.name}: ${t.logBlocked ?? errorMessage(err)}`);
        if (t.logBlocked) {
          evaluate(t);
          return;
        }
      }
      t.restartAt = Date.now() + 2000; // followed again on the next tick
    });
  }

  function onListenerLine(t: Tracker, line: string): void {
    const parsed = parseLogLine(line);
    if (!parsed) return;
    const rec: LogRecord = redactValue({ ...parsed, cluster, namespace: t.pod.namespace, pod: t.pod.name, container: "listener", origin: "listener" as const });
    const at = rec.time ?? now().toISOString();
    t.lastLineAt = at;
    if (logNeeded(t)) {
      opts.health.success(t.healthId, "log", now().toISOString());
      const partial = listenerSampleFromLog(rec, t.target.scaleSet);
      if (partial) {
        const { at: _a, cluster: _c, namespace: _n, scaleSet: _s, source: _src, ...figures } = partial;
        if (Object.keys(figures).length > 0) {
          // the message id is what one "Getting next message" line observed, not a standing figure: never carried
          const { lastMessageId: _said, ...standing } = figures;
          opts.onSamples([{ ...t.figures, ...figures, cluster, namespace: t.target.namespace, scaleSet: t.target.scaleSet, at, source: "log" }]);
          t.figures = { ...t.figures, ...standing };
        }
      }
    }
    if (isNotableLog(rec)) opts.onLogs([rec]);
  }

  async function scrape(t: Tracker, port: number | undefined): Promise<void> {
    const at = now().toISOString();
    if (port === undefined) {
      // not a failure by itself: the log may carry the statistics; evaluate() reports when both are blocked
      t.metricsBlocked = "metrics disabled";
      opts.health.setDetail(t.healthId, "listener metrics disabled (no metrics port): statistics from the listener log");
      return;
    }
    try {
      const res = await kubeGet(opts.cluster.kc, `/api/v1/namespaces/${encodeURIComponent(t.pod.namespace)}/pods/${encodeURIComponent(t.pod.name)}:${port}/proxy/metrics`);
      if (res.status === 200) {
        t.metricsError = undefined;
        const samples = listenerSamplesFromMetrics(res.body, {
          cluster,
          at,
          resolve: (ers, ns) => opts.view.scaleSetOfRunnerSet(cluster, ns, ers),
          fallback: t.target,
        });
        opts.health.success(t.healthId, "metrics", at);
        if (samples.length) opts.onSamples(samples);
        return;
      }
      if (res.status === 403) {
        t.metricsBlocked = "pods/proxy forbidden";
        opts.health.forget(t.healthId, "metrics");
        opts.health.setDetail(t.healthId, "listener metrics forbidden (pods/proxy): statistics from the listener log");
        return;
      }
      t.metricsError = `metrics endpoint answered HTTP ${res.status}`;
      opts.health.failure(t.healthId, "metrics", at, `listener metrics of ${t.pod.namespace}/${t.pod.name}: HTTP ${res.status}`);
    } catch (err) {
      t.metricsError = `metrics scrape failed: ${errorMessage(err)}`;
      opts.health.failure(t.healthId, "metrics", at, t.metricsError);
    }
  }

  async function round(): Promise<void> {
    const current = opts.view.listenerPods(cluster);
    const seen = new Set<string>();
    await Promise.all(
      current.map(async ({ pod, metricsPort }) => {
        const key = `${pod.namespace}/${pod.name}/${pod.uid}`;
        seen.add(key);
        let t = trackers.get(key);
        if (!t) {
          const target = { namespace: pod.labels[LABEL.scaleSetNamespace] ?? pod.namespace, scaleSet: pod.labels[LABEL.scaleSetName] ?? pod.scaleSet ?? pod.name };
          const healthId = listenerHealthId(cluster, target.namespace, target.scaleSet);
          opts.health.register({ id: healthId, kind: "listener", label: `Listener ${target.namespace}/${target.scaleSet} (${cluster})` });
          const minor = arcMinor(pod.labels[LABEL.version]);
          t = { pod, healthId, target, preferMetrics: minor === undefined || minor >= 14 };
          trackers.set(key, t);
        }
        t.pod = pod;
        if (pod.phase !== "Running") {
          // nothing to scrape or follow (image pull, scheduling…): say why instead of showing no data
          const waiting = pod.containerStatuses.find((c) => c.state === "waiting" && c.reason)?.reason;
          opts.health.force(t.healthId, "unavailable", `listener pod ${pod.namespace}/${pod.name} is ${pod.phase}${waiting ? ` (${waiting})` : ""}`, now().toISOString());
          return;
        }
        // ≤0.13 with the log forbidden: metrics (0.11+) are the only other way
        if ((t.preferMetrics || t.logBlocked) && !t.metricsBlocked) await scrape(t, metricsPort);
        startFollow(t);
        evaluate(t);
      }),
    );
    for (const [key, t] of trackers) {
      if (seen.has(key)) continue;
      t.follow?.stop();
      trackers.delete(key);
      if (![...trackers.values()].some((o) => o.healthId === t.healthId)) {
        opts.health.force(t.healthId, "unavailable", `listener pod ${t.pod.namespace}/${t.pod.name} is gone`, now().toISOString());
      }
    }
  }

  const tick = async () => {
    if (stopped) return;
    if (running) return running;
    running = round().finally(() => (running = undefined));
    return running;
  };
  const timer = setInterval(() => void tick(), opts.scrapeSeconds * 1000);
  timer.unref?.();
  void tick();

  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      for (const t of trackers.values()) t.follow?.stop();
      await running?.catch(() => undefined);
    },
  };
}
