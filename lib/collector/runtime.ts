import type { Finding, SourceHealth } from "@/lib/model";
import type { Store } from "@/lib/store";
import { buildSnapshot } from "@/lib/services/snapshot";
import { diagnose } from "@/lib/diagnosis/engine";
import { loadClusterConfigs, type ClusterConfig } from "@/lib/sources/kubernetes/kubeconfigs";
import { startClusterWatch, type ClusterWatch } from "@/lib/sources/kubernetes/informers";
import { startListenerStats, type ListenerStats } from "@/lib/sources/kubernetes/listener-stats";
import { startPodLogs } from "@/lib/sources/kubernetes/pod-logs";
import { startGitHubPoller, type GitHubPoller } from "@/lib/sources/github/poller";
import type { CollectorConfig } from "./config";
import { HealthRegistry } from "./health";
import { KubeState } from "./kube-state";
import { LifecycleTracker } from "./lifecycle";
import { WriteBuffer } from "./write-buffer";
import { publish } from "@/lib/live/bus";
import { setCollectorLag } from "@/lib/metrics";

/** Whether a diagnosis round changed what a user sees (which findings, their severity or evidence). */
function changedFindings(before: readonly Finding[], after: readonly Finding[]): boolean {
  const sig = (list: readonly Finding[]) => list.map((f) => `${f.fingerprint}:${f.severity}:${f.title}:${f.evidence.length}`).sort().join("|");
  return sig(before) !== sig(after);
}

export interface CollectorOptions {
  store: Store;
  config: CollectorConfig;
  /** Clock for receipt times and diagnosis (the simulator's virtual clock in tests). */
  now?: () => Date;
  /** Pre-built cluster configs (tests); default: from `config.kubernetes`. */
  clusters?: ClusterConfig[];
  /** Flush interval of the write buffer (ms, default 250). */
  flushMs?: number;
  /** Diagnosis window (ms, default 1 h). */
  diagnosisWindowMs?: number;
  /** Informer restart backoff (tests shorten it). */
  backoff?: { baseMs?: number; maxMs?: number };
  /** GitHub retry base delay (ms, tests shorten it). */
  githubRetryBaseMs?: number;
  /** Deadline of one GitHub request (ms, default 30 s; tests shorten it). */
  githubRequestTimeoutMs?: number;
}

export interface Collector {
  stop(): Promise<void>;
  health(): SourceHealth[];
  /** Writes everything buffered now (tests, shutdown). */
  flush(): Promise<void>;
  /** One diagnosis round now. */
  diagnoseNow(): Promise<void>;
  /** Counters for benchmarks and health detail. */
  stats(): { watchEvents: number; relists: number; lifeUpdates: number; buffer: WriteBuffer["stats"] };
  /** Every EphemeralRunner uid the Kubernetes API showed us (for "none lost" checks). */
  seenRunnerUids(): ReadonlySet<string>;
  clusters: { name: string; watch: ClusterWatch; listener: ListenerStats }[];
  github?: GitHubPoller;
}

const STORE_HEALTH_ID = "store";

/**
 * Starts every source and the diagnosis loop. Each cluster and GitHub run independently: one failing never stops
 * the others. Writes are buffered and flushed in batches; source health is recorded as it changes.
 */
