import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, notInArray, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type {
  ClusterInfo,
  DiagnosisResult,
  EphemeralRunnerSetState,
  Finding,
  GitHubJob,
  GitHubRateLimit,
  GitHubRunner,
  GitHubRunnerGroup,
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
import * as t from "./schema";
import { FIGURES } from "./rollup";
import { chunks, logLineHash, runnerActivity, toDate, type RunnerActivity } from "./codec";

export type Db = PgDatabase<PgQueryResultHKT, typeof t>;

/** `excluded.<column>` for `on conflict do update set`. */
const excluded = (column: string) => sql.raw(`excluded."${column}"`);

export interface Incident {
  id: string;
  createdAt: string;
  revokedAt?: string;
  title: string;
  scope: unknown;
  snapshot: unknown;
}

export interface RunnerCounts {
  cluster: string;
  namespace: string;
  scaleSet: string;
  activity: RunnerActivity;
  count: number;
}

export interface StoredFinding extends Finding {
  resolvedAt?: string;
}

export interface LivesQuery {
  key?: ScaleSetKey;
  from: Date;
  to: Date;
  /** Newest lives first when more overlap the window than this. */
  limit?: number;
}

/**
 * Runnerscope's memory: the collector writes domain records, services read them back. Every write is
 * batched and idempotent (upsert by natural key); every read returns lib/model records, never rows.
 * `version` bumps on each write so in-process caches can tell when to refresh.
 */
export class Store {
  version = 0;

  constructor(
    readonly db: Db,
    readonly driver: "pglite" | "postgres",
    private readonly closeFn: () => Promise<void>,
  ) {}

  async close(): Promise<void> {
    await this.closeFn();
  }

  private touched(): void {
    this.version++;
  }

  /**
   * Runs `inner` (a select that includes the `data` column) and returns its `data` values, ordered by
   * `order` (SQL over the subquery alias `q`). Aggregating to one JSON text is ~3× faster on PGlite than
   * returning thousands of jsonb rows one by one.
   */
  private async json<T>(inner: SQLWrapper, order: string): Promise<T[]> {
    const res = await this.db.execute(sql`select coalesce(json_agg(q.data order by ${sql.raw(order)}), '[]')::text as j from (${inner}) q`);
    const j = (rowsOf(res)[0] as { j?: unknown } | undefined)?.j;
    return typeof j === "string" ? (JSON.parse(j) as T[]) : [];
  }

  // ---- writes: Kubernetes ----

  async upsertScaleSets(list: readonly ScaleSetState[], now = new Date()): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.scaleSets)
        .values(part.map((s) => ({ cluster: s.cluster, namespace: s.namespace, name: s.name, uid: s.uid, deletedAt: toDate(s.deletedAt), updatedAt: now, data: s })))
        .onConflictDoUpdate({
          target: [t.scaleSets.cluster, t.scaleSets.namespace, t.scaleSets.name],
          set: { uid: excluded("uid"), deletedAt: excluded("deleted_at"), updatedAt: excluded("updated_at"), data: excluded("data") },
        });
    }
    this.touched();
  }

  /** Marks scale sets gone from the cluster; their history stays. */
  async markScaleSetsDeleted(keys: readonly ScaleSetKey[], at: Date): Promise<void> {
    for (const k of keys) {
      await this.db
        .update(t.scaleSets)
        .set({ deletedAt: at, data: sql`jsonb_set(${t.scaleSets.data}, '{deletedAt}', to_jsonb(${at.toISOString()}::text))` })
        .where(and(eq(t.scaleSets.cluster, k.cluster), eq(t.scaleSets.namespace, k.namespace), eq(t.scaleSets.name, k.name), isNull(t.scaleSets.deletedAt)));
    }
    this.touched();
  }

  async upsertRunnerSets(list: readonly EphemeralRunnerSetState[], now = new Date()): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.runnerSets)
        .values(part.map((s) => ({ cluster: s.cluster, namespace: s.namespace, name: s.name, scaleSet: s.scaleSet, deletedAt: toDate(s.deletedAt), updatedAt: now, data: s })))
        .onConflictDoUpdate({
          target: [t.runnerSets.cluster, t.runnerSets.namespace, t.runnerSets.name],
          set: { scaleSet: excluded("scale_set"), deletedAt: excluded("deleted_at"), updatedAt: excluded("updated_at"), data: excluded("data") },
        });
    }
    this.touched();
  }

  async markRunnerSetsDeleted(keys: readonly { cluster: string; namespace: string; name: string }[], at: Date): Promise<void> {
    for (const k of keys) {
      await this.db
        .update(t.runnerSets)
        .set({ deletedAt: at, data: sql`jsonb_set(${t.runnerSets.data}, '{deletedAt}', to_jsonb(${at.toISOString()}::text))` })
        .where(and(eq(t.runnerSets.cluster, k.cluster), eq(t.runnerSets.namespace, k.namespace), eq(t.runnerSets.name, k.name), isNull(t.runnerSets.deletedAt)));
    }
    this.touched();
  }

  /** A life is written again as it progresses (scheduled, started, finished…); the newest write wins. */
  async upsertRunnerLives(list: readonly RunnerLife[]): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.runnerLives)
        .values(
          part.map((l) => ({
            uid: l.uid,
            cluster: l.cluster,
            namespace: l.namespace,
            scaleSet: l.scaleSet,
            name: l.name,
            createdAt: new Date(l.createdAt),
            endedAt: toDate(l.finishedAt ?? l.deletedAt),
            outcome: l.outcome,
            data: l,
          })),
        )
        .onConflictDoUpdate({
          target: t.runnerLives.uid,
          set: {
            cluster: excluded("cluster"),
            namespace: excluded("namespace"),
            scaleSet: excluded("scale_set"),
            name: excluded("name"),
            createdAt: excluded("created_at"),
            endedAt: excluded("ended_at"),
            outcome: excluded("outcome"),
            data: excluded("data"),
          },
        });
    }
    this.touched();
  }

  async upsertRunners(list: readonly RunnerState[]): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.runnersCurrent)
        .values(part.map((r) => ({ uid: r.uid, cluster: r.cluster, namespace: r.namespace, scaleSet: r.scaleSet, name: r.name, activity: runnerActivity(r), data: r })))
        .onConflictDoUpdate({
          target: t.runnersCurrent.uid,
          set: { scaleSet: excluded("scale_set"), name: excluded("name"), activity: excluded("activity"), data: excluded("data") },
        });
    }
    this.touched();
  }

  async deleteRunners(uids: readonly string[]): Promise<void> {
    for (const part of chunks(uids)) await this.db.delete(t.runnersCurrent).where(inArray(t.runnersCurrent.uid, part));
    this.touched();
  }

  /** Makes `list` the cluster's whole set of current runners (after a re-list). */
  async replaceCurrentRunners(cluster: string, list: readonly RunnerState[]): Promise<void> {
    const keep = list.map((r) => r.uid);
    await this.db
      .delete(t.runnersCurrent)
      .where(keep.length ? and(eq(t.runnersCurrent.cluster, cluster), notInArray(t.runnersCurrent.uid, keep)) : eq(t.runnersCurrent.cluster, cluster));
    await this.upsertRunners(list);
  }

  async upsertPods(list: readonly PodState[]): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.podsCurrent)
        .values(part.map((p) => ({ uid: p.uid, cluster: p.cluster, namespace: p.namespace, name: p.name, role: p.role, scaleSet: p.scaleSet ?? null, data: p })))
        .onConflictDoUpdate({ target: t.podsCurrent.uid, set: { role: excluded("role"), scaleSet: excluded("scale_set"), data: excluded("data") } });
    }
    this.touched();
  }

  async deletePods(uids: readonly string[]): Promise<void> {
    for (const part of chunks(uids)) await this.db.delete(t.podsCurrent).where(inArray(t.podsCurrent.uid, part));
    this.touched();
  }

  async appendListenerSamples(list: readonly ListenerSample[]): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.listenerSamples)
        .values(part.map((s) => ({ cluster: s.cluster, namespace: s.namespace, scaleSet: s.scaleSet, at: new Date(s.at), source: s.source, data: s })))
        .onConflictDoNothing();
    }
    this.touched();
  }

  async upsertEvents(list: readonly KubeEventRecord[]): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.events)
        .values(part.map((e) => ({ cluster: e.cluster, uid: e.uid, namespace: e.namespace, involvedName: e.involvedName, lastSeen: new Date(e.lastSeen), data: e })))
        .onConflictDoUpdate({ target: [t.events.cluster, t.events.uid], set: { lastSeen: excluded("last_seen"), data: excluded("data") } });
    }
    this.touched();
  }

  /** Lines without a time are stamped `now` (the moment they were read). Duplicates are ignored. */
  async appendLogLines(list: readonly LogRecord[], now = new Date()): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.logLines)
        .values(
          part.map((l) => ({
            hash: logLineHash(l),
            cluster: l.cluster ?? null,
            namespace: l.namespace ?? null,
            pod: l.pod ?? null,
            origin: l.origin,
            level: l.level,
            at: l.time ? new Date(l.time) : now,
            data: l,
          })),
        )
        .onConflictDoNothing();
    }
    this.touched();
  }

  async upsertClusterInfo(list: readonly ClusterInfo[]): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.clusterInfo)
        .values(part.map((c) => ({ name: c.name, data: c })))
        .onConflictDoUpdate({ target: t.clusterInfo.name, set: { data: excluded("data") } });
    }
    this.touched();
  }

  // ---- writes: GitHub ----

  async upsertGitHubJobs(list: readonly GitHubJob[]): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.githubJobs)
        .values(part.map((j) => ({ id: j.id, repository: j.repository, status: j.status, runnerName: j.runnerName ?? null, createdAt: new Date(j.createdAt), data: j })))
        .onConflictDoUpdate({ target: t.githubJobs.id, set: { status: excluded("status"), runnerName: excluded("runner_name"), data: excluded("data") } });
    }
    this.touched();
  }

  /** Makes `list` the runners GitHub lists under `scope` (org or owner/repo). */
  async replaceGitHubRunners(scope: string, list: readonly GitHubRunner[]): Promise<void> {
    await this.db.delete(t.githubRunners).where(eq(t.githubRunners.scope, scope));
    for (const part of chunks(list)) {
      await this.db
        .insert(t.githubRunners)
        .values(part.map((r) => ({ scope, id: r.id, name: r.name, data: { ...r, scope } })))
        .onConflictDoUpdate({ target: [t.githubRunners.scope, t.githubRunners.id], set: { name: excluded("name"), data: excluded("data") } });
    }
    this.touched();
  }

  async replaceRunnerGroups(org: string, list: readonly GitHubRunnerGroup[]): Promise<void> {
    await this.db.delete(t.githubRunnerGroups).where(eq(t.githubRunnerGroups.org, org));
    for (const part of chunks(list)) {
      await this.db
        .insert(t.githubRunnerGroups)
        .values(part.map((g) => ({ org, id: g.id, data: { ...g, org } })))
        .onConflictDoUpdate({ target: [t.githubRunnerGroups.org, t.githubRunnerGroups.id], set: { data: excluded("data") } });
    }
    this.touched();
  }

  async recordRateLimit(r: GitHubRateLimit): Promise<void> {
    await this.db
      .insert(t.rateLimits)
      .values({ scope: r.scope, observedAt: new Date(r.observedAt), data: r })
      .onConflictDoUpdate({ target: t.rateLimits.scope, set: { observedAt: excluded("observed_at"), data: excluded("data") } });
    this.touched();
  }

  // ---- writes: health and diagnosis ----

  async upsertSourceHealth(list: readonly SourceHealth[]): Promise<void> {
    for (const part of chunks(list)) {
      await this.db
        .insert(t.sourceHealth)
        .values(part.map((h) => ({ id: h.id, kind: h.kind, data: h })))
        .onConflictDoUpdate({ target: t.sourceHealth.id, set: { kind: excluded("kind"), data: excluded("data") } });
    }
    this.touched();
  }

  /**
   * Upserts the firing findings (first seen kept while a finding stays open; a resolved one that fires
   * again opens anew) and resolves open findings that stopped firing. Findings of rules that were not
   * evaluated stay open: missing data is not evidence of health.
   */
  async recordFindings(result: DiagnosisResult, now: Date): Promise<void> {
    const firing = result.findings;
    for (const part of chunks(firing)) {
      await this.db
        .insert(t.findings)
        .values(
          part.map((f) => ({
            fingerprint: f.fingerprint,
            ruleId: f.ruleId,
            severity: f.severity,
            cluster: f.subject.cluster ?? null,
            namespace: f.subject.namespace ?? null,
            scaleSet: f.subject.scaleSet ?? null,
            firstSeen: new Date(f.firstSeen),
            lastSeen: new Date(f.lastSeen),
            resolvedAt: null,
            data: f,
          })),
        )
        .onConflictDoUpdate({
          target: t.findings.fingerprint,
          set: {
            severity: excluded("severity"),
            firstSeen: sql`case when ${t.findings.resolvedAt} is null then least(${t.findings.firstSeen}, excluded."first_seen") else excluded."first_seen" end`,
            lastSeen: excluded("last_seen"),
            resolvedAt: sql`null`,
            data: excluded("data"),
          },
        });
    }
    const conditions: SQL[] = [isNull(t.findings.resolvedAt)];
    const fps = firing.map((f) => f.fingerprint);
    if (fps.length) conditions.push(notInArray(t.findings.fingerprint, fps));
    const skipped = result.notEvaluated.map((n) => n.ruleId);
    if (skipped.length) conditions.push(notInArray(t.findings.ruleId, skipped));
    await this.db.update(t.findings).set({ resolvedAt: now }).where(and(...conditions));
    this.touched();
  }

  async insertIncident(i: { id: string; createdAt: Date; title: string; scope: unknown; snapshot: unknown }): Promise<void> {
    await this.db.insert(t.incidents).values({ id: i.id, createdAt: i.createdAt, title: i.title, scope: i.scope, snapshot: i.snapshot });
  }

  /** Returns false when there was no such (unrevoked) incident. */
  async revokeIncident(id: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(t.incidents)
      .set({ revokedAt: at })
      .where(and(eq(t.incidents.id, id), isNull(t.incidents.revokedAt)))
      .returning({ id: t.incidents.id });
    return rows.length > 0;
  }

  // ---- reads ----

  async listScaleSets(opts: { includeDeleted?: boolean } = {}): Promise<ScaleSetState[]> {
    const inner = this.db
      .select({ data: t.scaleSets.data, cluster: t.scaleSets.cluster, namespace: t.scaleSets.namespace, name: t.scaleSets.name })
      .from(t.scaleSets)
      .where(opts.includeDeleted ? undefined : isNull(t.scaleSets.deletedAt));
    return this.json<ScaleSetState>(inner, "q.cluster, q.namespace, q.name");
  }

  async getScaleSet(k: ScaleSetKey): Promise<ScaleSetState | undefined> {
    const rows = await this.db
      .select({ data: t.scaleSets.data })
      .from(t.scaleSets)
      .where(and(eq(t.scaleSets.cluster, k.cluster), eq(t.scaleSets.namespace, k.namespace), eq(t.scaleSets.name, k.name)));
    return rows[0]?.data as ScaleSetState | undefined;
  }

  async listRunnerSets(opts: { includeDeleted?: boolean } = {}): Promise<EphemeralRunnerSetState[]> {
    const rows = await this.db
      .select({ data: t.runnerSets.data })
      .from(t.runnerSets)
      .where(opts.includeDeleted ? undefined : isNull(t.runnerSets.deletedAt));
    return rows.map((r) => r.data as EphemeralRunnerSetState);
  }

  async listCurrentRunners(key?: ScaleSetKey): Promise<RunnerState[]> {
    const inner = this.db
      .select({ data: t.runnersCurrent.data, uid: t.runnersCurrent.uid })
      .from(t.runnersCurrent)
      .where(key ? and(eq(t.runnersCurrent.cluster, key.cluster), eq(t.runnersCurrent.namespace, key.namespace), eq(t.runnersCurrent.scaleSet, key.name)) : undefined);
    return this.json<RunnerState>(inner, "q.uid");
  }

  async getCurrentRunner(cluster: string, namespace: string, name: string): Promise<RunnerState | undefined> {
    const rows = await this.db
      .select({ data: t.runnersCurrent.data })
      .from(t.runnersCurrent)
      .where(and(eq(t.runnersCurrent.cluster, cluster), eq(t.runnersCurrent.namespace, namespace), eq(t.runnersCurrent.name, name)));
    return rows[0]?.data as RunnerState | undefined;
  }

  /** Current runners counted per scale set and activity, without loading the records. */
  async countCurrentRunners(): Promise<RunnerCounts[]> {
    return this.db
      .select({
        cluster: t.runnersCurrent.cluster,
        namespace: t.runnersCurrent.namespace,
        scaleSet: t.runnersCurrent.scaleSet,
        activity: sql<RunnerActivity>`${t.runnersCurrent.activity}`,
        count: sql<number>`count(*)::int`,
      })
      .from(t.runnersCurrent)
      .groupBy(t.runnersCurrent.cluster, t.runnersCurrent.namespace, t.runnersCurrent.scaleSet, t.runnersCurrent.activity);
  }

  async listPods(filter: { cluster?: string; namespace?: string; name?: string } = {}): Promise<PodState[]> {
    const c: SQL[] = [];
    if (filter.cluster !== undefined) c.push(eq(t.podsCurrent.cluster, filter.cluster));
    if (filter.namespace !== undefined) c.push(eq(t.podsCurrent.namespace, filter.namespace));
    if (filter.name !== undefined) c.push(eq(t.podsCurrent.name, filter.name));
    const rows = await this.db.select({ data: t.podsCurrent.data }).from(t.podsCurrent).where(and(...c));
    return rows.map((r) => r.data as PodState);
  }

  /** Lives overlapping [from, to], newest first; `truncated` when more than `limit` matched. */
  async listRunnerLives(q: LivesQuery): Promise<{ lives: RunnerLife[]; truncated: boolean }> {
    const limit = q.limit ?? 5000;
    const c: SQL[] = [lte(t.runnerLives.createdAt, q.to)];
    const open = or(isNull(t.runnerLives.endedAt), gte(t.runnerLives.endedAt, q.from));
    if (open) c.push(open);
    if (q.key) c.push(eq(t.runnerLives.cluster, q.key.cluster), eq(t.runnerLives.namespace, q.key.namespace), eq(t.runnerLives.scaleSet, q.key.name));
    const inner = this.db
      .select({ data: t.runnerLives.data, createdAt: t.runnerLives.createdAt, uid: t.runnerLives.uid })
      .from(t.runnerLives)
      .where(and(...c))
      .orderBy(desc(t.runnerLives.createdAt), desc(t.runnerLives.uid))
      .limit(limit + 1);
    const lives = await this.json<RunnerLife>(inner, "q.created_at desc, q.uid desc");
    return { lives: lives.slice(0, limit), truncated: lives.length > limit };
  }

  async runnerLivesByName(cluster: string, namespace: string, name: string): Promise<RunnerLife[]> {
    const rows = await this.db
      .select({ data: t.runnerLives.data })
      .from(t.runnerLives)
      .where(and(eq(t.runnerLives.cluster, cluster), eq(t.runnerLives.namespace, namespace), eq(t.runnerLives.name, name)))
      .orderBy(asc(t.runnerLives.createdAt));
    return rows.map((r) => r.data as RunnerLife);
  }

  /** Raw samples in [from, to], oldest first, plus 5-minute roll-ups for the part raw samples no longer cover. */
  async listListenerSamples(q: { key?: ScaleSetKey; from: Date; to: Date }): Promise<ListenerSample[]> {
    const c: SQL[] = [gte(t.listenerSamples.at, q.from), lte(t.listenerSamples.at, q.to)];
    if (q.key) c.push(eq(t.listenerSamples.cluster, q.key.cluster), eq(t.listenerSamples.namespace, q.key.namespace), eq(t.listenerSamples.scaleSet, q.key.name));
    const raw = await this.json<ListenerSample>(this.db.select({ data: t.listenerSamples.data, at: t.listenerSamples.at, id: t.listenerSamples.id }).from(t.listenerSamples).where(and(...c)), "q.at, q.id");
    const firstRaw = raw[0] ? new Date(raw[0].at) : q.to;
    if (firstRaw.getTime() - q.from.getTime() < 5 * 60_000) return raw;
    const rc: SQL[] = [gte(t.listenerRollups.bucket, q.from), lte(t.listenerRollups.bucket, firstRaw)];
    if (q.key) rc.push(eq(t.listenerRollups.cluster, q.key.cluster), eq(t.listenerRollups.namespace, q.key.namespace), eq(t.listenerRollups.scaleSet, q.key.name));
    const rolled = await this.json<ListenerSample>(this.db.select({ data: t.listenerRollups.data, bucket: t.listenerRollups.bucket }).from(t.listenerRollups).where(and(...rc)), "q.bucket");
    return [...rolled.filter((s) => new Date(s.at) < firstRaw), ...raw];
  }

  /**
   * Listener figures of one scale set downsampled in the database: one sample per `stepMs` bucket of
   * [from, to] (bucket i starts at from + i·stepMs), each figure the bucket's maximum. Roll-ups fill the
   * part of the window raw samples no longer cover. Also returns the newest raw sample before `from` (to
   * carry into the first buckets) and the newest at or before `to` (for freshness).
   */
  async listListenerBuckets(q: { key: ScaleSetKey; from: Date; to: Date; stepMs: number }): Promise<{ buckets: ListenerSample[]; before?: ListenerSample; latest?: ListenerSample }> {
    const { key, from, to, stepMs } = q;
    const fromMs = from.getTime();
    const figures = sql.raw(FIGURES.map((f) => `max((data->>'${f}')::float8) as "${f}"`).join(", "));
    const bucket = (col: string) => sql.raw(`floor((extract(epoch from ${col}) * 1000 - ${fromMs}) / ${stepMs})::bigint`);
    const rawWhere = sql`cluster = ${key.cluster} and namespace = ${key.namespace} and scale_set = ${key.name} and at >= ${from.toISOString()}::timestamptz and at <= ${to.toISOString()}::timestamptz`;
    const res = await this.db.execute(sql`
      select coalesce(json_agg(json_strip_nulls(row_to_json(x)) order by x.b), '[]')::text as j from (
        select b, ${figures} from (
          select ${bucket("at")} as b, data from ${t.listenerSamples} where ${rawWhere}
          union all
          select ${bucket("bucket")} as b, data from ${t.listenerRollups}
          where cluster = ${key.cluster} and namespace = ${key.namespace} and scale_set = ${key.name}
            and bucket >= ${from.toISOString()}::timestamptz
            and bucket < coalesce((select min(at) from ${t.listenerSamples} where ${rawWhere}), ${to.toISOString()}::timestamptz)
        ) u group by b
      ) x`);
    const j = (rowsOf(res)[0] as { j?: unknown } | undefined)?.j;
    const rows = typeof j === "string" ? (JSON.parse(j) as ({ b: number } & Partial<Record<(typeof FIGURES)[number], number>>)[]) : [];
    const buckets = rows.map(({ b, ...figs }) => ({ cluster: key.cluster, namespace: key.namespace, scaleSet: key.name, at: new Date(fromMs + b * stepMs).toISOString(), source: "metrics" as const, ...figs }));
    const newest = async (cond: SQL) =>
      (
        await this.db
          .select({ data: t.listenerSamples.data })
          .from(t.listenerSamples)
          .where(and(eq(t.listenerSamples.cluster, key.cluster), eq(t.listenerSamples.namespace, key.namespace), eq(t.listenerSamples.scaleSet, key.name), cond))
          .orderBy(desc(t.listenerSamples.at))
          .limit(1)
      )[0]?.data as ListenerSample | undefined;
    const before = await newest(lt(t.listenerSamples.at, from));
    const latest = await newest(lte(t.listenerSamples.at, to));
    const out: { buckets: ListenerSample[]; before?: ListenerSample; latest?: ListenerSample } = { buckets };
    if (before) out.before = before;
    if (latest) out.latest = latest;
    return out;
  }

  /** The newest sample of every scale set (one index probe per set, not a scan of the history). */
  /** The newest listener sample per scale set (log-derived samples carry every figure the listener last stated). */
  async latestListenerSamples(): Promise<ListenerSample[]> {
    const res = await this.db.execute(sql`
      select latest.data from ${t.scaleSets} ss
      cross join lateral (
        select ls.data from ${t.listenerSamples} ls
        where ls.cluster = ss.cluster and ls.namespace = ss.namespace and ls.scale_set = ss.name
        order by ls.at desc limit 1
      ) latest`);
    return rowsOf(res).map((r) => (r as { data: ListenerSample }).data);
  }

  /** Events last seen in [from, to]; optionally only those about the named objects. */
  async listEvents(q: {
    cluster?: string;
    namespace?: string;
    involvedNames?: readonly string[];
    /** Objects whose name is `prefix` or starts with `prefix-` (ARC derives every object name from the scale set's). */
    namePrefix?: string;
    from: Date;
    to: Date;
    /** Newest events kept when more match (default 5,000). */
    limit?: number;
  }): Promise<KubeEventRecord[]> {
    const c: SQL[] = [gte(t.events.lastSeen, q.from), lte(t.events.lastSeen, q.to)];
    if (q.cluster !== undefined) c.push(eq(t.events.cluster, q.cluster));
    if (q.namespace !== undefined) c.push(eq(t.events.namespace, q.namespace));
    if (q.involvedNames) {
      if (q.involvedNames.length === 0) return [];
      c.push(inArray(t.events.involvedName, [...q.involvedNames]));
    }
    if (q.namePrefix !== undefined) {
      const like = `${q.namePrefix.replace(/[\\%_]/g, (m) => `\\${m}`)}-%`;
      const named = or(eq(t.events.involvedName, q.namePrefix), sql`${t.events.involvedName} like ${like}`);
      if (named) c.push(named);
    }
    const inner = this.db.select({ data: t.events.data, lastSeen: t.events.lastSeen, uid: t.events.uid }).from(t.events).where(and(...c)).orderBy(desc(t.events.lastSeen)).limit(q.limit ?? 5000);
    return this.json<KubeEventRecord>(inner, "q.last_seen, q.uid");
  }

  async listLogLines(q: { cluster?: string; namespace?: string; pod?: string; from?: Date; limit?: number }): Promise<LogRecord[]> {
    const c: SQL[] = [];
    if (q.cluster !== undefined) c.push(eq(t.logLines.cluster, q.cluster));
    if (q.namespace !== undefined) c.push(eq(t.logLines.namespace, q.namespace));
    if (q.pod !== undefined) c.push(eq(t.logLines.pod, q.pod));
    if (q.from) c.push(gte(t.logLines.at, q.from));
    const inner = this.db
      .select({ data: t.logLines.data, at: t.logLines.at, id: t.logLines.id })
      .from(t.logLines)
      .where(and(...c))
      .orderBy(desc(t.logLines.at), desc(t.logLines.id))
      .limit(q.limit ?? 2000);
    return this.json<LogRecord>(inner, "q.at, q.id");
  }

  /** Jobs still waiting or running, plus those created since `since`. */
  async listGitHubJobs(q: { since?: Date; statuses?: readonly string[]; runnerName?: string } = {}): Promise<GitHubJob[]> {
    const c: SQL[] = [];
    const cond = q.statuses && q.since ? or(inArray(t.githubJobs.status, [...q.statuses]), gte(t.githubJobs.createdAt, q.since)) : undefined;
    if (cond) c.push(cond);
    else if (q.statuses) c.push(inArray(t.githubJobs.status, [...q.statuses]));
    else if (q.since) c.push(gte(t.githubJobs.createdAt, q.since));
    if (q.runnerName !== undefined) c.push(eq(t.githubJobs.runnerName, q.runnerName));
    const inner = this.db.select({ data: t.githubJobs.data, createdAt: t.githubJobs.createdAt, id: t.githubJobs.id }).from(t.githubJobs).where(and(...c));
    return this.json<GitHubJob>(inner, "q.created_at, q.id");
  }

  async listGitHubRunners(): Promise<GitHubRunner[]> {
    return (await this.db.select({ data: t.githubRunners.data }).from(t.githubRunners)).map((r) => r.data as GitHubRunner);
  }

  async listRunnerGroups(): Promise<GitHubRunnerGroup[]> {
    return (await this.db.select({ data: t.githubRunnerGroups.data }).from(t.githubRunnerGroups)).map((r) => r.data as GitHubRunnerGroup);
  }

  async listRateLimits(): Promise<GitHubRateLimit[]> {
    return (await this.db.select({ data: t.rateLimits.data }).from(t.rateLimits)).map((r) => r.data as GitHubRateLimit);
  }

  async listSourceHealth(): Promise<SourceHealth[]> {
    return (await this.db.select({ data: t.sourceHealth.data }).from(t.sourceHealth).orderBy(asc(t.sourceHealth.id))).map((r) => r.data as SourceHealth);
  }

  async listClusterInfo(): Promise<ClusterInfo[]> {
    return (await this.db.select({ data: t.clusterInfo.data }).from(t.clusterInfo).orderBy(asc(t.clusterInfo.name))).map((r) => r.data as ClusterInfo);
  }

  /** Open findings (or all, newest first, when `includeResolved`), with the stored first-seen/resolved times. */
  async listFindings(q: { includeResolved?: boolean; key?: ScaleSetKey } = {}): Promise<StoredFinding[]> {
    const c: SQL[] = [];
    if (!q.includeResolved) c.push(isNull(t.findings.resolvedAt));
    if (q.key) c.push(eq(t.findings.cluster, q.key.cluster), eq(t.findings.namespace, q.key.namespace), eq(t.findings.scaleSet, q.key.name));
    const rows = await this.db
      .select({ data: t.findings.data, firstSeen: t.findings.firstSeen, lastSeen: t.findings.lastSeen, resolvedAt: t.findings.resolvedAt })
      .from(t.findings)
      .where(and(...c))
      .orderBy(desc(t.findings.lastSeen));
    return rows.map((r) => {
      const f: StoredFinding = { ...(r.data as Finding), firstSeen: r.firstSeen.toISOString(), lastSeen: r.lastSeen.toISOString() };
      if (r.resolvedAt) f.resolvedAt = r.resolvedAt.toISOString();
      return f;
    });
  }

  async getIncident(id: string): Promise<Incident | undefined> {
    const rows = await this.db.select().from(t.incidents).where(eq(t.incidents.id, id));
    const r = rows[0];
    if (!r) return undefined;
    const out: Incident = { id: r.id, createdAt: r.createdAt.toISOString(), title: r.title, scope: r.scope, snapshot: r.snapshot };
    if (r.revokedAt) out.revokedAt = r.revokedAt.toISOString();
    return out;
  }
}

/** Rows of a raw `execute` result: `rows` on both node-postgres and PGlite. */
export function rowsOf(result: unknown): unknown[] {
  if (result && typeof result === "object" && "rows" in result && Array.isArray(result.rows)) return result.rows;
  return [];
}
