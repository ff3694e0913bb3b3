import { afterEach, describe, expect, it } from "vitest";
import { VirtualClock } from "@/lib/simulator/clock";
import { RESOURCE } from "./resources";
import { createKubeStore, KubeStoreError, type StoreWatchEvent } from "./store";
import { ephemeralRunnerFixture } from "./test-cluster";
import type { KubeObject } from "./types";

const clocks: VirtualClock[] = [];
function newStore(opts: { historySize?: number; seed?: number } = {}) {
  const clock = new VirtualClock({ kind: "stepped", start: new Date("2026-11-22T12:00:00.750Z") });
  clocks.push(clock);
  return { clock, store: createKubeStore(clock, opts) };
}
afterEach(() => {
  for (const c of clocks.splice(0)) c.stop();
});

function er(name: string, extra: Partial<KubeObject["metadata"]> = {}): KubeObject {
  const o = ephemeralRunnerFixture("arc", name);
  o.metadata = { ...o.metadata, ...extra };
  return o;
}

describe("createKubeStore", () => {
  it("fills uid, resourceVersion, creationTimestamp (no fraction) and resolves generateName like k8s", () => {
    const { store } = newStore();
    const created = store.create(RESOURCE.ephemeralrunners, er("", { generateName: "set-a-kd8xq-runner-" }));
    expect(created.metadata.name).toMatch(/^set-a-kd8xq-runner-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(created.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.metadata.creationTimestamp).toBe("2026-11-22T12:00:00Z");
    expect(created.metadata.resourceVersion).toBe("1");
    expect(store.resourceVersion()).toBe("1");
  });

  it("is reproducible for the same seed", () => {
    const a = newStore({ seed: 7 }).store.create(RESOURCE.pods, er("", { generateName: "p-" }));
    const b = newStore({ seed: 7 }).store.create(RESOURCE.pods, er("", { generateName: "p-" }));
    expect([a.metadata.name, a.metadata.uid]).toEqual([b.metadata.name, b.metadata.uid]);
  });

  it("shares one increasing resourceVersion across types and rejects duplicates", () => {
    const { store } = newStore();
    store.create(RESOURCE.ephemeralrunners, er("a"));
    store.create(RESOURCE.pods, er("a"));
    expect(store.update(RESOURCE.ephemeralrunners, { ...er("a"), status: { phase: "Running" } }).metadata.resourceVersion).toBe("3");
    expect(() => store.create(RESOURCE.pods, er("a"))).toThrow(KubeStoreError);
    expect(() => store.update(RESOURCE.pods, er("missing"))).toThrow(/not found/);
  });

  it("keeps uid/creationTimestamp on update and bumps generation only for spec changes", async () => {
    const { store, clock } = newStore();
    const created = store.create(RESOURCE.ephemeralrunners, er("a"));
    await clock.advance(60_000);
    const statusOnly = store.patch<KubeObject>(RESOURCE.ephemeralrunners, "arc", "a", (o) => {
      o.status = { phase: "Running" };
      o.metadata.uid = "forged";
    });
    expect(statusOnly?.metadata).toMatchObject({ uid: created.metadata.uid, creationTimestamp: created.metadata.creationTimestamp, generation: 1 });
    const specChange = store.patch<KubeObject>(RESOURCE.ephemeralrunners, "arc", "a", (o) => {
      o.spec = { githubConfigUrl: "https://github.com/other" };
    });
    expect(specChange?.metadata.generation).toBe(2);
    expect(store.patch(RESOURCE.ephemeralrunners, "arc", "missing", () => undefined)).toBeUndefined();
  });

  it("returns copies: mutating a result does not change the store", () => {
    const { store } = newStore();
    const created = store.create(RESOURCE.ephemeralrunners, er("a"));
    created.status = { phase: "Failed" };
    const got = store.get<KubeObject>(RESOURCE.ephemeralrunners, "arc", "a");
    expect(got?.status).toEqual({});
    if (got) got.metadata.labels = { x: "y" };
    expect(store.list(RESOURCE.ephemeralrunners, "arc", "x=y")).toEqual([]);
  });

  it("lists sorted by namespace and name, filtered by namespace and labels", () => {
    const { store } = newStore();
    for (const [ns, n, tier] of [["b", "z", "1"], ["a", "y", "2"], ["a", "x", "1"]] as const) {
      store.create(RESOURCE.pods, { apiVersion: "v1", kind: "Pod", metadata: { namespace: ns, name: n, labels: { tier } } });
    }
    const names = (objs: KubeObject[]) => objs.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(names(store.list(RESOURCE.pods))).toEqual(["a/x", "a/y", "b/z"]);
    expect(names(store.list(RESOURCE.pods, "a"))).toEqual(["a/x", "a/y"]);
    expect(names(store.list(RESOURCE.pods, undefined, "tier in (1)"))).toEqual(["a/x", "b/z"]);
    store.delete(RESOURCE.pods, "a", "x");
    expect(names(store.list(RESOURCE.pods))).toEqual(["a/y", "b/z"]);
  });

  it("emits DELETED with the final object and replays history from a resourceVersion", () => {
    const { store } = newStore();
    store.create(RESOURCE.ephemeralrunners, er("a"));
    const from = store.resourceVersion();
    store.patch<KubeObject>(RESOURCE.ephemeralrunners, "arc", "a", (o) => {
      o.status = { phase: "Running" };
    });
    const deleted = store.delete(RESOURCE.ephemeralrunners, "arc", "a");
    expect(deleted?.status).toEqual({ phase: "Running" });
    expect(store.delete(RESOURCE.ephemeralrunners, "arc", "a")).toBeUndefined();
    const seen: StoreWatchEvent[] = [];
    const stop = store.watch(RESOURCE.ephemeralrunners, undefined, from, (e) => seen.push(e));
    expect(seen.map((e) => [e.type, e.object.metadata.resourceVersion])).toEqual([
      ["MODIFIED", "2"],
      ["DELETED", "3"],
    ]);
    stop();
  });

  it("starts a watch from '' with the current objects as ADDED, then live, per namespace", () => {
    const { store } = newStore();
    store.create(RESOURCE.pods, { apiVersion: "v1", kind: "Pod", metadata: { namespace: "a", name: "p1" } });
    store.create(RESOURCE.pods, { apiVersion: "v1", kind: "Pod", metadata: { namespace: "b", name: "p2" } });
    const seen: string[] = [];
    const stop = store.watch(RESOURCE.pods, "a", "", (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    store.create(RESOURCE.pods, { apiVersion: "v1", kind: "Pod", metadata: { namespace: "a", name: "p3" } });
    store.create(RESOURCE.pods, { apiVersion: "v1", kind: "Pod", metadata: { namespace: "b", name: "p4" } });
    stop();
    store.create(RESOURCE.pods, { apiVersion: "v1", kind: "Pod", metadata: { namespace: "a", name: "p5" } });
    expect(seen).toEqual(["ADDED p1", "ADDED p3"]);
  });

  it("expires resourceVersions older than the history window with 410", () => {
    const { store } = newStore({ historySize: 3 });
    for (let i = 0; i < 10; i++) store.create(RESOURCE.pods, er(`p${i}`));
    const expired = (rv: string) => {
      try {
        store.watch(RESOURCE.pods, undefined, rv, () => undefined)();
        return false;
      } catch (err) {
        return err instanceof KubeStoreError && err.code === 410;
      }
    };
    expect(expired("1")).toBe(true);
    expect(expired("6")).toBe(true);
    expect(expired("7")).toBe(false);
    expect(expired("10")).toBe(false);
    store.compactHistory();
    expect(expired("9")).toBe(true);
    expect(expired("10")).toBe(false);
  });

  it("handles 5,000 runners and 30,000 updates quickly", () => {
    const { store } = newStore();
    let events = 0;
    const stop = store.watch(RESOURCE.ephemeralrunners, undefined, undefined, () => events++);
    const started = performance.now();
    for (let i = 0; i < 5000; i++) store.create(RESOURCE.ephemeralrunners, er("", { generateName: "set-a-runner-" }));
    for (let round = 0; round < 6; round++) {
      for (const o of store.listShared(RESOURCE.ephemeralrunners, "arc")) {
        store.patch<KubeObject>(RESOURCE.ephemeralrunners, "arc", o.metadata.name, (d) => {
          d.status = { phase: "Running", round };
        });
      }
    }
    stop();
    expect(events).toBe(35_000);
    // generous bound for a loaded 2-core machine (typically ~1 s); catches quadratic regressions
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
