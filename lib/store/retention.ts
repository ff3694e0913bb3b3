import { and, eq, inArray, isNotNull, lt, notInArray, sql } from "drizzle-orm";
import type { ListenerSample } from "@/lib/model";
import * as t from "./schema";
import { bucketStart, rollupSamples, type Rollup } from "./rollup";
import { chunks } from "./codec";
import { rowsOf, type Store } from "./store";

const DAY = 86_400_000;

/**
 * How long history is kept. Sizes measured with `npx tsx lib/services/bench.ts` on PGlite
 * (`pg_total_relation_size`, jsonb + indexes): a runner life ≈ 1.2 KB, a current runner ≈ 0.66 KB,
 * a listener sample ≈ 0.63 KB (a roll-up row has the same shape). So 5,000 runner lives a day keep
 * ≈ 42 MB for 7 days; one scale set sampled every 30 s keeps ≈ 12 MB of raw samples (7 days) plus
 * ≈ 16 MB of roll-ups (90 days) — ≈ 5.8 GB for 200 sets, so sample on change or every ≥ 60 s at that size.
 */
export const RETENTION = {
  rawMs: 7 * DAY,
  rollupMs: 90 * DAY,
  resolvedFindingsMs: 90 * DAY,
  /** Newest log lines kept per pod: enough evidence for a diagnosis, bounded for chatty pods. */
  logLinesPerPod: 1000,
} as const;

export interface RetentionReport {
  lives: number;
  samples: number;
  rollups: number;
  events: number;
  logLines: number;
  findings: number;
  jobs: number;
  incidents: number;
}

/** Prunes history past its retention and rolls raw listener samples up into 5-minute buckets before they go. */
export async function runRetention(store: Store, now: Date): Promise<RetentionReport> {
  // Aligned to a bucket boundary so every bucket is rolled up from all of its raw samples at once.
  const rawCutoff = bucketStart(new Date(now.getTime() - RETENTION.rawMs));
  const rollupCutoff = new Date(now.getTime() - RETENTION.rollupMs);
  const report = await store.db.transaction(async (tx) => {
    const old = (await tx.select({ data: t.listenerSamples.data }).from(t.listenerSamples).where(lt(t.listenerSamples.at, rawCutoff))).map(
      (r) => r.data as ListenerSample,
    );
    let rollups = 0;
    if (old.length) {
      const buckets = [...new Set(old.map((s) => bucketStart(new Date(s.at)).getTime()))].map((ms) => new Date(ms));
      const prior: Rollup[] = [];
      for (const part of chunks(buckets)) {
        const rows = await tx.select({ data: t.listenerRollups.data, samples: t.listenerRollups.samples }).from(t.listenerRollups).where(inArray(t.listenerRollups.bucket, part));
        for (const r of rows) prior.push({ sample: r.data as ListenerSample, samples: r.samples });
      }
      const merged = rollupSamples(old, prior);
      for (const part of chunks(merged)) {
        await tx
          .insert(t.listenerRollups)
          .values(part.map((r) => ({ cluster: r.sample.cluster, namespace: r.sample.namespace, scaleSet: r.sample.scaleSet, bucket: new Date(r.sample.at), samples: r.samples, data: r.sample })))
          .onConflictDoUpdate({
            target: [t.listenerRollups.cluster, t.listenerRollups.namespace, t.listenerRollups.scaleSet, t.listenerRollups.bucket],
            set: { samples: sql.raw(`excluded."samples"`), data: sql.raw(`excluded."data"`) },
          });
      }
      rollups = merged.length;
    }
    const samples = (await tx.delete(t.listenerSamples).where(lt(t.listenerSamples.at, rawCutoff)).returning({ id: t.listenerSamples.id })).length;
    await tx.delete(t.listenerRollups).where(lt(t.listenerRollups.bucket, rollupCutoff));

    // A life still current in Kubernetes is kept however old; others go 7 days after they ended (or began, if never closed).
    const alive = tx.select({ uid: t.runnersCurrent.uid }).from(t.runnersCurrent);
    const lives = (
      await tx
        .delete(t.runnerLives)
        .where(and(lt(sql`coalesce(${t.runnerLives.endedAt}, ${t.runnerLives.createdAt})`, rawCutoff), notInArray(t.runnerLives.uid, alive)))
        .returning({ uid: t.runnerLives.uid })
    ).length;
    const events = (await tx.delete(t.events).where(lt(t.events.lastSeen, rawCutoff)).returning({ uid: t.events.uid })).length;
    const aged = (await tx.delete(t.logLines).where(lt(t.logLines.at, rawCutoff)).returning({ id: t.logLines.id })).length;
    const capped = await tx.execute(sql`
      delete from ${t.logLines} where ${t.logLines.id} in (
        select id from (
          select id, row_number() over (partition by cluster, namespace, pod order by at desc, id desc) as rn from ${t.logLines}
        ) ranked where rn > ${RETENTION.logLinesPerPod}
      ) returning id`);
    const findings = (
      await tx
        .delete(t.findings)
        .where(and(isNotNull(t.findings.resolvedAt), lt(t.findings.resolvedAt, new Date(now.getTime() - RETENTION.resolvedFindingsMs))))
        .returning({ fp: t.findings.fingerprint })
    ).length;
    const jobs = (
      await tx
        .delete(t.githubJobs)
        .where(and(eq(t.githubJobs.status, "completed"), lt(t.githubJobs.createdAt, rawCutoff)))
        .returning({ id: t.githubJobs.id })
    ).length;
    // Incidents live until revoked; a revoked link must stop working and its frozen data go with it.
    const incidents = (await tx.delete(t.incidents).where(isNotNull(t.incidents.revokedAt)).returning({ id: t.incidents.id })).length;
    return { lives, samples, rollups, events, logLines: aged + rowsOf(capped).length, findings, jobs, incidents };
  });
  store.version++;
  return report;
}

