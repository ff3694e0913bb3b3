/**
 * The built dashboard (`.next/standalone/server.js`) with its collector live against the simulated fleet, as
 * `npm run demo` runs it: `startSimulation()` (default clusters, real-time clock) + the standalone server pointed at
 * it through the generated kubeconfig and the simulated GitHub. Used by the load and SSE soak benchmarks.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startSimulation, type Simulation } from "@/lib/simulator";
import { startServer, standaloneDir, type BenchServer } from "./server";
import { waitUntil } from "./timing";

export interface LiveApp {
  sim: Simulation;
  server: BenchServer;
  /** `cluster/namespace/name` of every simulated scale set. */
  scaleSets: { cluster: string; namespace: string; name: string }[];
  stop(): Promise<void>;
}

export async function startLiveApp(log: (msg: string) => void): Promise<LiveApp> {
  standaloneDir(); // throws "run `npm run build` first" before anything starts
  const dir = await mkdtemp(path.join(tmpdir(), "runnerscope-bench-live-"));
  const sim = await startSimulation({ seed: 42 });
  let server: BenchServer | undefined;
  try {
    server = await startServer({
      DATABASE_URL: "", // embedded PGlite in a fresh directory, never a shared database
      RUNNERSCOPE_DATA_DIR: path.join(dir, "pglite"),
      KUBECONFIG: sim.kubeconfigPath,
      GITHUB_API_URL: sim.github.url,
      GITHUB_TOKEN: sim.github.token,
      GITHUB_ORGS: sim.github.orgs.join(","),
      RUNNERSCOPE_SIMULATED: "1",
    });
    const url = server.url;
    log(`live app at ${url} (pid ${server.pid}), fleet ${sim.clusters.map((c) => c.name).join(", ")}`);
    const scaleSets = Object.values(sim.groundTruth().scaleSets).map(({ cluster, namespace, name }) => ({ cluster, namespace, name }));
    // the first lists land and are flushed: every scale set is served before measuring
    await waitUntil(
      "the collector to store every scale set",
      async () => {
        const res = await fetch(`${url}/api/fleet`);
        if (!res.ok) return undefined;
        const body = (await res.json()) as { totals?: { scaleSets?: number } };
        return (body.totals?.scaleSets ?? 0) >= scaleSets.length ? true : undefined;
      },
      60_000,
      500,
    );
    const running = server;
    return {
      sim,
      server: running,
      scaleSets,
      async stop() {
        await running.stop();
        await sim.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await server?.stop();
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
