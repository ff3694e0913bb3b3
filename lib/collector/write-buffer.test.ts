import { describe, expect, it } from "vitest";
import type { PodState, RunnerLife } from "@/lib/model";
import { WriteBuffer, type CollectorStore } from "./write-buffer";

/** Records the batches the buffer writes; `failNext` makes the next write throw like a lost DB connection. */
function recordingStore() {
  const calls: { method: string; arg: unknown }[] = [];
  let failNext = 0;
  const handler: ProxyHandler<object> = {
    get: (_t, method: string) => async (arg: unknown) => {
      if (failNext > 0) {
        failNext--;
        throw new Error("connection terminated");
      }
      calls.push({ method, arg });
    },
  };
  return { store: new Proxy({}, handler) as CollectorStore, calls, fail: (n: number) => (failNext = n) };
}

const life = (uid: string, outcome: RunnerLife["outcome"]): RunnerLife => ({
  cluster: "c",
  namespace: "arc-runners",
  scaleSet: "web",
  ephemeralRunnerSet: "web-x7k2p",
  name: `web-x7k2p-runner-${uid}`,
  uid,
  createdAt: "2026-11-22T10:00:00Z",
  outcome,
  failureCount: 0,
  phases: [],
});

describe("write buffer", () => {
  it("collapses keyed records to their latest state and writes one batch per kind", async () => {
    const { store, calls } = recordingStore();
    const b = new WriteBuffer(store, { intervalMs: 60_000 });
    b.upsertLife(life("a", "running"));
    b.upsertLife(life("a", "no-job-exit"));
    b.upsertLife(life("b", "running"));
    b.upsertPod({ uid: "p1" } as PodState);
    b.deletePod("p1", new Date());
    await b.close();
    const lives = calls.filter((c) => c.method === "upsertRunnerLives");
    expect(lives).toHaveLength(1);
    expect((lives[0]!.arg as RunnerLife[]).map((l) => [l.uid, l.outcome])).toEqual([
      ["a", "no-job-exit"],
      ["b", "running"],
    ]);
    expect(calls.filter((c) => c.method === "upsertPods")).toEqual([]);
    expect(calls.find((c) => c.method === "deletePods")?.arg).toEqual(["p1"]);
  });

  it("keeps records after a failed flush and writes them on the next one, newer writes winning", async () => {
    const { store, calls, fail } = recordingStore();
    const errors: unknown[] = [];
    const b = new WriteBuffer(store, { intervalMs: 60_000, onError: (e) => errors.push(e) });
    b.upsertLife(life("a", "running"));
    fail(1);
    await b.flush();
    expect(errors).toHaveLength(1);
    b.upsertLife(life("a", "succeeded"));
    await b.close();
    const written = calls.filter((c) => c.method === "upsertRunnerLives").flatMap((c) => c.arg as RunnerLife[]);
    expect(written.map((l) => l.outcome)).toEqual(["succeeded"]);
  });

  it("flushes on its own once the batch size is reached", async () => {
    const { store, calls } = recordingStore();
    const b = new WriteBuffer(store, { intervalMs: 60_000, maxRecords: 3 });
    for (const u of ["a", "b", "c"]) b.upsertLife(life(u, "running"));
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.some((c) => c.method === "upsertRunnerLives")).toBe(true);
    await b.close();
  });
});
