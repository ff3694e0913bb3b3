/**
 * `memory`: (1) the built server's RSS in steady state: the reference fleet's seeded store, the collector live
 * against the same fleet served by simulated API servers (churned at the reference rate of ~20,000 runner lives an
 * hour), and a reader polling /api/fleet every second and the scale-set page every 5 s; the /api/fleet latencies
 * over HTTP are reported too. (2) Store size per day of history: `pg_total_relation_size` per table divided by
 * its rows, times the rows a day of the reference fleet writes (seeding a whole day takes ~10 min here).
 */
import { sql } from "drizzle-orm";
import { du } from "./du";
import { rowsOf } from "@/lib/store";
import { apiShape, HISTORY } from "./api";
import { CHANGES_PER_LIFE } from "./kube-fleet";
import { startFleetApi } from "./kube-fleet-process";
import { seededStore } from "./reference-store";
import { startServer } from "./server";
import { sleep, summarize } from "./timing";
import type { Benchmark, BenchOptions, Figure } from "./types";
import type { FleetShape } from "./fleet";

const REQUEST_TIMEOUT_MS = 20_000;

const TABLES = ["runner_lives", "listener_samples", "events", "github_jobs", "runners_current", "scale_sets", "findings"] as const;

/** Rows one day of `shape` writes per table (lives and their events, samples every 15 s, jobs). */
export function rowsPerDay(shape: FleetShape): Record<(typeof TABLES)[number], number> {
  return {
    runner_lives: shape.livesPerHour * 24,
    events: shape.livesPerHour * 24,
    listener_samples: shape.scaleSets * ((24 * 3600) / 15),
    github_jobs: shape.jobsPerDay,
    runners_current: 0,
    scale_sets: 0,
    findings: 0,
  };
}

async function run(opts: BenchOptions): Promise<Figure[]> {
  const shape = apiShape(opts.quick);
  const seeded = await seededStore(shape, opts.quick ? HISTORY.quick : HISTORY.full, opts.log);

  // store size per day, from the seeded tables
  const store = await seeded.open();
  let perDay = 0;
  const parts: string[] = [];
  try {
    const perRow: Record<string, number> = {};
    for (const t of TABLES) {
      const res = await store.db.execute(sql.raw(`select pg_total_relation_size('${t}')::bigint as bytes, (select count(*) from ${t})::bigint as n`));
      const row = rowsOf(res)[0] as { bytes: number | string; n: number | string };
      perRow[t] = Number(row.n) > 0 ? Number(row.bytes) / Number(row.n) : 0;
    }
    const rows = rowsPerDay(shape);
    for (const t of TABLES) {
      const b = (perRow[t] ?? 0) * rows[t];
      perDay += b;
      if (rows[t] > 0) parts.push(`${t} ${Math.round(perRow[t] ?? 0)} B/row × ${rows[t].toLocaleString("en-US")}`);
    }
  } finally {
    await store.close();
  }
  const dirBytes = du(seeded.dir);

  // steady-state RSS of the built server with the collector live
  const api = await startFleetApi(shape);
  const server = await startServer({ RUNNERSCOPE_DATA_DIR: seeded.dir, KUBECONFIG: api.kubeconfigPath });
  const rss: number[] = [];
  const fleetMs: number[] = [];
  const pageMs: number[] = [];
  let failed = 0;
  try {
    const k = seeded.fleet.focus.key;
    const page = `${server.url}/scale-sets/${encodeURIComponent(k.cluster)}/${k.namespace}/${encodeURIComponent(k.name)}?window=24h`;
    await sleep(opts.quick ? 3000 : 15_000); // initial list + first diagnosis rounds
    const steadyMs = opts.quick ? 8000 : 45_000;
    const changesPerSec = Math.round((shape.livesPerHour / 3600) * CHANGES_PER_LIFE);
    const churn = api.churn(changesPerSec, steadyMs);
    const end = Date.now() + steadyMs;
    // every request is bounded, so a saturated server shows as slow figures instead of a hung run
    const get = async (url: string): Promise<number> => {
      const t0 = performance.now();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        await res.arrayBuffer();
        if (!res.ok) failed++;
      } catch {
        failed++;
      }
      return performance.now() - t0;
    };
    const sampler = setInterval(() => rss.push(server.rssMb()), 1000);
    try {
      for (let i = 0; Date.now() < end; i++) {
        fleetMs.push(await get(`${server.url}/api/fleet`));
        if (i % 5 === 0) pageMs.push(await get(page));
        await sleep(1000);
      }
    } finally {
      clearInterval(sampler);
    }
    await churn;
  } finally {
    await server.stop();
    await api.stop();
  }
  const r = summarize(rss);
  const f = summarize(fleetMs);
  const fleet = `${shape.scaleSets} sets, ${shape.runners.toLocaleString("en-US")} runners`;
  return [
    { bench: "memory", metric: "server RSS, steady state (max)", value: r.max, unit: "MB", target: { op: "<=", value: 700 }, note: `built server + live collector, ${fleet}, ${rss.length} samples, p50 ${r.p50.toFixed(0)} MB` },
    {
      bench: "memory",
      metric: "store size per day of history",
      value: perDay / 2 ** 20,
      unit: "MB",
      note: `pg_total_relation_size per row × a day's rows: ${parts.join(", ")}; seeded PGlite dir on disk ${Math.round(dirBytes / 2 ** 20)} MB`,
    },
    { bench: "api", metric: "GET /api/fleet over HTTP p50", value: f.p50, unit: "ms", target: { op: "<=", value: 50 }, note: `built server, collector live, ${fleet}, n=${f.n}` },
    { bench: "api", metric: "GET /api/fleet over HTTP p95", value: f.p95, unit: "ms", target: { op: "<=", value: 100 }, note: `max ${f.max.toFixed(0)} ms; ${failed} requests failed or timed out (${REQUEST_TIMEOUT_MS / 1000} s)` },
    { bench: "api", metric: "GET scale-set page (24 h) over HTTP p50", value: summarize(pageMs).p50, unit: "ms", note: `server-rendered HTML, n=${pageMs.length}, same run` },
  ];
}

export const memoryBench: Benchmark = { name: "memory", description: "server RSS in steady state and store size per day of history", run };