export async function startCollector(opts: CollectorOptions): Promise<Collector> {
  const now = opts.now ?? (() => new Date());
  const health = new HealthRegistry();
  const buffer = new WriteBuffer(opts.store, {
    intervalMs: opts.flushMs ?? 250,
    onError: (err) => health.failure(STORE_HEALTH_ID, "writes", now().toISOString(), `store write failed: ${err instanceof Error ? err.message : String(err)}`),
    onFlushed: (info) => {
      health.success(STORE_HEALTH_ID, "writes", now().toISOString());
      setCollectorLag(info.lagMs / 1000);
      const at = now().toISOString();
      publish([
        { topic: "fleet", at },
        ...info.scaleSets.map((key) => ({ topic: "scaleSet" as const, key, at })),
        ...(info.health ? [{ topic: "sources" as const, at }] : []),
      ]);
    },
  });
  health.onChange((h) => buffer.upsertHealth(h));
  health.register({ id: STORE_HEALTH_ID, kind: "store", label: "History store" });

  const tracker = new LifecycleTracker();
  try {
    // lives still open when the previous process stopped: the first re-list continues or closes them
    const since = new Date(now().getTime() - 24 * 3_600_000);
    tracker.restore((await opts.store.listRunnerLives({ from: since, to: now(), limit: 50_000 })).lives);
  } catch (err) {
    health.failure(STORE_HEALTH_ID, "restore", now().toISOString(), `could not read open runner lives: ${err instanceof Error ? err.message : String(err)}`);
  }
  const counters = { watchEvents: 0, relists: 0, lifeUpdates: 0 };
  const state = new KubeState(buffer, tracker, (lives) => (counters.lifeUpdates += lives.length));
  const clusters: Collector["clusters"] = [];
  const stoppers: (() => Promise<void>)[] = [];

  let clusterConfigs: ClusterConfig[] = [];
  try {
    clusterConfigs = opts.clusters ?? loadClusterConfigs(opts.config.kubernetes);
  } catch (err) {
    health.register({ id: "k8s:config", kind: "kubernetes", label: "Kubernetes configuration" });
    health.force("k8s:config", "unavailable", `cannot load kubeconfig: ${err instanceof Error ? err.message : String(err)}`, now().toISOString());
  }
  for (const cluster of clusterConfigs) {
    // the cluster is listed even before (or without) a visible controller pod; the controller pod adds its version
    buffer.upsertCluster({ name: cluster.name });
    try {
      const watch = startClusterWatch({
        cluster,
        runnerNamespaces: opts.config.kubernetes.runnerNamespaces,
        controllerNamespaces: opts.config.kubernetes.controllerNamespaces,
        health,
        now,
        backoff: opts.backoff,
        onEvent: (e) => {
          counters.watchEvents++;
          state.onEvent(e);
        },
        onRelist: (r) => {
          counters.relists++;
          state.onRelist(r);
        },
      });
      const listener = startListenerStats({
        cluster,
        view: state,
        health,
        now,
        scrapeSeconds: opts.config.listenerScrapeSeconds,
        onSamples: (s) => buffer.appendSamples(s),
        onLogs: (l) => buffer.appendLogs(l),
      });
      const logs = startPodLogs({ cluster, view: state, health, now, onLogs: (l) => buffer.appendLogs(l) });
      clusters.push({ name: cluster.name, watch, listener });
      stoppers.push(() => watch.stop(), () => listener.stop(), () => logs.stop());
    } catch (err) {
      const id = `k8s:${cluster.name}`;
      health.register({ id, kind: "kubernetes", label: `Kubernetes API ${cluster.name}` });
      health.force(id, "unavailable", `cannot start: ${err instanceof Error ? err.message : String(err)}`, now().toISOString());
    }
  }

  // GitHub repos default to the scale sets' githubConfigUrl: let the first lists land before the first poll
  await Promise.race([Promise.all(clusters.map((c) => c.watch.ready())), new Promise((r) => setTimeout(r, 5000).unref?.())]);

  let github: GitHubPoller | undefined;
  const gh = opts.config.github;
  if (gh.auth.kind === "none") {
    health.register({ id: "github", kind: "github", label: "GitHub API" });
    health.force("github", "unavailable", "GitHub is not configured (set GITHUB_TOKEN or a GitHub App)", now().toISOString());
  } else {
    github = startGitHubPoller({
      config: gh,
      health,
      now,
      retryAfterBaseValue: opts.githubRetryBaseMs,
      requestTimeoutMs: opts.githubRequestTimeoutMs,
      configUrls: () => state.scaleSetsOf().map((s) => s.githubConfigUrl),
      sink: {
        jobs: (list) => list.forEach((j) => buffer.upsertJob(j)),
        runners: (scope, list) => buffer.replace(`runners:${scope}`, (s) => s.replaceGitHubRunners(scope, list)),
        groups: (org, list) => buffer.replace(`groups:${org}`, (s) => s.replaceRunnerGroups(org, list)),
        rateLimit: (r) => buffer.replace(`rate:${r.scope}`, (s) => s.recordRateLimit(r)),
      },
    });
    stoppers.push(() => github!.stop());
  }
  // webhook health is written by the route itself on each verified delivery (app/api/webhooks/github)

  // diagnosis loop: flush first so the snapshot sees what the sources just wrote
  let previous: Finding[] = [];
  let diagnosing: Promise<void> | undefined;
  const windowMs = opts.diagnosisWindowMs ?? 3_600_000;
  async function diagnoseNow(): Promise<void> {
    if (diagnosing) return diagnosing;
    diagnosing = (async () => {
      const at = now();
      try {
        await buffer.flush();
        const snapshot = await buildSnapshot(opts.store, { now: at, window: windowMs });
        const result = diagnose(snapshot, { now: at, previous });
        await opts.store.recordFindings(result, at);
        if (changedFindings(previous, result.findings)) publish([{ topic: "findings", at: at.toISOString() }]);
        previous = result.findings;
        health.success(STORE_HEALTH_ID, "diagnosis", at.toISOString());
      } catch (err) {
        health.failure(STORE_HEALTH_ID, "diagnosis", at.toISOString(), `diagnosis round failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    })().finally(() => (diagnosing = undefined));
    return diagnosing;
  }
  // the next round waits at least the interval and at least twice the last round's time, so a large fleet's
  // diagnosis never takes more than a third of a core away from ingest and serving
  let stopped = false;
  let diagTimer: NodeJS.Timeout | undefined;
  const scheduleDiagnosis = (lastMs: number) => {
    diagTimer = setTimeout(async () => {
      const t0 = Date.now();
      await diagnoseNow();
      if (!stopped) scheduleDiagnosis(Date.now() - t0);
    }, Math.max(opts.config.diagnosisSeconds * 1000, 2 * lastMs));
    diagTimer.unref?.();
  };
  scheduleDiagnosis(0);
  const pruneTimer = setInterval(() => tracker.prune(new Date(now().getTime() - 10 * 60_000).toISOString()), 60_000);
  pruneTimer.unref?.();

  return {
    clusters,
    github,
    health: () => health.all(),
    flush: () => buffer.flush(),
    diagnoseNow,
    seenRunnerUids: () => state.seenRunnerUids,
    stats: () => ({ ...counters, buffer: { ...buffer.stats } }),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(diagTimer);
      clearInterval(pruneTimer);
      await Promise.all(stoppers.map((s) => s().catch(() => undefined)));
      await diagnosing?.catch(() => undefined);
      await buffer.close();
    },
  };
}

const g = globalThis as typeof globalThis & { __runnerscopeCollector?: Promise<Collector> };

/** The process-wide collector (Next dev reloads modules: the singleton lives on globalThis). */
export function startCollectorOnce(opts: CollectorOptions): Promise<Collector> {
  if (!g.__runnerscopeCollector) {
    g.__runnerscopeCollector = startCollector(opts).catch((e: unknown) => {
      g.__runnerscopeCollector = undefined;
      throw e;
    });
  }
  return g.__runnerscopeCollector;
}

export async function stopCollector(): Promise<void> {
  const c = g.__runnerscopeCollector;
  g.__runnerscopeCollector = undefined;
  if (c) await (await c).stop();
}
