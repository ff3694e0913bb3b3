/**
 * Test wiring shared by the collector integration tests: the simulated fleet (stepped virtual clock) collected over
 * real HTTP by the collector into a PGlite `memory://` store.
 */
import type { RunnerLife } from "@/lib/model";
import { startSimulation, type Simulation, type SimulationOptions } from "@/lib/simulator";
import { openStore, type Store } from "@/lib/store";
import { loadCollectorConfig } from "../config";
import { startCollector, type Collector, type CollectorOptions } from "../runtime";

export interface SimulatedCollector {
  sim: Simulation;
  store: Store;
  collector: Collector;
  /** Every runner life recorded so far (flushes first). */
  allLives(): Promise<RunnerLife[]>;
  stop(): Promise<void>;
}

export interface SimulatedCollectorOptions {
  seed: number;
  clusters?: SimulationOptions["clusters"];
  /** Extra collector environment (merged over the simulator's kubeconfig, GitHub URL and token). */
  env?: Record<string, string>;
  /** Collector options over the test defaults (short backoff and retry delays). */
  collector?: Partial<Omit<CollectorOptions, "store" | "config">>;
  /** Store to collect into (default: a fresh PGlite `memory://`); the caller's store is not closed by `stop()`. */
  store?: Store;
  /** Drive the clock in the background from before the collector starts (see `driveClock`); else the test steps it. */
  drive?: { stepMs: number; pauseMs: number };
}

/** Polls `fn` every 200 ms until it returns a value other than undefined/false; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/**
 * Starts the simulation on a stepped clock (driven by `drive`, or by the test), a memory store and a collector reading
 * the virtual clock. Diagnosis runs only when the test asks (`diagnoseNow`).
 */
export async function startSimulatedCollector(opts: SimulatedCollectorOptions): Promise<SimulatedCollector> {
  const sim = await startSimulation({ seed: opts.seed, clock: { kind: "stepped", start: new Date() }, clusters: opts.clusters });
  const store = opts.store ?? (await openStore({ dir: "memory://" }));
  const config = loadCollectorConfig({
    KUBECONFIG: sim.kubeconfigPath,
    GITHUB_API_URL: sim.github.url,
    GITHUB_TOKEN: sim.github.token,
    RUNNERSCOPE_LISTENER_SCRAPE_SECONDS: "1",
    RUNNERSCOPE_GITHUB_MIN_INTERVAL_SECONDS: "1",
    RUNNERSCOPE_DIAGNOSIS_SECONDS: "3600",
    ...opts.env,
  });
  const stopDriving = opts.drive ? driveClock(sim, opts.drive.stepMs, opts.drive.pauseMs) : () => undefined;
  const collector = await startCollector({ store, config, now: () => sim.clock.now(), backoff: { baseMs: 100, maxMs: 500 }, githubRetryBaseMs: 10, ...opts.collector });
  return {
    sim,
    store,
    collector,
    async allLives() {
      await collector.flush();
      return (await store.listRunnerLives({ from: new Date(0), to: new Date(sim.clock.nowMs() + 86_400_000), limit: 100_000 })).lives;
    },
    async stop() {
      stopDriving();
      await collector.stop();
      await sim.stop();
      if (!opts.store) await store.close();
    },
  };
}

/**
 * Drives the virtual clock in the background: `stepMs` of virtual time every `pauseMs` of real time (the clock is
 * stepped, so simulated durations do not stretch when the machine is busy). Returns a stop function.
 */
export function driveClock(sim: Simulation, stepMs: number, pauseMs: number): () => void {
  let driving = true;
  void (async () => {
    while (driving) {
      await sim.clock.advance(stepMs);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  })();
  return () => {
    driving = false;
  };
}
