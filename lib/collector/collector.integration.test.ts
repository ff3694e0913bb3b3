import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulation } from "@/lib/simulator";
import type { Store } from "@/lib/store";
import { scaleSetsForJob } from "@/lib/model";
import type { RunnerLife } from "@/lib/model";
import { loadCollectorConfig } from "./config";
import { startCollector, type Collector } from "./runtime";
import { startSimulatedCollector, waitFor, type SimulatedCollector } from "./testing/simulated-collector";

/**
 * The collector against the simulated fleet over real HTTP (client-node + Octokit → simulated API servers), into a
 * PGlite store. 0.14 cluster (metrics) + 0.13 cluster (listener logs), virtual clock driven at ~10× speed.
 */

let h: SimulatedCollector;
let sim: Simulation;
let store: Store;
let collector: Collector;

function allLives(): Promise<RunnerLife[]> {
  return h.allLives();
}

beforeAll(async () => {
  // stepped + a driver loop: ~10× speed, but simulated durations do not stretch when the machine is busy
  h = await startSimulatedCollector({
    seed: 7,
    clusters: [
      { name: "sim-east", arc: "0.14", scenarios: ["healthy"] },
      { name: "sim-west", arc: "0.13", scenarios: ["empty-jit-secret"] },
    ],
    drive: { stepMs: 250, pauseMs: 25 },
  });
  ({ sim, store, collector } = h);
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

describe("collector against the simulated fleet", () => {
  it("records the empty-JIT-secret runners' 1–2 s lives as exit 0 without a job", async () => {
    const lives = await waitFor("finished deskrun lives", async () => {
      const l = (await allLives()).filter((x) => x.cluster === "sim-west" && x.outcome !== "running");
      return l.length >= 5 ? l : undefined;
    });
    for (const l of lives) {
      expect(l.outcome, l.name).toBe("no-job-exit");
      expect(l.exitCode).toBe(0);
      expect(l.job).toBeUndefined();
      const ms = Date.parse(l.finishedAt!) - Date.parse(l.startedAt!);
      expect(ms).toBeGreaterThanOrEqual(1000);
      expect(ms).toBeLessThanOrEqual(2000);
    }
  });

  it("records the healthy scale sets' finished runners as succeeded with their job", async () => {
    const lives = await waitFor("succeeded lives", async () => {
      const l = (await allLives()).filter((x) => x.cluster === "sim-east" && x.outcome === "succeeded");
      return l.length >= 3 ? l : undefined;
    });
    for (const l of lives) {
      expect(l.job?.repository, l.name).toMatch(/^acme\//);
      expect(l.jobAssignedAt).toBeDefined();
      expect(l.exitCode).toBe(0);
    }
    const east = (await allLives()).filter((x) => x.cluster === "sim-east");
    // healthy: nothing fails; scale-down of idle runners is the only other ending
    expect(east.filter((x) => !["succeeded", "running", "deleted"].includes(x.outcome))).toEqual([]);
  });

  it("collects listener statistics from logs on 0.13 and from metrics on 0.14", async () => {
    const samples = await waitFor("samples from both generations", async () => {
      const s = await store.latestListenerSamples();
      // jobs wait forever on this set (its runners never take them), so the listener reports them assigned
      // the newest log sample carries what the statistics line said and what "Calculated target runner count" said
      const log = s.find((x) => x.cluster === "sim-west" && x.source === "log" && (x.assignedJobs ?? 0) > 0 && x.desiredRunners !== undefined && x.registeredRunners !== undefined);
      const metrics = s.find((x) => x.cluster === "sim-east" && x.source === "metrics");
      return log && metrics ? { log, metrics } : undefined;
    });
    expect(samples.log).toMatchObject({ scaleSet: "deskrun", namespace: "arc-runners" });
    expect(samples.metrics.registeredRunners).toBeTypeOf("number");
    expect(samples.metrics.maxRunners).toBeTypeOf("number");
  });

  it("reports GitHub queue figures per scale set that match the simulator's ground truth", async () => {
    await waitFor("queue figures to match", async () => {
      await collector.github!.pollNow();
      await collector.flush();
      const truth = sim.groundTruth();
      const sets = await store.listScaleSets();
      const queued = await store.listGitHubJobs({ statuses: ["queued"] });
      for (const t of Object.values(truth.scaleSets)) {
        const set = sets.find((s) => s.cluster === t.cluster && s.namespace === t.namespace && s.name === t.name);
        if (!set) return false;
        const mine = queued.filter((j) => scaleSetsForJob([set], j).length > 0);
        if (mine.length !== t.queuedJobs) return false;
      }
      return Object.values(truth.scaleSets).some((t) => t.queuedJobs > 0);
    });
  });
});

describe("collector + diagnosis loop", () => {
  it("finds what the ground truth expects per scale set, and nothing on the healthy ones", async () => {
    await collector.diagnoseNow();
    const findings = await store.listFindings({});
    for (const t of Object.values(sim.groundTruth().scaleSets)) {
      const mine = findings.filter((f) => f.subject.cluster === t.cluster && f.subject.scaleSet === t.name);
      if (t.expected.length === 0) expect(mine.map((f) => f.ruleId), t.name).toEqual([]);
      for (const rule of t.expected) expect(mine.map((f) => f.ruleId), t.name).toContain(rule);
    }
  });
});

describe("collector under faults", () => {
  it("recovers from dropped watches, 410 Gone and 500s without duplicating or losing a runner life", async () => {
    const before = (await allLives()).length;
    for (const c of sim.clusters) c.faults.dropWatches();
    await new Promise((r) => setTimeout(r, 500));
    for (const c of sim.clusters) {
      c.faults.failNext(410, 1, "ephemeralrunners");
      c.faults.dropWatches();
    }
    await new Promise((r) => setTimeout(r, 800));
    for (const c of sim.clusters) {
      c.faults.failNext(500, 3, "ephemeralrunners");
      c.faults.dropWatches();
    }
    // new lives keep arriving after the faults: every informer came back
    await waitFor("new lives after the faults", async () => ((await allLives()).length > before + 10 ? true : undefined), 20_000);
    await waitFor("cluster sources ok again", async () => sim.clusters.every((c) => collector.health().find((h) => h.id === `k8s:${c.name}`)?.state === "ok"));

    const lives = await allLives();
    const uids = lives.map((l) => l.uid);
    expect(new Set(uids).size).toBe(uids.length);
    const names = lives.map((l) => `${l.cluster}/${l.namespace}/${l.name}`);
    expect(new Set(names).size).toBe(names.length);
    const recorded = new Set(uids);
    const lost = [...collector.seenRunnerUids()].filter((u) => !recorded.has(u));
    expect(lost).toEqual([]);
  });

  it("a 403 on one namespace degrades that cluster's source, names the namespace, and the rest continues", async () => {
    const east = sim.clusters.find((c) => c.name === "sim-east")!;
    east.faults.forbidNamespace("team-b");
    const config = loadCollectorConfig({
      KUBECONFIG: sim.kubeconfigPath,
      RUNNERSCOPE_CONTEXTS: "sim-east",
      RUNNERSCOPE_RUNNER_NAMESPACES: "arc-runners,team-b",
      RUNNERSCOPE_CONTROLLER_NAMESPACES: "arc-systems",
      RUNNERSCOPE_LISTENER_SCRAPE_SECONDS: "1",
      RUNNERSCOPE_DIAGNOSIS_SECONDS: "3600",
    });
    const scoped = await startCollector({ store, config, now: () => sim.clock.now(), backoff: { baseMs: 100, maxMs: 500 } });
    try {
      const h = await waitFor("degraded east", async () => {
        const x = scoped.health().find((y) => y.id === "k8s:sim-east");
        return x?.state === "degraded" ? x : undefined;
      });
      expect(h.lastError?.message).toContain("namespace team-b");
      expect(h.lastError?.message).toContain("forbidden");
      await waitFor("runners from the allowed namespace", async () => scoped.seenRunnerUids().size > 0);
      expect(scoped.health().find((y) => y.id === "github")).toMatchObject({ state: "unavailable" });
    } finally {
      await scoped.stop();
    }
  });

  it("marks GitHub unavailable on 401 and recovers", async () => {
    sim.github.faults.failNext(401, 1000); // also covers a timer-driven poll racing this one
    await collector.github!.pollNow();
    expect(collector.health().find((h) => h.id === "github")).toMatchObject({ state: "unavailable", lastError: { message: expect.stringContaining("bad credentials") } });
    sim.github.faults.clear();
    await collector.github!.pollNow();
    expect(collector.health().find((h) => h.id === "github")?.state).toBe("ok");
  });

  it("degrades on an exhausted budget, backs off until the reset and keeps the queue data", async () => {
    await collector.flush();
    const queuedBefore = (await store.listGitHubJobs({ statuses: ["queued"] })).length;
    expect(queuedBefore).toBeGreaterThan(0);
    sim.github.faults.exhaust(sim.github.token);
    await collector.github!.pollNow();
    const h = collector.health().find((x) => x.id === "github");
    expect(h?.state).toBe("degraded");
    expect(h?.lastError?.message).toMatch(/rate limited until .*queue data stale since/);
    expect(h?.detail).toMatch(/budget 0\//);
    expect(collector.github!.budget().nextDelayMs).toBeGreaterThan(60_000);
    await collector.flush();
    expect((await store.listGitHubJobs({ statuses: ["queued"] })).length).toBe(queuedBefore);
  });
});
