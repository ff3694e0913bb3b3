import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SourceHealth, SourceState } from "@/lib/model";
import { LABEL } from "@/lib/model/arc-labels";
import { rowsOf } from "@/lib/store";
import { CONTROLLER_NS, RT, RUNNER_NS } from "@/lib/simulator/arc/resources";
import type { KubeObject } from "@/lib/simulator/kube/types";
import { driveClock, startSimulatedCollector, waitFor, type SimulatedCollector } from "./testing/simulated-collector";

/**
 * The collector against faults of the Kubernetes API and of GitHub, over real HTTP, with the simulated fleet still
 * producing runner lives. Each fault: the affected source is named (state + message) while broken, recovers by
 * itself, and at the end every EphemeralRunner the API showed has exactly one recorded life.
 */

let h: SimulatedCollector;
let stopClock: () => void;
/** Every distinct (source, state, message) the collector reported, sampled every 50 ms. */
let seen: { id: string; state: SourceState; message: string }[] = [];
let sampler: NodeJS.Timeout;

const ARC = "actions.github.com";
const health = (id: string): SourceHealth | undefined => h.collector.health().find((x) => x.id === id);
const cluster = (name: string) => h.sim.clusters.find((c) => c.name === name)!;

async function livesCount(): Promise<number> {
  return (await h.allLives()).length;
}

/** Rows per ER uid in runner_lives (must be exactly 1 for every uid the API showed). */
async function rowsPerUid(): Promise<Map<string, number>> {
  await h.collector.flush();
  const res = await h.store.db.execute(sql`select uid, count(*)::int as n from runner_lives group by uid`);
  return new Map(rowsOf(res).map((r) => [String((r as { uid: unknown }).uid), Number((r as { n: unknown }).n)]));
}

async function waitOk(id: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(`${id} ok again`, async () => health(id)?.state === "ok", timeoutMs);
}

beforeAll(async () => {
  h = await startSimulatedCollector({
    seed: 23,
    clusters: [
      { name: "sim-east", arc: "0.14", scenarios: ["healthy"] },
      // jobs stay queued on GitHub (the group denies the repository): queue data that must never be zeroed
      { name: "sim-west", arc: "0.13", scenarios: ["healthy", "runner-group-denied"] },
    ],
    collector: { githubRequestTimeoutMs: 400 },
  });
  // ~10× speed: 250 ms of fleet time every 25 ms of wall time
  stopClock = driveClock(h.sim, 250, 25);
  sampler = setInterval(() => {
    for (const x of h.collector.health()) {
      const message = x.lastError?.message ?? "";
      if (!seen.some((s) => s.id === x.id && s.state === x.state && s.message === message)) seen.push({ id: x.id, state: x.state, message });
    }
  }, 50);
  await waitFor("first lives", async () => (await livesCount()) > 5, 30_000);
  await waitOk("k8s:sim-east");
  await waitOk("k8s:sim-west");
}, 60_000);

afterEach(() => {
  seen = [];
});

afterAll(async () => {
  clearInterval(sampler);
  stopClock?.();
  await h?.stop();
});

