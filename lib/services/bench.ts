/**
 * Service latency and storage size on a realistic fleet: 200 scale sets, 5,000 current runners, 5,000 lives
 * in one set's last 24 h, a day of listener samples. Run: `npx tsx lib/services/bench.ts` (PGlite in memory,
 * or DATABASE_URL for PostgreSQL). Prints p50/p95 per call and bytes per stored record.
 */
import { sql } from "drizzle-orm";
import { openStore, rowsOf, type Store } from "@/lib/store";
import { life, runner, sample, scaleSet } from "@/lib/store/testing/fixtures";
import { getFleetOverview } from "./fleet-overview";
import { getScaleSetView } from "./scale-set-view";

const NOW = new Date("2026-11-22T12:00:00Z");
const MIN = 60_000;

async function seed(store: Store): Promise<void> {
  const sets = Array.from({ length: 200 }, (_, i) => scaleSet({ cluster: `c${i % 4}`, name: `set-${i}` }));
  await store.upsertScaleSets(sets);
  await store.upsertRunners(
    Array.from({ length: 5000 }, (_, i) => {
      const s = sets[i % 200]!;
      return runner({ cluster: s.cluster, scaleSet: s.name, name: `${s.name}-r-${i}`, phase: i % 3 ? "Running" : "Pending", job: i % 2 ? { jobRequestId: i } : undefined });
    }),
  );
  await store.upsertRunnerLives(
    Array.from({ length: 5000 }, (_, i) => {
      const created = NOW.getTime() - 24 * 60 * MIN + i * 17_000;
      return life({
        cluster: "c0",
        scaleSet: "set-0",
        name: `set-0-life-${i}`,
        createdAt: new Date(created).toISOString(),
        startedAt: new Date(created + 9_000).toISOString(),
        finishedAt: new Date(created + 300_000).toISOString(),
        outcome: i % 10 ? "succeeded" : "failed",
        job: { jobRequestId: i, repository: "acme/shop", workflowRef: "acme/shop/.github/workflows/ci.yml@refs/heads/main", displayName: "build" },
      });
    }),
  );
  // One sample per 30 s for set-0 over 24 h, and a latest sample for every set.
  await store.appendListenerSamples(Array.from({ length: 2880 }, (_, i) => sample({ cluster: "c0", scaleSet: "set-0", at: new Date(NOW.getTime() - i * 30_000).toISOString() })));
  await store.appendListenerSamples(sets.map((s) => sample({ cluster: s.cluster, scaleSet: s.name, at: new Date(NOW.getTime() - 20_000).toISOString() })));
}

/** Wall-clock and CPU time per call: on a loaded machine CPU time is what an idle one would show as latency (PGlite runs in-process). */
async function time(label: string, runs: number, fn: () => Promise<unknown>): Promise<void> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    wall.push(performance.now() - t0);
  }
  const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(1);
  console.log(`${label}: wall p50 ${p(wall, 0.5)} / p95 ${p(wall, 0.95)} ms; cpu p50 ${p(cpu, 0.5)} / p95 ${p(cpu, 0.95)} ms (${runs} runs)`);
}

async function sizes(store: Store): Promise<void> {
  for (const [table, rows] of [
    ["runner_lives", 5000],
    ["runners_current", 5000],
    ["listener_samples", 3080],
  ] as const) {
    const res = await store.db.execute(sql.raw(`select pg_total_relation_size('${table}')::bigint as bytes`));
    const bytes = Number((rowsOf(res)[0] as { bytes: number | string }).bytes);
    console.log(`${table}: ${(bytes / rows).toFixed(0)} bytes/row (${rows} rows, incl. indexes)`);
  }
}

const store = await openStore({ dir: "memory://" });
try {
  const t0 = performance.now();
  await seed(store);
  console.log(`seed: ${(performance.now() - t0).toFixed(0)} ms`);
  const key = { cluster: "c0", namespace: "arc-runners", name: "set-0" };
  await time("fleet overview (cold, after each write)", 10, async () => {
    store.version++;
    await getFleetOverview(store, { now: NOW });
  });
  await time("fleet overview (cached inputs)", 50, () => getFleetOverview(store, { now: NOW }));
  await time("scale-set view 24 h / 5,000 lives", 20, () => getScaleSetView(store, key, { from: new Date(NOW.getTime() - 24 * 60 * MIN), to: NOW, now: NOW }));
  await sizes(store);
} finally {
  await store.close();
}
