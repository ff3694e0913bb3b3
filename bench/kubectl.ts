/**
 * `kubectl`: the manual triage engineer's first three commands against the generated fleet (served by simulated
 * API servers, one per cluster, every command run once per cluster context as a person would) versus Runnerscope's
 * answer to "which scale sets are unhealthy and why" (getFleetOverview + JSON, after the collector synced the same
 * fleet and ran one diagnosis round).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { openStore } from "@/lib/store";
import { loadCollectorConfig } from "@/lib/collector/config";
import { startCollector } from "@/lib/collector/runtime";
import { getFleetOverview } from "@/lib/services";
import { QUICK_FLEET, REFERENCE_FLEET } from "./fleet";
import { startFleetApi } from "./kube-fleet-process";
import { benchTempDir } from "./reference-store";
import { summarize, timeRuns, waitUntil } from "./timing";
import { percentile, type Benchmark, type BenchOptions, type Figure } from "./types";

const run$ = promisify(execFile);

export const TRIAGE_COMMANDS: readonly string[][] = [
  ["get", "ephemeralrunners", "-A", "-o", "json"],
  ["get", "pods", "-A", "-l", "app.kubernetes.io/component=runner", "-o", "json"],
  ["get", "events", "-A", "-o", "json"],
];

async function run(opts: BenchOptions): Promise<Figure[]> {
  const shape = opts.quick ? QUICK_FLEET : REFERENCE_FLEET;
  const api = await startFleetApi(shape);
  const store = await openStore({ dir: path.join(benchTempDir("kubectl"), "pglite") });
  const collector = await startCollector({ store, config: loadCollectorConfig({ KUBECONFIG: api.kubeconfigPath, RUNNERSCOPE_DIAGNOSIS_SECONDS: "3600" }) });
  try {
    const env = { ...process.env, KUBECONFIG: api.kubeconfigPath };
    const cacheDir = benchTempDir("kubectl-cache");
    const perCommand: number[] = [];
    let bytes = 0;
    for (const cmd of TRIAGE_COMMANDS) {
      // median of 3 (discovery cached after the first), summed over the clusters
      const runs = await timeRuns(
        opts.quick ? 1 : 3,
        async () => {
          for (const c of api.clusters) {
            const { stdout } = await run$("kubectl", ["--context", c.name, "--cache-dir", cacheDir, ...cmd], { env, maxBuffer: 1 << 30 });
            bytes += stdout.length;
          }
        },
        0,
      );
      perCommand.push(percentile(runs, 50));
    }
    const kubectlMs = perCommand.reduce((a, b) => a + b, 0);
    opts.log(`kubectl: ${perCommand.map((ms, i) => `${TRIAGE_COMMANDS[i]![1]} ${(ms / 1000).toFixed(2)} s`).join(", ")}; ${Math.round(bytes / 3 / 1024 / 1024)} MB of JSON to read`);

    await waitUntil("the collector to store the fleet", async () => ((await store.countCurrentRunners()).reduce((a, c) => a + c.count, 0) >= shape.runners ? true : undefined), 180_000, 250);
    await collector.diagnoseNow();
    const rs = summarize(
      await timeRuns(20, async () => {
        store.version++;
        JSON.stringify(await getFleetOverview(store, { now: new Date() }));
      }),
    );
    const fleet = `${shape.scaleSets} sets, ${shape.runners.toLocaleString("en-US")} runners, ${api.clusters.length} clusters`;
    return [
      { bench: "kubectl", metric: "kubectl: 3 triage commands", value: kubectlMs / 1000, unit: "s", note: `${perCommand.map((ms, i) => `${TRIAGE_COMMANDS[i]![1]} ${(ms / 1000).toFixed(2)} s`).join(", ")} (× ${api.clusters.length} contexts); ${fleet}; then still to read and correlate` },
      { bench: "kubectl", metric: "Runnerscope: unhealthy sets and why", value: rs.p50, unit: "ms", note: `getFleetOverview + JSON p50 (p95 ${rs.p95.toFixed(0)} ms), same fleet, inputs re-read each call` },
      { bench: "kubectl", metric: "kubectl / Runnerscope", value: kubectlMs / rs.p50, unit: "×", note: "wall time ratio" },
    ];
  } finally {
    await collector.stop();
    await store.close();
    await api.stop();
  }
}

export const kubectlBench: Benchmark = { name: "kubectl", description: "kubectl triage commands vs Runnerscope's fleet answer on the same fleet", run };
