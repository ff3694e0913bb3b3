/**
 * `collector`: the real collector (startCollector: client-node informers over HTTP → KubeState → lifecycle tracker
 * → write buffer → PGlite on disk) against the generated fleet served by simulated API servers in a child process,
 * while that process churns EphemeralRunners and pods through their lifecycle at a fixed rate of API changes.
 * Lag = the API change (ER created / runner container terminated) → the runner life recording it is stored.
 */
import path from "node:path";
import type { RunnerLife } from "@/lib/model";
import { openStore, type Store } from "@/lib/store";
import { loadCollectorConfig } from "@/lib/collector/config";
import { startCollector } from "@/lib/collector/runtime";
import { QUICK_FLEET, REFERENCE_FLEET, type FleetShape } from "./fleet";
import { startFleetApi } from "./kube-fleet-process";
import { benchTempDir } from "./reference-store";
import { summarize, waitUntil, type Summary } from "./timing";
import type { Benchmark, BenchOptions, Figure } from "./types";

export interface CollectorResult {
  objects: number;
  initialMs: number;
  changes: number;
  generatorRate: number;
  ingestRate: number;
  lag: Summary;
  lives: number;
  lost: number;
}

/** Records when each runner life was first stored and when its end was stored (wall clock, epoch ms). */
function instrument(store: Store): { store: Store; created: Map<string, number>; ended: Map<string, number>; last: Map<string, RunnerLife> } {
  const created = new Map<string, number>();
  const ended = new Map<string, number>();
  const last = new Map<string, RunnerLife>();
  const upsert = store.upsertRunnerLives.bind(store);
  store.upsertRunnerLives = async (list: readonly RunnerLife[]) => {
    await upsert(list);
    const now = Date.now();
    for (const l of list) {
      if (!created.has(l.uid)) created.set(l.uid, now);
      // the end is recorded once the life carries it (finished, or deleted when the end itself was not seen)
      if ((l.finishedAt || l.deletedAt) && !ended.has(l.uid)) ended.set(l.uid, now);
      last.set(l.uid, l);
    }
  };
  return { store, created, ended, last };
}

export async function measureCollector(shape: FleetShape, opts: { ratePerSec: number; durationMs: number; log: (m: string) => void }): Promise<CollectorResult> {
  const api = await startFleetApi(shape);
  const dir = path.join(benchTempDir("collector"), "pglite");
  const base = await openStore({ dir });
  const { store, created, ended, last } = instrument(base);
  const config = loadCollectorConfig({ KUBECONFIG: api.kubeconfigPath, RUNNERSCOPE_DIAGNOSIS_SECONDS: "3600" });
  const t0 = Date.now();
  const collector = await startCollector({ store, config });
  try {
    await waitUntil(
      "the initial runners to be stored",
      async () => {
        const n = (await base.countCurrentRunners()).reduce((a, c) => a + c.count, 0);
        return n >= shape.runners ? n : undefined;
      },
      180_000,
      250,
    );
    const initialMs = Date.now() - t0;
    opts.log(`initial list of ${api.objects.toLocaleString("en-US")} objects stored in ${(initialMs / 1000).toFixed(1)} s; churning ${opts.ratePerSec}/s for ${opts.durationMs / 1000} s`);
    const churnStart = Date.now();
    const res = await api.churn(opts.ratePerSec, opts.durationMs);
    const wanted = res.marks.filter((m) => m.ended !== undefined);
    await waitUntil("every churned life's end to be stored", () => (wanted.every((m) => ended.has(m.uid)) ? true : undefined), 30_000, 100).catch((e: unknown) =>
      opts.log(e instanceof Error ? e.message : String(e)),
    );
    const missing = wanted.filter((m) => !ended.has(m.uid));
    if (missing.length) opts.log(`lives without a stored end: ${missing.slice(0, 5).map((m) => JSON.stringify(last.get(m.uid) ?? m.uid)).join("\n")}`);
    const stored = wanted.filter((m) => ended.has(m.uid) && created.has(m.uid));
    const lastStored = Math.max(...stored.map((m) => ended.get(m.uid)!));
    const lags = stored.flatMap((m) => [created.get(m.uid)! - m.created, ended.get(m.uid)! - m.ended!]);
    return {
      objects: api.objects,
      initialMs,
      changes: res.changes,
      generatorRate: res.changes / (res.wallMs / 1000),
      ingestRate: res.changes / ((lastStored - churnStart) / 1000),
      lag: summarize(lags),
      lives: res.marks.length,
      lost: wanted.length - stored.length,
    };
  } finally {
    await collector.stop();
    await base.close();
    await api.stop();
  }
}

export function collectorShape(quick: boolean): FleetShape {
  return quick ? QUICK_FLEET : REFERENCE_FLEET;
}

async function run(opts: BenchOptions): Promise<Figure[]> {
  const shape = collectorShape(opts.quick);
  const r = await measureCollector(shape, { ratePerSec: 2500, durationMs: opts.quick ? 3000 : 15_000, log: opts.log });
  const fleet = `${shape.scaleSets} sets, ${shape.runners.toLocaleString("en-US")} runners`;
  return [
    {
      bench: "collector",
      metric: "watch events ingested",
      value: r.ingestRate,
      unit: "events/s",
      target: { op: ">=", value: 2000 },
      note: `${r.changes.toLocaleString("en-US")} API changes (generator ${Math.round(r.generatorRate)}/s) on ${fleet}, until the last life was stored`,
    },
    {
      bench: "collector",
      metric: "API change → stored life p95",
      value: r.lag.p95 / 1000,
      unit: "s",
      target: { op: "<=", value: 1 },
      note: `p50 ${(r.lag.p50 / 1000).toFixed(2)} s, max ${(r.lag.max / 1000).toFixed(2)} s over ${r.lives.toLocaleString("en-US")} lives; ${r.lost} not stored`,
    },
    { bench: "collector", metric: "initial list → stored", value: r.initialMs / 1000, unit: "s", note: `${r.objects.toLocaleString("en-US")} objects over HTTP (3 clusters)` },
  ];
}

export const collectorBench: Benchmark = { name: "collector", description: "collector ingest rate and lag against a churning simulated fleet", run };