describe("Kubernetes API faults", () => {
  it("429 and 500 bursts on list and watch: the cluster is degraded with the resource named, then ok", async () => {
    const before = await livesCount();
    const east = cluster("sim-east");
    east.faults.failNext(429, 6, "ephemeralrunners");
    // the informers' cluster-wide pod list/watch (not pod logs or the metrics proxy, which live under …/namespaces/…)
    east.faults.failNext(500, 6, "/api/v1/pods");
    east.faults.dropWatches(); // the re-watches and re-lists run into the bursts
    // the message names the newest failure and lists every failing informer
    const degraded = () => seen.filter((x) => x.id === "k8s:sim-east" && x.state === "degraded").map((x) => x.message);
    await waitFor(
      "the burst to be reported",
      async () => degraded().some((m) => /HTTP 429/.test(m) && /ephemeralrunners/.test(m)) && degraded().some((m) => /(arc|workflow)-pods in all namespaces: HTTP 500|failing: .*(arc|workflow)-pods@\*/.test(m)),
      15_000,
    );
    // the other cluster is untouched
    expect(seen.filter((s) => s.id === "k8s:sim-west" && s.state !== "ok")).toEqual([]);
    await waitOk("k8s:sim-east");
    await waitFor("new lives after the burst", async () => (await livesCount()) > before + 5, 20_000);
  });

  it("API server unreachable for several seconds: unavailable while paused, ok after, runners of the gap recorded", async () => {
    // The clock runs ~10× wall time, so 6 s of pause is a minute of fleet time: runners are created and finish
    // unseen, exactly as in a minute-long outage. The collector's retries are wall-clock backoff capped at
    // maxMs (500 ms here, 30 s in production), so the pause spans many failed reconnects, not just one.
    const east = cluster("sim-east");
    const uidsBefore = new Set(east.store.list<KubeObject>(RT.er, RUNNER_NS).map((e) => e.metadata.uid));
    east.faults.pause();
    try {
      await waitFor("east unavailable", async () => health("k8s:sim-east")?.state === "unavailable", 10_000);
      await new Promise((r) => setTimeout(r, 6_000));
      expect(health("k8s:sim-east")).toMatchObject({ state: "unavailable", lastError: { message: expect.stringMatching(/ECONNRESET|ECONNREFUSED|socket hang up|fetch failed|other side closed|terminated/i) } });
      expect(health("k8s:sim-west")?.state).toBe("ok");
    } finally {
      east.faults.resume();
    }
    await waitOk("k8s:sim-east");
    const bornInGap = east.store.list<KubeObject>(RT.er, RUNNER_NS).filter((e) => !uidsBefore.has(e.metadata.uid));
    expect(bornInGap.length).toBeGreaterThan(0);
    await waitFor("runners born during the outage recorded", async () => {
      const rows = await rowsPerUid();
      return bornInGap.every((e) => rows.get(e.metadata.uid ?? "") === 1);
    });
  });

  it("ARC CRDs not installed: the cluster names the missing CRDs, pods and events keep flowing, ok once installed", async () => {
    const west = cluster("sim-west");
    west.faults.uninstallGroup(ARC);
    try {
      const h1 = await waitFor("west degraded", async () => {
        const x = health("k8s:sim-west");
        return x?.state === "degraded" ? x : undefined;
      });
      expect(h1.lastError?.message).toMatch(/not served \(HTTP 404\): the ARC CRDs \(actions\.github\.com\/v1alpha1\) are not installed/);
      // discovery no longer lists the group, as on a cluster without the chart
      const groups = (await (await fetch(`${west.url}/apis`)).json()) as { groups: { name: string }[] };
      expect(groups.groups.map((g) => g.name)).not.toContain(ARC);
      await new Promise((r) => setTimeout(r, 2_000));
      expect(health("k8s:sim-west")?.state).toBe("degraded");
    } finally {
      west.faults.installGroup(ARC);
    }
    await waitOk("k8s:sim-west");
  });

  it("an unknown ARC version (controller labelled 0.99.0) is recorded and collection goes on", async () => {
    const east = cluster("sim-east");
    const controller = east.store.list<KubeObject>(RT.pod, CONTROLLER_NS).find((p) => p.metadata.labels?.[LABEL.component] === "controller-manager");
    expect(controller).toBeDefined();
    east.store.patch<KubeObject>(RT.pod, CONTROLLER_NS, controller!.metadata.name, (p) => {
      p.metadata.labels = { ...p.metadata.labels, [LABEL.version]: "0.99.0" };
    });
    const patchedAt = h.sim.clock.nowMs();
    await waitFor("cluster version recorded", async () => {
      await h.collector.flush();
      return (await h.store.listClusterInfo()).some((c) => c.name === "sim-east" && c.controllerVersion === "0.99.0");
    });
    const before = await livesCount();
    await waitFor("listener metrics after the change", async () => {
      await h.collector.flush();
      return (await h.store.latestListenerSamples()).some((s) => s.cluster === "sim-east" && s.source === "metrics" && Date.parse(s.at) > patchedAt);
    });
    await waitFor("new lives after the change", async () => (await livesCount()) > before + 3, 20_000);
    expect(health("k8s:sim-east")?.state).toBe("ok");
    expect(h.collector.health().filter((x) => x.id.endsWith("sim-east") && x.state === "unavailable")).toEqual([]);
  });

  it("no runner life the API showed is lost or recorded twice after all of the above", async () => {
    await waitFor("every seen runner recorded", async () => {
      const rows = await rowsPerUid();
      return [...h.collector.seenRunnerUids()].every((u) => rows.has(u));
    });
    const rows = await rowsPerUid();
    const seenUids = [...h.collector.seenRunnerUids()];
    expect(seenUids.length).toBeGreaterThan(20);
    expect(seenUids.filter((u) => rows.get(u) !== 1)).toEqual([]);
    const lives = await h.allLives();
    const names = lives.map((l) => `${l.cluster}/${l.namespace}/${l.name}`);
    expect(names.length - new Set(names).size).toBe(0);
    // lives still "running" are runners the API still has: the outages did not leave ghosts behind
    await waitFor("no ghost running lives", async () => {
      const live = new Set(h.sim.clusters.flatMap((c) => c.store.list<KubeObject>(RT.er, RUNNER_NS).map((e) => e.metadata.uid)));
      return (await h.allLives()).filter((l) => l.outcome === "running" && !live.has(l.uid)).length === 0;
    });
  });
});

