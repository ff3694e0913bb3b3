/**
 * Child process for the collector and kubectl benchmarks: serves the generated fleet from one simulated Kubernetes
 * API server per cluster and churns it on request, on its own event loop and core so the collector being measured
 * does not pay for the API server. Spawned by bench/kube-fleet-process.ts; talks over the IPC channel.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { VirtualClock } from "@/lib/simulator/clock";
import { writeKubeconfig } from "@/lib/simulator/kubeconfig";
import { createPodLogs } from "@/lib/simulator/kube/pod-logs";
import { startKubeApiServer, type KubeApiServer } from "@/lib/simulator/kube/server";
import { createKubeStore, type KubeStoreImpl } from "@/lib/simulator/kube/store";
import { generateFleet, type FleetShape } from "./fleet";
import { churn, populateCluster, type KubeSet, type LifeMarks } from "./kube-fleet";

export type ToChild = { type: "churn"; ratePerSec: number; durationMs: number } | { type: "stop" };
export type FromChild =
  | { type: "ready"; kubeconfigPath: string; clusters: { name: string; url: string }[]; objects: number }
  | { type: "churned"; changes: number; wallMs: number; marks: LifeMarks[] }
  | { type: "error"; message: string };

const send = (m: FromChild) => process.send?.(m);

async function main(): Promise<void> {
  const { shape, seed } = JSON.parse(process.env.BENCH_FLEET ?? "{}") as { shape: FleetShape; seed?: number };
  const fleet = generateFleet(shape, { now: new Date(), seed });
  const clock = new VirtualClock({ kind: "realtime" });
  const dir = mkdtempSync(path.join(tmpdir(), "runnerscope-bench-kube-"));
  const clusters: { name: string; store: KubeStoreImpl; server: KubeApiServer; sets: KubeSet[] }[] = [];
  let objects = 0;
  for (const c of fleet.clusters) {
    // history large enough that a watch never falls out of it during a churn burst
    const store = createKubeStore(clock, { historySize: 200_000, seed: clusters.length + 1 });
    const logs = createPodLogs(clock);
    const populated = populateCluster(store, fleet, c.name);
    objects += populated.objects;
    const server = await startKubeApiServer({ store, logs, clock, bookmarkIntervalMs: 60_000 });
    clusters.push({ name: c.name, store, server, sets: populated.sets });
  }
  const kubeconfigPath = path.join(dir, "kubeconfig.yaml");
  await writeKubeconfig(kubeconfigPath, clusters.map((c) => ({ name: c.name, url: c.server.url })));
  const stop = async () => {
    await Promise.all(clusters.map((c) => c.server.close()));
    clock.stop();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on("message", (raw) => {
    const m = raw as ToChild;
    if (m.type === "stop") void stop();
    else if (m.type === "churn") {
      void Promise.all(clusters.map((c) => churn(c.store, c.sets, { ratePerSec: m.ratePerSec / clusters.length, durationMs: m.durationMs })))
        .then((rs) => send({ type: "churned", changes: rs.reduce((a, r) => a + r.changes, 0), wallMs: Math.max(...rs.map((r) => r.wallMs)), marks: rs.flatMap((r) => r.marks) }))
        .catch((e: unknown) => send({ type: "error", message: e instanceof Error ? e.message : String(e) }));
    }
  });
  process.on("disconnect", () => void stop());
  send({ type: "ready", kubeconfigPath, clusters: clusters.map((c) => ({ name: c.name, url: c.server.url })), objects });
}

main().catch((e: unknown) => {
  send({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  process.exit(1);
});
