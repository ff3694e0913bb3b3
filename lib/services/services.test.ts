import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "@/lib/store";
import { event, finding, health, job, life, logLine, pod, runner, sample, scaleSet } from "@/lib/store/testing/fixtures";
import { buildSnapshot } from "./snapshot";
import { getFleetOverview } from "./fleet-overview";
import { getScaleSetView } from "./scale-set-view";
import { getRunnerDetail } from "./runner-detail";
import { freezeIncident, getIncident, revokeIncident } from "./incidents";
import { getSourceHealth } from "./source-health";

const NOW = new Date("2026-11-22T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const MIN = 60_000;

let store: Store;

beforeAll(async () => {
  store = await openStore({ dir: "memory://" });
  await store.upsertClusterInfo([{ name: "prod-eu", controllerVersion: "0.13.1" }, { name: "prod-us", controllerVersion: "0.14.2" }]);
  await store.upsertSourceHealth([
    health({ id: "k8s:prod-eu", label: "Kubernetes prod-eu" }),
    health({ id: "k8s:prod-us", label: "Kubernetes prod-us", state: "unavailable", lastError: { at: ago(MIN), message: "403 Forbidden listing ephemeralrunners" } }),
    health({ id: "github:acme", kind: "github", label: "GitHub acme" }),
    health({ id: "listener:prod-eu/arc-runners/gpu", kind: "listener", label: "Listener gpu", state: "unavailable", lastError: { at: ago(MIN), message: "pods/proxy forbidden" } }),
  ]);
  await store.upsertScaleSets([
    scaleSet({ name: "web" }),
    scaleSet({ name: "gpu", maxRunners: 4 }),
    scaleSet({ name: "docs", githubConfigUrl: "https://github.com/other-org" }),
    scaleSet({ cluster: "prod-us", name: "web", version: "0.14.2" }),
  ]);
  await store.upsertRunners([
    runner({ name: "web-x-runner-1", job: { jobRequestId: 1, repository: "acme/shop" } }),
    runner({ name: "web-x-runner-2" }),
    runner({ name: "web-x-runner-3", phase: "Pending" }),
    runner({ name: "gpu-x-runner-1", scaleSet: "gpu", ephemeralRunnerSet: "gpu-x", phase: "Failed", reason: "InvalidPod" }),
  ]);
  await store.appendListenerSamples([
    sample({ at: ago(40_000), desiredRunners: 3, registeredRunners: 3 }),
    sample({ scaleSet: "docs", at: ago(30 * MIN), desiredRunners: 0 }),
  ]);
  await store.upsertGitHubJobs([
    job({ id: 1, labels: ["self-hosted", "web"], createdAt: ago(20 * MIN) }),
    job({ id: 2, labels: ["web"], createdAt: ago(2 * MIN) }),
    job({ id: 3, labels: ["web"], repository: "someone-else/app", createdAt: ago(90 * MIN) }),
    job({ id: 4, labels: ["gpu"], status: "completed", conclusion: "success", createdAt: ago(50 * MIN), startedAt: ago(49 * MIN), completedAt: ago(40 * MIN) }),
  ]);
  await store.recordFindings(
    {
      findings: [
        finding({ fingerprint: "gpu-rejected", ruleId: "runner-pod-rejected", subject: { cluster: "prod-eu", namespace: "arc-runners", scaleSet: "gpu" } }),
        finding({ fingerprint: "docs-warn", ruleId: "listener-stale", severity: "warning", subject: { cluster: "prod-eu", namespace: "arc-runners", scaleSet: "docs" } }),
      ],
      notEvaluated: [],
      evaluatedAt: NOW.toISOString(),
    },
    NOW,
  );
});

afterAll(async () => {
  await store?.close();
});

describe("getFleetOverview", () => {
  it("sorts worst first and says unknown, never healthy, when a cluster cannot be read", async () => {
    const o = await getFleetOverview(store, { now: NOW });
    expect(o.scaleSets.map((r) => `${r.key.cluster}/${r.key.name}:${r.status}`)).toEqual([
      "prod-eu/gpu:critical",
      "prod-eu/docs:warning",
      "prod-us/web:unknown",
      "prod-eu/web:healthy",
    ]);
    const us = o.scaleSets.find((r) => r.key.cluster === "prod-us");
    expect(us?.statusReason).toContain("403 Forbidden");
    expect(o.unhealthySources.map((s) => s.id).sort()).toEqual(["k8s:prod-us", "listener:prod-eu/arc-runners/gpu"]);
    expect(o.totals.byStatus).toEqual({ critical: 1, warning: 1, unknown: 1, healthy: 1 });
  });

  it("counts runners by activity against min/max and shows fresh listener figures", async () => {
    const o = await getFleetOverview(store, { now: NOW });
    const web = o.scaleSets.find((r) => r.key.cluster === "prod-eu" && r.key.name === "web");
    expect(web?.runners).toEqual({ busy: 1, idle: 1, pending: 1, failed: 0, total: 3, min: 1, max: 10 });
    expect(web?.listener).toMatchObject({ desired: 3, registered: 3, stats: { state: "ok", ageSeconds: 40 } });
    expect(web?.config).toMatchObject({ arcVersion: "0.13.1", containerMode: "dind", runnerGroup: "default", labels: ["web"] });
  });

  it("never shows stale or missing listener figures as numbers", async () => {
    const o = await getFleetOverview(store, { now: NOW });
    const docs = o.scaleSets.find((r) => r.key.name === "docs");
    expect(docs?.listener.stats).toMatchObject({ state: "stale", ageSeconds: 1800 });
    expect(docs?.listener.desired).toBeUndefined();
    const gpu = o.scaleSets.find((r) => r.key.name === "gpu");
    expect(gpu?.listener.stats).toEqual({ state: "unavailable", reason: "Listener gpu: pods/proxy forbidden" });
  });

  it("joins GitHub's queued jobs to the scale sets that can take them, with the oldest wait", async () => {
    const o = await getFleetOverview(store, { now: NOW });
    const web = o.scaleSets.find((r) => r.key.cluster === "prod-eu" && r.key.name === "web");
    expect(web?.queue).toEqual({ available: true, queued: 2, oldestQueuedAt: ago(20 * MIN), oldestQueueAgeSeconds: 1200 });
    const docs = o.scaleSets.find((r) => r.key.name === "docs");
    expect(docs?.queue).toEqual({ available: false, reason: "no GitHub source watches other-org" });
    expect(o.totals.queuedJobs).toBe(2);
  });

  it("reflects a write made after the previous read", async () => {
    const before = await getFleetOverview(store, { now: NOW });
    await store.upsertRunners([runner({ name: "web-x-runner-4", job: { jobRequestId: 9 } })]);
    const after = await getFleetOverview(store, { now: NOW });
    const busy = (o: typeof before) => o.scaleSets.find((r) => r.key.cluster === "prod-eu" && r.key.name === "web")?.runners.busy;
    expect([busy(before), busy(after)]).toEqual([1, 2]);
    await store.deleteRunners(["er-web-x-runner-4"]);
  });
});

describe("simulation flag", () => {
  it("says so when a cluster is the built-in simulation", async () => {
    expect((await getFleetOverview(store, { now: NOW })).simulated).toBe(false);
    await store.upsertClusterInfo([{ name: "prod-eu", controllerVersion: "0.13.1", simulated: true }]);
    expect((await getFleetOverview(store, { now: NOW })).simulated).toBe(true);
    await store.upsertClusterInfo([{ name: "prod-eu", controllerVersion: "0.13.1" }]);
  });
});

describe("getScaleSetView", () => {
  const key = { cluster: "prod-eu", namespace: "arc-runners", name: "web" };

  beforeAll(async () => {
    await store.upsertRunnerLives([
      life({ name: "web-x-runner-ok", createdAt: ago(50 * MIN), startedAt: ago(49 * MIN), finishedAt: ago(30 * MIN), outcome: "succeeded" }),
      life({ name: "web-x-runner-oom", createdAt: ago(25 * MIN), startedAt: ago(24 * MIN), finishedAt: ago(12 * MIN), outcome: "oom-killed", exitCode: 137 }),
      life({ name: "web-x-runner-stuck", createdAt: ago(10 * MIN), startedAt: undefined, outcome: "running" }),
      life({ name: "web-x-runner-old", createdAt: ago(5 * 60 * MIN), finishedAt: ago(4 * 60 * MIN), outcome: "succeeded" }),
    ]);
    await store.upsertEvents([
      event({ uid: "e-oom", involvedName: "web-x-runner-oom", reason: "OOMKilling", lastSeen: ago(12 * MIN), firstSeen: ago(12 * MIN) }),
      event({ uid: "e-other", involvedName: "api-y-runner-1", lastSeen: ago(12 * MIN), firstSeen: ago(12 * MIN) }),
    ]);
    await store.upsertGitHubJobs([
      job({ id: 10, status: "completed", createdAt: ago(55 * MIN), startedAt: ago(49 * MIN), completedAt: ago(30 * MIN), runnerName: "web-x-runner-ok" }),
      job({ id: 11, status: "in_progress", createdAt: ago(26 * MIN), startedAt: ago(24 * MIN), runnerName: "web-x-runner-oom" }),
    ]);
  });

  it("downsamples the window into at most maxPoints buckets with pending, failed and GitHub queued", async () => {
    const v = await getScaleSetView(store, key, { from: new Date(NOW.getTime() - 60 * MIN), to: NOW, now: NOW, maxPoints: 12 });
    if (!v) throw new Error("view missing");
    expect(v.series.points).toHaveLength(12);
    expect(v.series.bucketSeconds).toBe(300);
    const at = (minAgo: number) => v.series.points.find((p) => p.t === ago(minAgo * MIN));
    expect(v.series.points.reduce((n, p) => n + (p.failed ?? 0), 0)).toBe(1);
    expect(at(15)?.failed).toBe(1); // OOM ended 12 min ago, in the bucket starting 15 min ago
    expect(at(10)?.pending).toBe(1); // the stuck runner never started
    expect(at(5)?.githubQueued).toBe(2); // jobs 1 and 2 queued at the end of the last-but-one bucket
    expect(at(55)?.githubQueued).toBe(1); // job 10 waited 55→49 min ago; job 1 not created yet
    expect(v.series.points[0]?.min).toBe(1);
    expect(v.series.points[0]?.max).toBe(10);
    expect(at(5)?.desired).toBe(3);
    expect(at(30)?.desired).toBeUndefined(); // no statistics then: a gap, not a zero
  });

  it("lists lives overlapping the window, events about this set only, and queue-time percentiles", async () => {
    const v = await getScaleSetView(store, key, { from: new Date(NOW.getTime() - 60 * MIN), to: NOW, now: NOW });
    expect(v?.lives.map((l) => l.name)).toEqual(["web-x-runner-stuck", "web-x-runner-oom", "web-x-runner-ok"]);
    expect(v?.events.map((e) => e.uid)).toEqual(["e-oom"]);
    expect(v?.queueTime).toEqual({ jobs: 2, p50Seconds: 120, p90Seconds: 360, p99Seconds: 360 });
    expect(v?.findings).toEqual([]);
    expect(v?.status).toBe("healthy");
  });

  it("returns undefined for an unknown scale set", async () => {
    expect(await getScaleSetView(store, { ...key, name: "nope" }, { from: new Date(0), to: NOW, now: NOW })).toBeUndefined();
  });
});

describe("getRunnerDetail", () => {
  it("remembers a runner Kubernetes already deleted: its life, events, logs and GitHub job", async () => {
    await store.appendLogLines([logLine({ pod: "web-x-runner-oom", raw: "Killed", message: "Killed" })]);
    const d = await getRunnerDetail(store, "prod-eu", "arc-runners", "web-x-runner-oom");
    expect(d?.current).toBeUndefined();
    expect(d?.lives.map((l) => [l.outcome, l.exitCode])).toEqual([["oom-killed", 137]]);
    expect(d?.events.map((e) => e.reason)).toEqual(["OOMKilling"]);
    expect(d?.logs.map((l) => l.raw)).toEqual(["Killed"]);
    expect(d?.githubJob?.id).toBe(11);
  });

  it("shows the current state and pod containers of a live runner", async () => {
    const p = pod({
      name: "web-x-runner-2",
      namespace: "arc-runners",
      role: "runner",
      containerStatuses: [{ name: "runner", image: "ghcr.io/actions/actions-runner:2.329.0", ready: false, restartCount: 0, state: "waiting", reason: "ImagePullBackOff" }],
    });
    await store.upsertRunners([runner({ name: "web-x-runner-2", pod: p, failureCount: 2, failureTimes: [ago(3 * MIN), ago(MIN)] })]);
    const d = await getRunnerDetail(store, "prod-eu", "arc-runners", "web-x-runner-2");
    expect(d?.current?.phase).toBe("Running");
    expect(d?.containers.map((c) => c.reason)).toEqual(["ImagePullBackOff"]);
    expect(d?.failures).toEqual({ count: 2, times: [ago(3 * MIN), ago(MIN)] });
    expect(await getRunnerDetail(store, "prod-eu", "arc-runners", "never-existed")).toBeUndefined();
  });
});

describe("buildSnapshot", () => {
  it("marks GitHub slices unavailable with the reason when GitHub cannot be read", async () => {
    await store.upsertSourceHealth([health({ id: "github:acme", kind: "github", label: "GitHub acme", state: "unavailable", lastError: { at: NOW.toISOString(), message: "rate limited until 12:30" } })]);
    const snap = await buildSnapshot(store, { now: NOW, window: 60 * MIN });
    expect(snap.slices.githubJobs).toEqual({ available: false, reason: "GitHub acme: rate limited until 12:30" });
    expect(snap.slices.scaleSets.available).toBe(true);
    expect(snap.slices.scaleSets.reason).toContain("prod-us");
    expect(snap.slices.runnerHistory.available).toBe(true);
    expect(snap.windowStart).toBe(ago(60 * MIN));
    expect(snap.runnerHistory.map((l) => l.name)).not.toContain("web-x-runner-old");
    expect(snap.scaleSets).toHaveLength(4);
    await store.upsertSourceHealth([health({ id: "github:acme", kind: "github", label: "GitHub acme" })]);
  });
});

describe("getSourceHealth", () => {
  it("names every source that is not ok", async () => {
    const h = await getSourceHealth(store);
    expect(h.empty).toBe(false);
    expect(h.unhealthy.map((s) => [s.id, s.lastError?.message])).toEqual([
      ["k8s:prod-us", "403 Forbidden listing ephemeralrunners"],
      ["listener:prod-eu/arc-runners/gpu", "pods/proxy forbidden"],
    ]);
  });
});

describe("incidents", () => {
  it("freezes the view behind an unguessable id and stops serving it once revoked", async () => {
    const key = { cluster: "prod-eu", namespace: "arc-runners", name: "web" };
    const inc = await freezeIncident(store, { scaleSets: [key], from: new Date(NOW.getTime() - 60 * MIN), to: NOW, now: NOW });
    expect(inc.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const other = await freezeIncident(store, { title: "second", scaleSets: [key], from: new Date(NOW.getTime() - 60 * MIN), to: NOW, now: NOW });
    expect(other.id).not.toBe(inc.id);

    // Later writes must not change what the link shows.
    await store.upsertRunnerLives([life({ name: "web-x-runner-late", createdAt: ago(MIN) })]);
    const got = await getIncident(store, inc.id);
    if (got.state !== "found") throw new Error(`incident ${got.state}`);
    expect(got.incident.payload.views[0]?.lives.map((l) => l.name)).not.toContain("web-x-runner-late");
    expect(got.incident.scope.window).toEqual({ from: ago(60 * MIN), to: NOW.toISOString() });

    expect(await revokeIncident(store, inc.id, NOW)).toBe(true);
    expect(await getIncident(store, inc.id)).toEqual({ state: "revoked", revokedAt: NOW.toISOString() });
    expect(await getIncident(store, "not-an-id")).toEqual({ state: "missing" });
    expect(await revokeIncident(store, inc.id, NOW)).toBe(false);
  });

  it("refuses to freeze a scale set that does not exist", async () => {
    await expect(freezeIncident(store, { scaleSets: [{ cluster: "x", namespace: "y", name: "z" }], from: new Date(0), to: NOW, now: NOW })).rejects.toMatchObject({
      status: 404,
    });
  });
});
