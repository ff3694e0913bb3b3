import type {
  ClusterInfo,
  EphemeralRunnerSetState,
  GitHubJob,
  KubeEventRecord,
  ListenerSample,
  LogRecord,
  PodState,
  RunnerLife,
  RunnerState,
  ScaleSetKey,
  ScaleSetState,
  SourceHealth,
} from "@/lib/model";
import type { Store } from "@/lib/store";

/** The store methods the collector writes through (a subset of C1's Store, so tests can pass a real one). */
export type CollectorStore = Pick<
  Store,
  | "upsertScaleSets"
  | "markScaleSetsDeleted"
  | "upsertRunnerSets"
  | "markRunnerSetsDeleted"
  | "upsertRunnerLives"
  | "upsertRunners"
  | "deleteRunners"
  | "upsertPods"
  | "deletePods"
  | "appendListenerSamples"
  | "upsertEvents"
  | "appendLogLines"
  | "upsertClusterInfo"
  | "upsertGitHubJobs"
  | "replaceGitHubRunners"
  | "replaceRunnerGroups"
  | "recordRateLimit"
  | "upsertSourceHealth"
>;

/** What one successful flush wrote, for live updates and the lag metric. */
export interface FlushInfo {
  /** From the oldest record's arrival in the buffer to the end of the write. */
  lagMs: number;
  /** `cluster/namespace/name` of scale sets whose runners, lives or samples changed. */
  scaleSets: string[];
  /** Source health changed. */
  health: boolean;
}

type Op<T> = { op: "upsert"; value: T } | { op: "delete"; at: Date };

const MAX_APPEND_BACKLOG = 50_000;

/**
 * Buffers collector writes and flushes them in batches (every `intervalMs` or when `maxRecords` are pending).
 * Keyed records collapse to their latest state (a pod ADDED→MODIFIED→DELETED within one batch is one delete);
 * appends keep order. A failed flush puts its records back (unless a newer write replaced them) and is retried.
 */
export class WriteBuffer {
  private scaleSets = new Map<string, Op<ScaleSetState> & { key: ScaleSetKey }>();
  private runnerSets = new Map<string, Op<EphemeralRunnerSetState> & { key: ScaleSetKey }>();
  private lives = new Map<string, RunnerLife>();
  private runners = new Map<string, Op<RunnerState>>();
  private pods = new Map<string, Op<PodState>>();
  private events = new Map<string, KubeEventRecord>();
  private jobs = new Map<number, GitHubJob>();
  private health = new Map<string, SourceHealth>();
  private clusters = new Map<string, ClusterInfo>();
  private samples: ListenerSample[] = [];
  private logs: LogRecord[] = [];
  /** GitHub snapshot writes are whole-list replacements: run them as queued closures, latest per key. */
  private replacements = new Map<string, (s: CollectorStore) => Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  /** Wall time the oldest unflushed record was buffered: the collector's API-event-to-stored lag. */
  private firstPendingAt: number | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** Counters for tests and health detail. */
  readonly stats = { flushes: 0, failures: 0, written: 0 };

  constructor(
    private readonly store: CollectorStore,
    private readonly opts: { intervalMs?: number; maxRecords?: number; onError?: (err: unknown) => void; onFlushed?: (info: FlushInfo) => void } = {},
  ) {
    this.timer = setInterval(() => void this.flush(), opts.intervalMs ?? 250);
    this.timer.unref?.();
  }

  private pending(): number {
    return (
      this.scaleSets.size + this.runnerSets.size + this.lives.size + this.runners.size + this.pods.size + this.events.size +
      this.jobs.size + this.health.size + this.clusters.size + this.samples.length + this.logs.length + this.replacements.size
    );
  }

  private kick(): void {
    this.firstPendingAt ??= Date.now();
    if (this.pending() >= (this.opts.maxRecords ?? 500)) void this.flush();
  }

  upsertScaleSet(s: ScaleSetState): void {
    this.scaleSets.set(`${s.cluster}/${s.namespace}/${s.name}`, { op: "upsert", value: s, key: s });
    this.kick();
  }
  deleteScaleSet(key: ScaleSetKey, at: Date): void {
    this.scaleSets.set(`${key.cluster}/${key.namespace}/${key.name}`, { op: "delete", at, key });
    this.kick();
  }
  upsertRunnerSet(s: EphemeralRunnerSetState): void {
    this.runnerSets.set(`${s.cluster}/${s.namespace}/${s.name}`, { op: "upsert", value: s, key: s });
    this.kick();
  }
  deleteRunnerSet(key: ScaleSetKey, at: Date): void {
    this.runnerSets.set(`${key.cluster}/${key.namespace}/${key.name}`, { op: "delete", at, key });
    this.kick();
  }
  upsertLife(l: RunnerLife): void {
    this.lives.set(l.uid, l);
    this.kick();
  }
  upsertRunner(r: RunnerState): void {
    this.runners.set(r.uid, { op: "upsert", value: r });
    this.kick();
  }
  deleteRunner(uid: string, at: Date): void {
    this.runners.set(uid, { op: "delete", at });
    this.kick();
  }
  upsertPod(p: PodState): void {
    this.pods.set(p.uid, { op: "upsert", value: p });
    this.kick();
  }
  deletePod(uid: string, at: Date): void {
    this.pods.set(uid, { op: "delete", at });
    this.kick();
  }
  upsertEvent(e: KubeEventRecord): void {
    this.events.set(`${e.cluster}/${e.uid}`, e);
    this.kick();
  }
  upsertJob(j: GitHubJob): void {
    this.jobs.set(j.id, j);
    this.kick();
  }
  upsertHealth(h: SourceHealth): void {
    this.health.set(h.id, h);
    this.kick();
  }
  upsertCluster(c: ClusterInfo): void {
    this.clusters.set(c.name, c);
    this.kick();
  }
  appendSamples(list: readonly ListenerSample[]): void {
    this.samples.push(...list);
    this.kick();
  }
  appendLogs(list: readonly LogRecord[]): void {
    this.logs.push(...list);
    if (this.logs.length > MAX_APPEND_BACKLOG) this.logs.splice(0, this.logs.length - MAX_APPEND_BACKLOG);
    this.kick();
  }
  /** Whole-list writes (GitHub runners per scope, runner groups per org, rate limit): latest per key wins. */
  replace(key: string, write: (s: CollectorStore) => Promise<void>): void {
    this.replacements.set(key, write);
    this.kick();
  }

