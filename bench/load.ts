/**
 * `load`: autocannon on loopback against the built app's JSON API while its collector follows the simulated fleet
 * (the app as `npm run demo` runs it). Each endpoint in turn at a fixed rate: 50 req/s over 10 connections for 30 s
 * (`--quick`: 2 s). Figures per endpoint: achieved req/s, p50/p99 latency, errors (target 0), non-2xx (target 0).
 */
import { createRequire } from "node:module";
import { startLiveApp } from "./live-app";
import type { Benchmark, BenchOptions, Figure } from "./types";

const RATE = 50;
const CONNECTIONS = 10;

/** The part of autocannon's result this benchmark reads (autocannon ships no types). */
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
type Cannon = (opts: { url: string; connections: number; overallRate: number; duration: number }, cb: (err: unknown, res: CannonResult) => void) => unknown;

const autocannon = createRequire(import.meta.url)("autocannon") as Cannon;

function fire(url: string, durationS: number): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, overallRate: RATE, duration: durationS }, (err, res) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(res)));
  });
}

async function run(opts: BenchOptions): Promise<Figure[]> {
  const durationS = opts.quick ? 2 : 30;
  const app = await startLiveApp(opts.log);
  try {
    const set = app.scaleSets[0];
    if (!set) throw new Error("the simulated fleet has no scale set");
    const endpoints: Record<string, string> = {
      "/api/fleet": "/api/fleet",
      "/api/scale-sets/…": `/api/scale-sets/${encodeURIComponent(set.cluster)}/${encodeURIComponent(set.namespace)}/${encodeURIComponent(set.name)}`,
      "/api/sources": "/api/sources",
    };
    // first requests compile and cache the routes: warm every endpoint before measuring
    for (const path of Object.values(endpoints)) for (let i = 0; i < 10; i++) await fetch(`${app.server.url}${path}`).then((r) => r.arrayBuffer());
    const figures: Figure[] = [];
    for (const [label, path] of Object.entries(endpoints)) {
      opts.log(`load: ${label} at ${RATE} req/s for ${durationS} s`);
      const r = await fire(`${app.server.url}${path}`, durationS);
      const note = `${RATE} req/s offered over ${CONNECTIONS} connections for ${durationS} s, loopback, collector live against the simulated fleet; ${r.requests.total} requests`;
      figures.push(
        { bench: "load", metric: `${label} achieved rate`, value: r.requests.average, unit: "req/s", target: { op: ">=", value: RATE * 0.95 }, note },
        { bench: "load", metric: `${label} p50 latency`, value: r.latency.p50, unit: "ms" },
        { bench: "load", metric: `${label} p99 latency`, value: r.latency.p99, unit: "ms", note: `max ${r.latency.max} ms` },
        { bench: "load", metric: `${label} errors`, value: r.errors + r.timeouts, unit: "count", target: { op: "<=", value: 0 }, note: `${r.timeouts} timeouts` },
        { bench: "load", metric: `${label} non-2xx`, value: r.non2xx, unit: "count", target: { op: "<=", value: 0 } },
      );
    }
    return figures;
  } finally {
    await app.stop();
  }
}

export const loadBench: Benchmark = { name: "load", description: "autocannon at 50 req/s on /api/fleet, /api/scale-sets/…, /api/sources of the built app", run };
