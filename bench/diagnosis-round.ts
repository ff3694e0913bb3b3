/**
 * `diagnosis-round`: one `diagnose()` round (every rule, snapshot already built) at 50, 200 and 800 scale sets
 * (`--quick`: 5, 20, 80), median of 3 after one warm-up round, and its growth per 4× fleet; the slowest rules at the largest size are
 * named in the note. Snapshots are built from a seeded store the way `growth` builds them (15 min of history).
 * Targets: ≤ 300 ms at 200 sets and ≤ 5× per 4× fleet (linear, with room for noise).
 */
import path from "node:path";
import { openStore } from "@/lib/store";
import { buildSnapshot } from "@/lib/services/snapshot";
import { diagnose } from "@/lib/diagnosis/engine";
import { allRules } from "@/lib/diagnosis/rules";
import type { FleetSnapshot } from "@/lib/model";
import { generateFleet, QUICK_FLEET, REFERENCE_FLEET, scaleFleet, type FleetShape } from "./fleet";
import { growthPer4x } from "./growth";
import { benchTempDir } from "./reference-store";
import { seedStore } from "./seed";
import type { Benchmark, BenchOptions, Figure } from "./types";

const RUNS = 3;

const median = (ms: readonly number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] ?? Number.NaN;

function timed(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function snapshotOf(shape: FleetShape): Promise<{ snapshot: FleetSnapshot; now: Date }> {
  const fleet = generateFleet(shape, { now: new Date() });
  const store = await openStore({ dir: path.join(benchTempDir("diagnosis-round"), "pglite") });
  try {
    await seedStore(store, fleet, { historyHours: 0.25, focusHours: 1 });
    const now = new Date();
    return { snapshot: await buildSnapshot(store, { now, window: 3_600_000 }), now };
  } finally {
    await store.close();
  }
}

/** Median round time and each rule's median time (a rule alone: its own round, index included). */
function measure(snapshot: FleetSnapshot, now: Date): { round: number; rules: Record<string, number> } {
  // one untimed round: the collector runs a round every 5 s, so steady state is warm
  diagnose(snapshot, { now });
  const round = median(Array.from({ length: RUNS }, () => timed(() => diagnose(snapshot, { now }))));
  const rules = Object.fromEntries(allRules.map((rule) => [rule.id, median(Array.from({ length: RUNS }, () => timed(() => diagnose(snapshot, { now }, [rule]))))]));
  return { round, rules };
}

async function run(opts: BenchOptions): Promise<Figure[]> {
  const base = opts.quick ? QUICK_FLEET : REFERENCE_FLEET;
  const sizes = opts.quick ? [5, 20, 80] : [50, 200, 800];
  const points: { sets: number; round: number; rules: Record<string, number> }[] = [];
  for (const n of sizes) {
    const { snapshot, now } = await snapshotOf(scaleFleet(base, n));
    const m = measure(snapshot, now);
    opts.log(`${n} sets: diagnosis round ${m.round.toFixed(1)} ms`);
    points.push({ sets: n, ...m });
  }
  const [a, b, c] = points as [(typeof points)[0], (typeof points)[0], (typeof points)[0]];
  const slowest = Object.entries(c.rules)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 5)
    .map(([id, ms]) => `${id} ${ms.toFixed(0)} ms`)
    .join(", ");
  const sizesNote = points.map((p) => `${p.sets} sets ${p.round.toFixed(0)} ms`).join(", ");
  return [
    { bench: "diagnosis-round", metric: `diagnosis round at ${b.sets} sets`, value: b.round, unit: "ms", target: opts.quick ? undefined : { op: "<=", value: 300 }, note: sizesNote },
    {
      bench: "diagnosis-round",
      metric: "diagnosis round per 4× fleet",
      value: growthPer4x(b.round, c.round, c.sets / b.sets),
      unit: "×",
      target: { op: "<=", value: 5 },
      note: `${a.sets}→${b.sets} ${growthPer4x(a.round, b.round, b.sets / a.sets).toFixed(2)}×; slowest rules at ${c.sets} sets: ${slowest}`,
    },
  ];
}

export const diagnosisRoundBench: Benchmark = { name: "diagnosis-round", description: "one diagnose() round at 50/200/800 scale sets and its growth per 4× fleet", run };
