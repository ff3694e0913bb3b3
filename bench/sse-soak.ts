/**
 * `sse-soak`: 200 concurrent `/api/stream` clients held on the built app (collector live against the simulated
 * fleet, which keeps changing) for 10 minutes (`--quick`: 60 s). Every 5 s a probe change is made on the fleet
 * (an EphemeralRunner status patch in the simulated API server); its update delay at a client is the time until the
 * first `change` event naming that scale set. Figures: server RSS at start/end and growth (target: flat, i.e.
 * < 50 MB absolute — the % is noted), clients disconnected (target 0), p95/max update delay (target ≤ 2 s).
 */
import { percentile, type Benchmark, type BenchOptions, type Figure } from "./types";
import { startLiveApp } from "./live-app";
import { sleep, waitUntil } from "./timing";
import { RT, RUNNER_NS } from "@/lib/simulator/arc/resources";
import { LABEL } from "@/lib/model/arc-labels";
import type { KubeObject } from "@/lib/simulator/kube/types";
import { readSse } from "@/lib/live/sse-reader";

const CLIENTS = 200;
const PROBE_EVERY_MS = 5_000;
const PROBE_TIMEOUT_MS = 15_000;
const GROWTH_TARGET_MB = 50;

interface Client {
  hello: boolean;
  /** Receive time (performance.now()) and scale-set keys of every change event. */
  changes: { at: number; keys: string[] }[];
  /** The stream ended or failed while the benchmark still held it. */
  dropped: boolean;
  abort: AbortController;
  done: Promise<void>;
}

function connect(url: string): Client {
  const abort = new AbortController();
  const c: Client = { hello: false, changes: [], dropped: false, abort, done: Promise.resolve() };
  c.done = (async () => {
    try {
      const res = await fetch(url, { signal: abort.signal });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      await readSse(res.body, (m) => {
        if (m.event === "hello") c.hello = true;
        if (m.event === "change") c.changes.push({ at: performance.now(), keys: m.data ? ((JSON.parse(m.data) as { keys?: string[] }).keys ?? []) : [] });
      });
      if (!abort.signal.aborted) c.dropped = true;
    } catch {
      if (!abort.signal.aborted) c.dropped = true;
    }
  })();
  return c;
}

async function run(opts: BenchOptions): Promise<Figure[]> {
  const durationMs = opts.quick ? 60_000 : 600_000;
  const app = await startLiveApp(opts.log);
  const clients = Array.from({ length: CLIENTS }, () => connect(`${app.server.url}/api/stream`));
  try {
    await waitUntil("every client's hello", () => (clients.every((c) => c.hello) ? true : undefined), 60_000, 100);
    await sleep(5_000); // connection setup garbage settles before the baseline
    const rssStart = app.server.rssMb();
    let rssMax = rssStart;
    opts.log(`sse-soak: ${CLIENTS} clients connected, RSS ${rssStart.toFixed(0)} MB; holding for ${durationMs / 1000} s`);
    const cluster = app.sim.clusters[0]!;
    const delays: number[] = [];
    let missed = 0;
    let probes = 0;
    const end = performance.now() + durationMs;
    while (performance.now() < end) {
      const er = cluster.store.list<KubeObject>(RT.er, RUNNER_NS)[0];
      if (er) {
        const key = `${cluster.name}/${RUNNER_NS}/${er.metadata.labels?.[LABEL.scaleSetName] ?? ""}`;
        const t0 = performance.now();
        cluster.store.patch<KubeObject>(RT.er, RUNNER_NS, er.metadata.name, (o) => {
          o.metadata.annotations = { ...o.metadata.annotations, "runnerscope.bench/probe": String(probes) };
        });
        probes++;
        const seen = (c: Client) => c.changes.find((x) => x.at >= t0 && x.keys.includes(key));
        await waitUntil("the probe at every client", () => (clients.every((c) => seen(c) || c.dropped) ? true : undefined), PROBE_TIMEOUT_MS, 20).catch(() => undefined);
        for (const c of clients) {
          const got = seen(c);
          if (got) delays.push(got.at - t0);
          else missed++;
        }
      }
      rssMax = Math.max(rssMax, app.server.rssMb());
      for (const c of clients) c.changes = c.changes.filter((x) => x.at > performance.now() - 60_000); // bounded memory here
      await sleep(Math.max(0, Math.min(PROBE_EVERY_MS, end - performance.now())));
    }
    const rssEnd = app.server.rssMb();
    const growth = rssEnd - rssStart;
    const dropped = clients.filter((c) => c.dropped).length;
    const note = `${CLIENTS} clients held ${durationMs / 1000} s on the built app, collector live on the simulated fleet; ${probes} probes, ${missed} client×probe not delivered within ${PROBE_TIMEOUT_MS / 1000} s`;
    return [
      { bench: "sse-soak", metric: "server RSS at start", value: rssStart, unit: "MB", note },
      { bench: "sse-soak", metric: "server RSS at end", value: rssEnd, unit: "MB", note: `max ${rssMax.toFixed(0)} MB during the soak` },
      { bench: "sse-soak", metric: "server RSS growth", value: growth, unit: "MB", target: { op: "<=", value: GROWTH_TARGET_MB }, note: `flat = < ${GROWTH_TARGET_MB} MB; ${((growth / rssStart) * 100).toFixed(1)} % of the start` },
      { bench: "sse-soak", metric: "clients disconnected", value: dropped, unit: "count", target: { op: "<=", value: 0 } },
      { bench: "sse-soak", metric: "updates not delivered", value: missed, unit: "count", target: { op: "<=", value: 0 } },
      { bench: "sse-soak", metric: "update delay p95", value: percentile(delays, 95) / 1000, unit: "s", target: { op: "<=", value: 2 } },
      { bench: "sse-soak", metric: "update delay max", value: delays.length ? Math.max(...delays) / 1000 : Number.NaN, unit: "s", target: { op: "<=", value: 2 }, note: `p50 ${(percentile(delays, 50) / 1000).toFixed(2)} s; fleet change → change event naming its scale set` },
    ];
  } finally {
    for (const c of clients) c.abort.abort();
    await Promise.all(clients.map((c) => c.done));
    await app.stop();
  }
}

export const sseSoakBench: Benchmark = { name: "sse-soak", description: "200 /api/stream clients held on the built app while the fleet changes", run };
