/**
 * `sse`: 200 concurrent `/api/stream` clients (plain `fetch` readers) and how long a `publish` takes to reach each.
 * The stream is lib/live/sse.ts's `changeStream` (the body `/api/stream` returns, with its default
 * coalescing) served by a plain node:http server on 127.0.0.1 in this process, and `publish` from lib/live/bus.ts.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { publish } from "@/lib/live/bus";
import { changeStream } from "@/lib/live/sse";
import { percentile, type Benchmark, type BenchOptions, type Figure } from "./types";
import { sleep, waitUntil } from "./timing";
import { readSse } from "@/lib/live/sse-reader";

interface Client {
  /** seq → receive time (performance.now()). */
  got: Map<number, number>;
  hello: boolean;
  abort: AbortController;
  done: Promise<void>;
}

function connect(url: string): Client {
  const abort = new AbortController();
  const c: Client = { got: new Map(), hello: false, abort, done: Promise.resolve() };
  c.done = (async () => {
    const res = await fetch(url, { signal: abort.signal });
    if (!res.body) throw new Error("no body");
    await readSse(res.body, (m) => {
      if (m.event === "hello") c.hello = true;
      if (m.event === "change" && m.id !== undefined) c.got.set(m.id, performance.now());
    });
  })().catch(() => undefined);
  return c;
}

export async function measureSse(clients: number, rounds: number): Promise<{ latencies: number[]; missing: number }> {
  const server = http.createServer((req, res) => {
    const abort = new AbortController();
    req.on("close", () => abort.abort());
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform" });
    Readable.fromWeb(changeStream({ signal: abort.signal }) as Parameters<typeof Readable.fromWeb>[0]).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stream`;
  const list = Array.from({ length: clients }, () => connect(url));
  const latencies: number[] = [];
  let missing = 0;
  try {
    await waitUntil("every client's hello", () => (list.every((c) => c.hello) ? true : undefined), 30_000);
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      publish([{ topic: "fleet", at: new Date().toISOString() }]);
      // the seq this publish got is the highest any client will see for it
      await waitUntil("the change at every client", () => (list.every((c) => c.got.size > r) ? true : undefined), 5000).catch(() => undefined);
      for (const c of list) {
        const entries = [...c.got.entries()].sort((a, b) => a[0] - b[0]);
        const e = entries[r];
        if (!e) {
          missing++;
          continue;
        }
        latencies.push(e[1] - t0);
      }
      await sleep(300);
    }
  } finally {
    for (const c of list) c.abort.abort();
    await Promise.all(list.map((c) => c.done));
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
  return { latencies, missing };
}

async function run(opts: BenchOptions): Promise<Figure[]> {
  const clients = 200;
  const rounds = opts.quick ? 3 : 10;
  const { latencies, missing } = await measureSse(clients, rounds);
  const note = `${clients} clients × ${rounds} publishes; in-process node:http + changeStream with its default coalescing window; ${missing} not received within 5 s`;
  return [
    { bench: "sse", metric: "publish → client p95", value: percentile(latencies, 95) / 1000, unit: "s", target: { op: "<=", value: 2 }, note },
    { bench: "sse", metric: "publish → client max", value: latencies.length ? Math.max(...latencies) / 1000 : Number.NaN, unit: "s", target: { op: "<=", value: 2 }, note: `p50 ${(percentile(latencies, 50) / 1000).toFixed(2)} s` },
  ];
}

export const sseBench: Benchmark = { name: "sse", description: "200 concurrent /api/stream clients receive a publish", run };
