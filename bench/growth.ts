/**
 * `growth`: the api, collector and diagnosis figures at 50, 200 and 800 scale sets (runners, lives and jobs in
 * proportion; `--quick`: 5, 20, 80) and their growth factor per 4× fleet: ~4 = linear in the fleet, ≤ 1 = flat.
 * History is 15 min for every set (1 h for the focus set) to keep the 800-set run inside the time budget.
 */
import { openStore } from "@/lib/store";
import { buildSnapshot } from "@/lib/services/snapshot";
import { diagnose } from "@/lib/diagnosis/engine";
import { allRules } from "@/lib/diagnosis/rules";
import { generateFleet, QUICK_FLEET, REFERENCE_FLEET, scaleFleet, type FleetShape } from "./fleet";
import { measureCollector } from "./collector";
import { timeApi } from "./api";
import { benchTempDir } from "./reference-store";
import { seedStore } from "./seed";
import { summarize, timeRuns } from "./timing";
import type { Benchmark, BenchOptions, Figure } from "./types";
import path from "node:path";

export interface GrowthPoint {
  scaleSets: number;
  fleetP95: number;
  viewP95: number;
  diagnosisRound: number;
  collectorInitial: number;
  collectorLagP95: number;
  /** Evaluation time of each diagnosis rule (ms, median of the rounds). */
  rules: Record<string, number>;
}

const MEASURES: { key: keyof Omit<GrowthPoint, "scaleSets" | "rules">; label: string; unit: string }[] = [
  { key: "fleetP95", label: "api fleet overview p95", unit: "ms" },
  { key: "viewP95", label: "api scale-set view p95", unit: "ms" },
  { key: "diagnosisRound", label: "diagnosis round (snapshot + rules)", unit: "ms" },
  { key: "collectorInitial", label: "collector initial list → stored", unit: "ms" },
  { key: "collectorLagP95", label: "collector lag p95 at 2,500 changes/s", unit: "ms" },
];

/** Growth per 4× above this is called superlinear (4 = linear, with some room for noise). */
const SUPERLINEAR = 4.5;

/** Rules that take ≥ 10 ms at the larger size and grow superlinearly, slowest first, with their ms and factor. */
export function superlinearRules(small: Record<string, number>, large: Record<string, number>, ratio: number): string[] {
  return Object.entries(large)
    .filter(([id, ms]) => ms >= 10 && growthPer4x(small[id] ?? 0, ms, ratio) > SUPERLINEAR)
    .sort((x, y) => y[1] - x[1])
    .map(([id, ms]) => `${id} ${ms.toFixed(0)} ms (${growthPer4x(small[id] ?? 0, ms, ratio).toFixed(1)}× per 4×)`);
}

/** Factor per 4× fleet from two points `ratio`× apart in size (so a 16× span also reads per 4×). */
export function growthPer4x(small: number, large: number, ratio: number): number {
  if (!(small > 0) || !(large > 0)) return Number.NaN;
  return Math.pow(large / small, Math.log(4) / Math.log(ratio));
}

async function point(shape: FleetShape, quick: boolean, log: (m: string) => void): Promise<GrowthPoint> {
  const fleet = generateFleet(shape, { now: new Date() });
  const store = await openStore({ dir: path.join(benchTempDir("growth"), "pglite") });
  let p: Omit<GrowthPoint, "collectorInitial" | "collectorLagP95">;
  const perRule: Record<string, number[]> = {};
  try {
    await seedStore(store, fleet, { historyHours: 0.25, focusHours: 1 });
    const api = await timeApi(store, fleet, quick ? 5 : 10);
    // a round = the collector's: snapshot from the store, then every rule through the engine (timed one by one
    // to name the rules that grow faster than the fleet); no warm-up, a round at 800 sets takes many seconds
    const rounds = summarize(
      await timeRuns(2, async () => {
        const now = new Date();
        const snapshot = await buildSnapshot(store, { now, window: 3_600_000 });
        for (const rule of allRules) {
          const t0 = performance.now();
          diagnose(snapshot, { now }, [rule]);
          (perRule[rule.id] ??= []).push(performance.now() - t0);
        }
      }, 0),
    );
    const rules = Object.fromEntries(Object.entries(perRule).map(([id, ms]) => [id, summarize(ms).p50]));
    p = { scaleSets: shape.scaleSets, fleetP95: api.fleet.p95, viewP95: api.view.p95, diagnosisRound: rounds.p50, rules };
  } finally {
    await store.close();
  }
  const c = await measureCollector(shape, { ratePerSec: 2500, durationMs: quick ? 800 : 5000, log });
  const out = { ...p, collectorInitial: c.initialMs, collectorLagP95: c.lag.p95 };
  log(`${shape.scaleSets} sets: ${MEASURES.map((m) => `${m.label} ${out[m.key].toFixed(0)} ${m.unit}`).join(", ")}`);
  return out;
}

async function run(opts: BenchOptions): Promise<Figure[]> {
  const base = opts.quick ? QUICK_FLEET : REFERENCE_FLEET;
  const sizes = opts.quick ? [5, 20, 80] : [50, 200, 800];
  const points: GrowthPoint[] = [];
  for (const n of sizes) points.push(await point(scaleFleet(base, n), opts.quick, opts.log));
  const [a, b, c] = points as [GrowthPoint, GrowthPoint, GrowthPoint];
  const slowRules = superlinearRules(b.rules, c.rules, c.scaleSets / b.scaleSets);
  return MEASURES.map((m): Figure => {
    const lo = growthPer4x(a[m.key], b[m.key], b.scaleSets / a.scaleSets);
    const hi = growthPer4x(b[m.key], c[m.key], c.scaleSets / b.scaleSets);
    const superlinear = hi > SUPERLINEAR || lo > SUPERLINEAR;
    const rules = m.key === "diagnosisRound" && slowRules.length ? `; rules: ${slowRules.join(", ")}` : "";
    return {
      bench: "growth",
      metric: `${m.label} per 4× fleet`,
      value: hi,
      unit: "×",
      note: `${points.map((p) => `${p.scaleSets} sets ${p[m.key].toFixed(0)} ${m.unit}`).join(", ")}; ${a.scaleSets}→${b.scaleSets} ${lo.toFixed(2)}×${superlinear ? "; SUPERLINEAR" : ""}${rules}`,
    };
  });
}

export const growthBench: Benchmark = { name: "growth", description: "api, collector and diagnosis figures at 50/200/800 scale sets and their growth per 4× fleet", run };
