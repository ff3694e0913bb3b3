import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, rowsOf, type Store } from "@/lib/store";
import { findPostgresBin, startPrivatePostgres, type PrivatePostgres } from "./testing/private-postgres";
import { driveClock, startSimulatedCollector, waitFor, type SimulatedCollector } from "./testing/simulated-collector";

/**
 * PostgreSQL restarted while the collector writes: a PRIVATE server (initdb into a temp dir, random port) so the
 * shared test database is not disturbed. The fleet keeps producing short runner lives (empty JIT secret: 1–2 s
 * each) while the server is down; afterwards every life the API showed is recorded exactly once.
 */

const bin = findPostgresBin();
if (!bin) {
  // never skipped: `npm test` installs PostgreSQL (scripts/ensure-test-deps.sh)
  throw new Error("postgres-restart: initdb not found (looked in /usr/lib/postgresql/*/bin and pg_config --bindir); install postgresql");
}

let pg: PrivatePostgres;
let store: Store;
let h: SimulatedCollector;
let stopClock: () => void;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

async function rowsPerUid(): Promise<Map<string, number>> {
  const res = await store.db.execute(sql`select uid, count(*)::int as n from runner_lives group by uid`);
  return new Map(rowsOf(res).map((r) => [String((r as { uid: unknown }).uid), Number((r as { n: unknown }).n)]));
}

describe("collector with PostgreSQL restarted mid-collection", () => {
  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    process.on("uncaughtException", onUnhandled);
    pg = await startPrivatePostgres(bin!);
    store = await openStore({ url: pg.url });
    h = await startSimulatedCollector({ seed: 31, clusters: [{ name: "sim-west", arc: "0.13", scenarios: ["empty-jit-secret", "healthy"] }], store });
    stopClock = driveClock(h.sim, 250, 25);
    await waitFor("lives before the restart", async () => (await h.allLives()).length > 10, 30_000);
  }, 90_000);

  afterAll(async () => {
    stopClock?.();
    await h?.stop();
    await store?.close().catch(() => undefined);
    pg?.stop();
    process.off("unhandledRejection", onUnhandled);
    process.off("uncaughtException", onUnhandled);
  });

  it("survives two restarts: writes fail while down, are retried, every life recorded exactly once", async () => {
    const failuresBefore = h.collector.stats().buffer.failures;
    for (let i = 0; i < 2; i++) {
      await pg.restart(2_000); // 2 s down ≈ 20 s of fleet time at the test's 10× clock: dozens of lives end meanwhile
      await waitFor("store writes ok again", async () => {
        await h.collector.flush();
        return h.collector.health().find((x) => x.id === "store")?.state === "ok";
      }, 20_000);
    }
    // the outage was felt (writes failed) and reported on the store source, then cleared
    expect(h.collector.stats().buffer.failures).toBeGreaterThan(failuresBefore);
    await waitFor("every seen runner recorded", async () => {
      await h.collector.flush();
      const rows = await rowsPerUid();
      return [...h.collector.seenRunnerUids()].every((u) => rows.has(u));
    }, 20_000);
    const rows = await rowsPerUid();
    const seen = [...h.collector.seenRunnerUids()];
    expect(seen.length).toBeGreaterThan(30);
    expect(seen.filter((u) => rows.get(u) !== 1)).toEqual([]);
    const lives = await h.allLives();
    const names = lives.map((l) => `${l.cluster}/${l.namespace}/${l.name}`);
    expect(names.length - new Set(names).size).toBe(0);
    // finished lives written across the outage keep their ending (not stuck "running")
    expect(lives.filter((l) => l.scaleSet === "deskrun" && l.outcome === "no-job-exit").length).toBeGreaterThan(10);
    // Nothing may escape as an uncaught error: without this test's listener an 'error' event nobody handles (e.g. a
    // pg Pool's idle client killed by the restart) terminates the Node.js process.
    expect(unhandled.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))), "uncaught errors (the process would have crashed)").toEqual([]);
  });
});