  /** Writes everything pending now. Concurrent calls share one flush at a time. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending() === 0) return;
    this.flushing = this.doFlush().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    this.closed = true;
  }

  private async doFlush(): Promise<void> {
    if (this.closed) return;
    const take = <K, V>(m: Map<K, V>) => {
      const copy = new Map(m);
      m.clear();
      return copy;
    };
    const scaleSets = take(this.scaleSets);
    const runnerSets = take(this.runnerSets);
    const lives = take(this.lives);
    const runners = take(this.runners);
    const pods = take(this.pods);
    const events = take(this.events);
    const jobs = take(this.jobs);
    const health = take(this.health);
    const clusters = take(this.clusters);
    const replacements = take(this.replacements);
    const samples = this.samples.splice(0);
    const logs = this.logs.splice(0);
    const bufferedAt = this.firstPendingAt ?? Date.now();
    this.firstPendingAt = undefined;
    const s = this.store;
    const upserts = <T>(m: Map<string, Op<T>>) => [...m.values()].flatMap((o) => (o.op === "upsert" ? [o.value] : []));
    const deletes = <T>(m: Map<string, Op<T>>) => [...m.entries()].flatMap(([k, o]) => (o.op === "delete" ? [k] : []));
    try {
      const ssUp = [...scaleSets.values()].flatMap((o) => (o.op === "upsert" ? [o.value] : []));
      if (ssUp.length) await s.upsertScaleSets(ssUp);
      for (const o of scaleSets.values()) if (o.op === "delete") await s.markScaleSetsDeleted([o.key], o.at);
      const rsUp = [...runnerSets.values()].flatMap((o) => (o.op === "upsert" ? [o.value] : []));
      if (rsUp.length) await s.upsertRunnerSets(rsUp);
      for (const o of runnerSets.values()) if (o.op === "delete") await s.markRunnerSetsDeleted([o.key], o.at);
      if (lives.size) await s.upsertRunnerLives([...lives.values()]);
      const rUp = upserts(runners);
      const rDel = deletes(runners);
      if (rUp.length) await s.upsertRunners(rUp);
      if (rDel.length) await s.deleteRunners(rDel);
      const pUp = upserts(pods);
      const pDel = deletes(pods);
      if (pUp.length) await s.upsertPods(pUp);
      if (pDel.length) await s.deletePods(pDel);
      if (events.size) await s.upsertEvents([...events.values()]);
      if (samples.length) await s.appendListenerSamples(samples);
      if (logs.length) await s.appendLogLines(logs);
      if (clusters.size) await s.upsertClusterInfo([...clusters.values()]);
      if (jobs.size) await s.upsertGitHubJobs([...jobs.values()]);
      for (const w of replacements.values()) await w(s);
      if (health.size) await s.upsertSourceHealth([...health.values()]);
      this.stats.flushes++;
      this.stats.written += scaleSets.size + runnerSets.size + lives.size + runners.size + pods.size + events.size + samples.length + logs.length + jobs.size + health.size;
      const touched = new Set<string>();
      for (const l of lives.values()) touched.add(`${l.cluster}/${l.namespace}/${l.scaleSet}`);
      for (const o of runners.values()) if (o.op === "upsert") touched.add(`${o.value.cluster}/${o.value.namespace}/${o.value.scaleSet}`);
      for (const sm of samples) touched.add(`${sm.cluster}/${sm.namespace}/${sm.scaleSet}`);
      this.opts.onFlushed?.({ lagMs: Date.now() - bufferedAt, scaleSets: [...touched], health: health.size > 0 });
    } catch (err) {
      this.stats.failures++;
      // put back what a newer write has not replaced; upserts are idempotent, so re-writing the written part is safe
      const back = <K, V>(from: Map<K, V>, to: Map<K, V>) => {
        for (const [k, v] of from) if (!to.has(k)) to.set(k, v);
      };
      back(scaleSets, this.scaleSets);
      back(runnerSets, this.runnerSets);
      back(lives, this.lives);
      back(runners, this.runners);
      back(pods, this.pods);
      back(events, this.events);
      back(jobs, this.jobs);
      back(health, this.health);
      back(clusters, this.clusters);
      back(replacements, this.replacements);
      this.samples.unshift(...samples.slice(-MAX_APPEND_BACKLOG));
      this.logs.unshift(...logs.slice(-MAX_APPEND_BACKLOG));
      this.opts.onError?.(err);
    }
  }
}
