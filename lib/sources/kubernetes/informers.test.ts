import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulation, type Simulation } from "@/lib/simulator";
import { HealthRegistry } from "@/lib/collector/health";
import { loadClusterConfigs } from "./kubeconfigs";
import { kubeHealthId, startClusterWatch, type ClusterWatch, type KubeRelist, type KubeWatchEvent } from "./informers";

let sim: Simulation;
let watch: ClusterWatch;
const health = new HealthRegistry();
const events: KubeWatchEvent[] = [];
const relists: KubeRelist[] = [];

async function until(what: string, fn: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  sim = await startSimulation({ seed: 3, clock: { kind: "stepped", start: new Date("2026-11-22T10:00:00Z") }, clusters: [{ name: "sim-east", arc: "0.14", scenarios: ["healthy"] }] });
  await sim.clock.advance(20_000);
  const [cluster] = loadClusterConfigs({ kubeconfigPath: sim.kubeconfigPath });
  watch = startClusterWatch({ cluster: cluster!, health, backoff: { baseMs: 50, maxMs: 200 }, onEvent: (e) => events.push(e), onRelist: (r) => relists.push(r) });
  await watch.ready();
}, 60_000);

afterAll(async () => {
  await watch?.stop();
  await sim?.stop();
});

describe("cluster informers", () => {
  it("lists every ARC kind, ARC pods and events, and caches them", () => {
    const kinds = new Set(relists.map((r) => r.resource));
    expect([...kinds].sort()).toEqual(["arc-pods", "autoscalinglisteners", "autoscalingrunnersets", "ephemeralrunners", "ephemeralrunnersets", "events", "workflow-pods"]);
    expect(watch.list("autoscalingrunnersets").length).toBeGreaterThan(0);
    expect(watch.list("arc-pods").some((p) => p.metadata?.labels?.["app.kubernetes.io/component"] === "runner-scale-set-listener")).toBe(true);
    expect(health.get(kubeHealthId("sim-east"))?.state).toBe("ok");
  });

  it("delivers watch events as the fleet changes", async () => {
    const before = events.length;
    await sim.clock.advance(30_000);
    await until("watch events", () => events.slice(before).some((e) => e.resource === "ephemeralrunners"));
  });

  it("re-lists after 410 Gone", async () => {
    const before = relists.filter((r) => r.resource === "ephemeralrunners").length;
    sim.clusters[0]!.faults.failNext(410, 1, "ephemeralrunners");
    sim.clusters[0]!.faults.dropWatches();
    await until("a fresh list", () => relists.filter((r) => r.resource === "ephemeralrunners").length > before);
  });

  it("restarts after 500s with backoff, degrading the source meanwhile, then recovers", async () => {
    const states: string[] = [];
    const off = health.onChange((h) => states.push(h.state));
    sim.clusters[0]!.faults.failNext(500, 3, "ephemeralrunners");
    sim.clusters[0]!.faults.dropWatches();
    await until("recovered", () => states.includes("degraded") && health.get(kubeHealthId("sim-east"))?.state === "ok");
    off();
    const before = events.length;
    await sim.clock.advance(30_000);
    await until("events after recovery", () => events.slice(before).some((e) => e.resource === "ephemeralrunners"));
  });
});
