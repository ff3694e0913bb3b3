import { CoordinationV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "@/lib/simulator/clock";
import { createPodLogs } from "@/lib/simulator/kube/pod-logs";
import { startKubeApiServer, type KubeApiServer } from "@/lib/simulator/kube/server";
import { createKubeStore } from "@/lib/simulator/kube/store";
import { kubeconfigFor } from "@/lib/simulator/kube/test-cluster";
import { startLeaderElection, type LeaderElection } from "./leader-election";

const NS = "runnerscope";
// Short durations keep the suite fast; the ratios match the defaults (15 s lease, 5 s renew, 10 s deadline).
const LEASE_S = 2;
const RENEW_S = 0.5;

let server: KubeApiServer;
let kc: KubeConfig;
const running: LeaderElection[] = [];

beforeAll(async () => {
  const clock = new VirtualClock({ kind: "realtime" });
  server = await startKubeApiServer({ store: createKubeStore(clock), logs: createPodLogs(clock), clock });
  kc = new KubeConfig();
  kc.loadFromString(kubeconfigFor(server.url, NS));
});

afterEach(async () => {
  server.faults.resume();
  await Promise.all(running.splice(0).map((e) => e.stop({ release: false })));
});

afterAll(async () => {
  await server.close();
});

interface Candidate {
  id: string;
  election: LeaderElection;
  started: number;
  stopped: number;
}

function candidate(id: string, leaseName: string): Candidate {
  const c: Candidate = { id, started: 0, stopped: 0, election: undefined as unknown as LeaderElection };
  c.election = startLeaderElection({
    kubeConfig: kc,
    namespace: NS,
    leaseName,
    identity: id,
    leaseDurationSeconds: LEASE_S,
    renewSeconds: RENEW_S,
    onStartedLeading: () => void c.started++,
    onStoppedLeading: () => void c.stopped++,
    log: () => {},
  });
  running.push(c.election);
  return c;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - t0;
}

async function twoCandidates(leaseName: string): Promise<{ leader: Candidate; follower: Candidate }> {
  const a = candidate("replica-a", leaseName);
  const b = candidate("replica-b", leaseName);
  await waitFor(() => a.election.isLeader() || b.election.isLeader(), 3000);
  // Let both run a few rounds: the follower must keep following while the leader renews.
  await new Promise((r) => setTimeout(r, RENEW_S * 2000));
  expect([a, b].filter((c) => c.election.isLeader())).toHaveLength(1);
  return a.election.isLeader() ? { leader: a, follower: b } : { leader: b, follower: a };
}

async function holderOf(leaseName: string): Promise<string | undefined> {
  const lease = await kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace: NS, name: leaseName });
  return lease.spec?.holderIdentity;
}

describe("startLeaderElection against the simulated API server", () => {
  it("elects exactly one leader, which holds the lease and starts once", async () => {
    const { leader, follower } = await twoCandidates("one-leader");
    expect(leader.started).toBe(1);
    expect(follower.started).toBe(0);
    expect(await holderOf("one-leader")).toBe(leader.id);
    const lease = await kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace: NS, name: "one-leader" });
    // MicroTime on the wire: RFC 3339 with six fractional digits.
    expect(String(lease.spec?.renewTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(lease.spec?.leaseDurationSeconds).toBe(LEASE_S);
  });

  it("after a crash (no release) the follower takes over within lease duration + renew interval", async () => {
    const { leader, follower } = await twoCandidates("crash");
    await leader.election.stop({ release: false });
    expect(await holderOf("crash")).toBe(leader.id);
    const took = await waitFor(() => follower.election.isLeader(), (LEASE_S + RENEW_S) * 1000 + 800);
    expect(took).toBeGreaterThan(LEASE_S * 1000 - 2 * RENEW_S * 1000); // it did wait for the lease to expire
    expect(follower.started).toBe(1);
    expect(await holderOf("crash")).toBe(follower.id);
  });

  it("after a graceful stop the leader steps down, releases, and the follower takes over within about one renew", async () => {
    const { leader, follower } = await twoCandidates("graceful");
    const t0 = Date.now();
    await leader.election.stop();
    expect(leader.stopped).toBe(1);
    expect(leader.election.isLeader()).toBe(false);
    await waitFor(() => follower.election.isLeader(), RENEW_S * 1000 + 700);
    expect(Date.now() - t0).toBeLessThan(LEASE_S * 1000);
    expect(await holderOf("graceful")).toBe(follower.id);
  });

  it("steps down when it cannot renew before the deadline (API server unreachable), and leads again after", async () => {
    const solo = candidate("replica-solo", "blip");
    await waitFor(() => solo.election.isLeader(), 3000);
    server.faults.pause();
    await waitFor(() => !solo.election.isLeader(), LEASE_S * 1000);
    await waitFor(() => solo.stopped === 1, 1000);
    server.faults.resume();
    await waitFor(() => solo.election.isLeader(), 3000);
    expect(solo.started).toBe(2);
  });
});