describe("GitHub faults", () => {
  async function queuedJobs(): Promise<number> {
    await h.collector.flush();
    return (await h.store.listGitHubJobs({ statuses: ["queued"] })).length;
  }

  beforeAll(async () => {
    await waitFor("queued jobs from GitHub", async () => {
      await h.collector.github!.pollNow();
      return health("github")?.state === "ok" && (await queuedJobs()) > 0;
    }, 30_000);
  });

  it("a 5xx burst: degraded with the reason and stale queue data kept, requests bounded by the backoff", async () => {
    const queuedBefore = await queuedJobs();
    const gh = h.sim.github.faults;
    const requestsBefore = gh.requestCount();
    gh.failNext(502, 100_000);
    const windowMs = 4_000;
    try {
      // the poll timer may be tens of seconds out (budget pacing): poll now, then let the timer run the retries
      await h.collector.github!.pollNow();
      await waitFor("github degraded", async () => health("github")?.state === "degraded", 10_000);
      await new Promise((r) => setTimeout(r, windowMs));
      const x = health("github");
      expect(x?.state).toBe("degraded");
      expect(x?.lastError?.message).toMatch(/^HTTP 502: Bad Gateway; queue data stale since \d{4}-/);
      expect(await queuedJobs()).toBe(queuedBefore);
    } finally {
      gh.clear();
    }
    // Bound: each failing cycle costs 3 requests (1 + 2 retries) and the poll interval doubles from 1 s on each
    // failure (2, 4, 8 s…): in the ~5–14 s of the fault that is at most 4 cycles = 12 requests; 15 with slack.
    const spent = gh.requestCount() - requestsBefore;
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(15);
    await h.collector.github!.pollNow();
    expect(health("github")?.state).toBe("ok");
  });

  it("slow responses past the request deadline: degraded as stale, never zeroed, no request pile-up", async () => {
    const queuedBefore = await queuedJobs();
    const gh = h.sim.github.faults;
    const requestsBefore = gh.requestCount();
    gh.setLatency(1_500); // deadline is 400 ms in this test (30 s in production)
    const windowMs = 4_000;
    try {
      await h.collector.github!.pollNow();
      const x = await waitFor("github degraded by timeouts", async () => {
        const y = health("github");
        return y?.state === "degraded" ? y : undefined;
      }, 10_000);
      expect(x.lastError?.message).toMatch(/^GitHub did not answer within 0\.4 s; queue data stale since \d{4}-/);
      await new Promise((r) => setTimeout(r, windowMs));
      expect(await queuedJobs()).toBe(queuedBefore);
    } finally {
      gh.clear();
    }
    // A timed-out request is a failed attempt: same budget as the 5xx burst (≤ 3 attempts per cycle, poll interval
    // doubling from 1 s) → ≤ 4 cycles = 12 requests in the ~5–14 s of the fault; 15 with slack. No pile-up: one
    // cycle at a time, each request waits for its deadline.
    const spent = gh.requestCount() - requestsBefore;
    expect(spent).toBeLessThanOrEqual(15);
    await h.collector.github!.pollNow();
    expect(health("github")?.state).toBe("ok");
  });
});
