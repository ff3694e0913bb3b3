/**
 * `api`: the fleet overview (`/api/fleet`'s service, getFleetOverview, plus JSON serialisation as the route does)
 * and one scale set's 24 h view, read from a PGlite store seeded with the reference fleet.
 * In-process through the real service code; the HTTP figures through the built server are in `memory`/`ui`'s
 * server run (see bench/server.ts) when `.next/standalone` exists.
 */
import type { Store } from "@/lib/store";
import { getFleetOverview, getScaleSetView } from "@/lib/services";
import { QUICK_FLEET, REFERENCE_FLEET, type Fleet, type FleetShape } from "./fleet";
import { seededStore } from "./reference-store";
import { summarize, timeRuns, type Summary } from "./timing";
import type { Benchmark, BenchOptions, Figure } from "./types";

export interface ApiTimes {
  /** Overview with its inputs re-read every call (the collector writes every 250 ms, so this is the live case). */
  fleet: Summary;
  /** Overview while the store is unchanged (its 2 s input cache hits). */
  fleetCached: Summary;
  view: Summary;
  viewLives: number;
  fleetBytes: number;
}

export const HISTORY = { full: { historyHours: 1, focusHours: 24 }, quick: { historyHours: 1, focusHours: 24 } };

export function apiShape(quick: boolean): FleetShape {
  return quick ? QUICK_FLEET : REFERENCE_FLEET;
}

/** Times the two reads `runs` times each against an open store. */
export async function timeApi(store: Store, fleet: Fleet, runs: number): Promise<ApiTimes> {
  let fleetBytes = 0;
  const fleetMs = await timeRuns(runs, async () => {
    store.version++; // invalidate the overview's input cache, as every collector flush does
    fleetBytes = JSON.stringify(await getFleetOverview(store, { now: new Date() })).length;
  });
  const cachedMs = await timeRuns(runs, async () => JSON.stringify(await getFleetOverview(store, { now: new Date() })));
  let viewLives = 0;
  const viewMs = await timeRuns(Math.max(5, Math.round(runs / 2)), async () => {
    const now = new Date();
    const view = await getScaleSetView(store, fleet.focus.key, { from: new Date(now.getTime() - 24 * 3_600_000), to: now, now });
    if (!view) throw new Error("focus scale set missing from the store");
    viewLives = view.lives.length;
    JSON.stringify(view);
  });
  return { fleet: summarize(fleetMs), fleetCached: summarize(cachedMs), view: summarize(viewMs), viewLives, fleetBytes };
}

async function run(opts: BenchOptions): Promise<Figure[]> {
  const shape = apiShape(opts.quick);
  const seeded = await seededStore(shape, opts.quick ? HISTORY.quick : HISTORY.full, opts.log);
  const store = await seeded.open();
  try {
    const t = await timeApi(store, seeded.fleet, opts.quick ? 10 : 40);
    const fleetNote = `${shape.scaleSets} sets, ${shape.runners.toLocaleString("en-US")} runners; service + JSON in-process, inputs re-read each call; ${Math.round(t.fleetBytes / 1024)} KB`;
    return [
      { bench: "api", metric: "fleet overview p50", value: t.fleet.p50, unit: "ms", target: { op: "<=", value: 50 }, note: fleetNote },
      { bench: "api", metric: "fleet overview p95", value: t.fleet.p95, unit: "ms", target: { op: "<=", value: 100 }, note: fleetNote },
      { bench: "api", metric: "fleet overview p95 (cached inputs)", value: t.fleetCached.p95, unit: "ms", note: "store unchanged since the last read" },
      {
        bench: "api",
        metric: "scale-set 24 h view p95",
        value: t.view.p95,
        unit: "ms",
        target: { op: "<=", value: 200 },
        note: `${t.viewLives.toLocaleString("en-US")} lives, ${Math.round((24 * 3600) / 15).toLocaleString("en-US")} samples (15 s) in the window; p50 ${t.view.p50.toFixed(0)} ms`,
      },
    ];
  } finally {
    await store.close();
  }
}

export const apiBench: Benchmark = { name: "api", description: "fleet overview and 24 h scale-set view latency on the seeded reference fleet", run };
