import { afterAll, describe, expect, it } from "vitest";
import { VirtualClock } from "@/lib/simulator/clock";
import { createKubeStore } from "@/lib/simulator/kube/store";
import { RT } from "@/lib/simulator/arc/resources";
import { generateFleet, QUICK_FLEET } from "./fleet";
import { CHANGES_PER_LIFE, churn, populateCluster } from "./kube-fleet";

const clock = new VirtualClock({ kind: "realtime" });
afterAll(() => clock.stop());

describe("the fleet in a simulated API server", () => {
  it("creates each cluster's sets and runners as ARC objects", () => {
    const fleet = generateFleet(QUICK_FLEET, { now: new Date() });
    const store = createKubeStore(clock);
    const cluster = fleet.clusters[0]!.name;
    const { sets } = populateCluster(store, fleet, cluster);
    const runners = fleet.runners.filter((r) => r.cluster === cluster);
    expect(sets.length).toBe(fleet.sets.filter((s) => s.key.cluster === cluster).length);
    expect(store.list(RT.er)).toHaveLength(runners.length);
    expect(store.list(RT.pod, "arc-runners", "app.kubernetes.io/component=runner")).toHaveLength(runners.length);
    expect(store.list(RT.ars).map((o) => o.metadata.name).sort()).toEqual(sets.map((s) => s.set.key.name).sort());
  });

  it("churns lives through their whole lifecycle at the asked rate and cleans them up", async () => {
    const fleet = generateFleet(QUICK_FLEET, { now: new Date() });
    const store = createKubeStore(clock);
    const { sets } = populateCluster(store, fleet, fleet.clusters[0]!.name);
    const before = store.list(RT.er).length;
    const changes: string[] = [];
    const stop = store.watch(RT.er, undefined, String(store.resourceVersion()), (e) => changes.push(e.type));
    const res = await churn(store, sets, { ratePerSec: 500, durationMs: 400 });
    stop();
    expect(res.marks.length).toBeGreaterThan(5);
    expect(res.changes).toBe(res.marks.length * CHANGES_PER_LIFE);
    expect(res.marks.every((m) => m.ended !== undefined && m.ended >= m.created)).toBe(true);
    expect(store.list(RT.er)).toHaveLength(before);
    expect(changes.filter((t) => t === "ADDED")).toHaveLength(res.marks.length);
    expect(changes.filter((t) => t === "DELETED")).toHaveLength(res.marks.length);
  });
});
