/**
 * One seeded PGlite directory per fleet shape and process: the api, memory and ui benchmarks open the same data
 * (seeding the reference fleet takes ~30 s, so it is done once). Removed when the process exits.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore, type Store } from "@/lib/store";
import { generateFleet, type Fleet, type FleetShape } from "./fleet";
import { seedStore, type SeedCounts, type SeedOptions } from "./seed";

export interface SeededStore {
  dir: string;
  fleet: Fleet;
  counts: SeedCounts;
  seedMs: number;
  /** Opens the seeded store (PGlite allows one process at a time: close it before a server opens the dir). */
  open(): Promise<Store>;
}

const cache = new Map<string, Promise<SeededStore>>();
const dirs: string[] = [];
process.once("exit", () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

export function benchTempDir(prefix: string): string {
  const d = mkdtempSync(path.join(tmpdir(), `runnerscope-bench-${prefix}-`));
  dirs.push(d);
  return d;
}

export function seededStore(shape: FleetShape, seed: Omit<SeedOptions, "log">, log: (m: string) => void): Promise<SeededStore> {
  const id = JSON.stringify([shape, seed]);
  let hit = cache.get(id);
  if (!hit) {
    hit = (async () => {
      const dir = path.join(benchTempDir("store"), "pglite");
      const fleet = generateFleet(shape, { now: new Date() });
      const store = await openStore({ dir });
      const t0 = performance.now();
      try {
        const counts = await seedStore(store, fleet, { ...seed, log });
        const seedMs = performance.now() - t0;
        log(`seeded ${counts.lives.toLocaleString("en-US")} lives, ${counts.samples.toLocaleString("en-US")} samples, ${counts.events.toLocaleString("en-US")} events, ${counts.jobs.toLocaleString("en-US")} jobs in ${(seedMs / 1000).toFixed(1)} s`);
        return { dir, fleet, counts, seedMs, open: () => openStore({ dir }) };
      } finally {
        await store.close();
      }
    })();
    hit.catch(() => cache.delete(id));
    cache.set(id, hit);
  }
  return hit;
}
