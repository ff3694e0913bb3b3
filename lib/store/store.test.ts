import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiagnosisResult } from "@/lib/model";
import { RETENTION, runRetention } from "./retention";
import type { Store } from "./store";
import { event, finding, job, life, logLine, pod, runner, sample, scaleSet } from "./testing/fixtures";
import { storeVariants, type OpenedStore } from "./testing/variants";

const NOW = new Date("2026-11-22T12:00:00Z");
const result = (findings: DiagnosisResult["findings"], notEvaluated: DiagnosisResult["notEvaluated"] = []): DiagnosisResult => ({
  findings,
  notEvaluated,
  evaluatedAt: NOW.toISOString(),
});

for (const variant of storeVariants()) {
  if (variant.notConfigured) {
    const message = variant.notConfigured;
    describe(`store on ${variant.name}`, () => {
      it("is configured", () => {
        throw new Error(message);
      });
    });
    continue;
  }
  describe(`store on ${variant.name}`, () => {
    let opened: OpenedStore | undefined;
    const store = (): Store => {
      if (!opened) throw new Error("store did not open");
      return opened.store;
    };
    beforeAll(async () => {
      opened = await variant.open();
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    it("upserts scale sets by cluster/namespace/name without duplicates, and hides deleted ones", async () => {
      const s = store();
      await s.upsertScaleSets([scaleSet({ cluster: "c1", name: "web" }), scaleSet({ cluster: "c1", name: "gpu" })]);
      await s.upsertScaleSets([scaleSet({ cluster: "c1", name: "web", maxRunners: 50 })]);
      const sets = (await s.listScaleSets()).filter((x) => x.cluster === "c1");
      expect(sets.map((x) => x.name)).toEqual(["gpu", "web"]);
      expect(sets.find((x) => x.name === "web")?.maxRunners).toBe(50);

      await s.markScaleSetsDeleted([{ cluster: "c1", namespace: "arc-runners", name: "gpu" }], NOW);
      expect((await s.listScaleSets()).filter((x) => x.cluster === "c1").map((x) => x.name)).toEqual(["web"]);
      const all = (await s.listScaleSets({ includeDeleted: true })).filter((x) => x.cluster === "c1");
      expect(all.find((x) => x.name === "gpu")?.deletedAt).toBe(NOW.toISOString());
    });

    it("keeps one record per runner life and updates it as the life progresses", async () => {
      const s = store();
      const l = life({ cluster: "c2", name: "web-a-runner-1" });
      await s.upsertRunnerLives([l]);
      await s.upsertRunnerLives([l]);
      await s.upsertRunnerLives([{ ...l, outcome: "no-job-exit", exitCode: 0, finishedAt: "2026-11-22T10:00:11Z" }]);
      const lives = await s.runnerLivesByName("c2", "arc-runners", "web-a-runner-1");
      expect(lives).toHaveLength(1);
      expect(lives[0]).toMatchObject({ outcome: "no-job-exit", exitCode: 0, finishedAt: "2026-11-22T10:00:11Z", command: ["/home/runner/run.sh"] });
    });

    it("lists the lives overlapping a window, newest first, and flags truncation", async () => {
      const s = store();
      const key = { cluster: "c3", namespace: "arc-runners", name: "web" };
      await s.upsertRunnerLives([
        life({ cluster: "c3", name: "r-ended-before", createdAt: "2026-11-22T08:00:00Z", finishedAt: "2026-11-22T08:30:00Z", outcome: "succeeded" }),
        life({ cluster: "c3", name: "r-spans", createdAt: "2026-11-22T08:50:00Z", finishedAt: "2026-11-22T09:10:00Z", outcome: "succeeded" }),
        life({ cluster: "c3", name: "r-still-running", createdAt: "2026-11-22T07:00:00Z" }),
        life({ cluster: "c3", name: "r-inside", createdAt: "2026-11-22T09:20:00Z", deletedAt: "2026-11-22T09:21:00Z", outcome: "deleted" }),
        life({ cluster: "c3", name: "r-after", createdAt: "2026-11-22T11:00:00Z" }),
        life({ cluster: "c3", scaleSet: "other", name: "r-other-set", createdAt: "2026-11-22T09:20:00Z" }),
      ]);
      const window = { key, from: new Date("2026-11-22T09:00:00Z"), to: new Date("2026-11-22T10:00:00Z") };
      const all = await s.listRunnerLives(window);
      expect(all.lives.map((l) => l.name)).toEqual(["r-inside", "r-spans", "r-still-running"]);
      expect(all.truncated).toBe(false);
      const capped = await s.listRunnerLives({ ...window, limit: 2 });
      expect(capped.lives.map((l) => l.name)).toEqual(["r-inside", "r-spans"]);
      expect(capped.truncated).toBe(true);
    });

    it("replaces a cluster's current runners and counts them by activity", async () => {
      const s = store();
      const busy = runner({ cluster: "c4", name: "busy-1", job: { jobRequestId: 77, repository: "acme/shop" } });
      const idle = runner({ cluster: "c4", name: "idle-1" });
      const pending = runner({ cluster: "c4", name: "pending-1", phase: "Pending" });
      const failed = runner({ cluster: "c4", name: "failed-1", phase: "Failed", reason: "InvalidPod" });
      const otherCluster = runner({ cluster: "c4b", name: "idle-2" });
      await s.upsertRunners([otherCluster]);
      await s.replaceCurrentRunners("c4", [busy, idle, pending, failed]);
      await s.replaceCurrentRunners("c4", [busy, idle, pending, failed]);
      await s.replaceCurrentRunners("c4", [busy, idle, failed]);
      const counts = (await s.countCurrentRunners()).filter((c) => c.cluster === "c4");
      const byActivity = Object.fromEntries(counts.map((c) => [c.activity, c.count]));
      expect(byActivity).toEqual({ busy: 1, idle: 1, failed: 1 });
      expect((await s.listCurrentRunners()).filter((r) => r.cluster === "c4b")).toHaveLength(1);
      expect(await s.getCurrentRunner("c4", "arc-runners", "busy-1")).toMatchObject({ job: { jobRequestId: 77 } });
      await s.deleteRunners([busy.uid]);
      expect(await s.getCurrentRunner("c4", "arc-runners", "busy-1")).toBeUndefined();
    });

    it("upserts and deletes pods and runner sets by their keys", async () => {
      const s = store();
      const listener = pod({ cluster: "c4p" });
      await s.upsertPods([listener, pod({ cluster: "c4p", name: "arc-gha-rs-controller-6d9f", role: "controller", scaleSet: undefined })]);
      await s.upsertPods([{ ...listener, phase: "Failed", reason: "Error" }]);
      const pods = await s.listPods({ cluster: "c4p" });
      expect(pods.map((p) => [p.name, p.phase]).sort()).toEqual([
        ["arc-gha-rs-controller-6d9f", "Running"],
        ["web-754b578d-listener", "Failed"],
      ]);
      await s.deletePods([listener.uid]);
      expect((await s.listPods({ cluster: "c4p" })).map((p) => p.role)).toEqual(["controller"]);

      const ers = { cluster: "c4p", namespace: "arc-runners", name: "web-x7k2p", scaleSet: "web", uid: "ers-1", createdAt: "2026-11-22T09:00:00Z", replicas: 2, phase: "Running" as const, status: {} };
      await s.upsertRunnerSets([ers]);
      await s.upsertRunnerSets([{ ...ers, replicas: 5 }]);
      expect((await s.listRunnerSets()).filter((x) => x.cluster === "c4p").map((x) => x.replicas)).toEqual([5]);
      await s.markRunnerSetsDeleted([ers], NOW);
      expect((await s.listRunnerSets()).filter((x) => x.cluster === "c4p")).toEqual([]);
      expect((await s.listRunnerSets({ includeDeleted: true })).find((x) => x.cluster === "c4p")?.deletedAt).toBe(NOW.toISOString());
    });

    it("ignores duplicate listener samples and returns the newest per known scale set", async () => {
      const s = store();
      await s.upsertScaleSets([scaleSet({ cluster: "c5", name: "web" })]);
      const a = sample({ cluster: "c5", at: "2026-11-22T10:00:00Z", desiredRunners: 2 });
      const b = sample({ cluster: "c5", at: "2026-11-22T10:01:00Z", desiredRunners: 5 });
      await s.appendListenerSamples([a, b]);
      await s.appendListenerSamples([a, b]);
      const key = { cluster: "c5", namespace: "arc-runners", name: "web" };
      const listed = await s.listListenerSamples({ key, from: new Date("2026-11-22T09:59:00Z"), to: new Date("2026-11-22T10:05:00Z") });
      expect(listed.map((x) => x.desiredRunners)).toEqual([2, 5]);
      const latest = (await s.latestListenerSamples()).filter((x) => x.cluster === "c5");
      expect(latest).toEqual([b]);
    });

    it("downsamples listener figures in the database to per-bucket maxima", async () => {
      const s = store();
      const key = { cluster: "c5b", namespace: "arc-runners", name: "web" };
      await s.appendListenerSamples([
        sample({ cluster: "c5b", at: "2026-11-22T09:58:00Z", desiredRunners: 8 }),
        sample({ cluster: "c5b", at: "2026-11-22T10:00:10Z", desiredRunners: 2, availableJobs: 4 }),
        sample({ cluster: "c5b", at: "2026-11-22T10:00:50Z", desiredRunners: 6, availableJobs: 1 }),
        sample({ cluster: "c5b", at: "2026-11-22T10:02:30Z", desiredRunners: 1, availableJobs: undefined }),
      ]);
      const got = await s.listListenerBuckets({ key, from: new Date("2026-11-22T10:00:00Z"), to: new Date("2026-11-22T10:05:00Z"), stepMs: 60_000 });
      expect(got.buckets.map((b) => [b.at, b.desiredRunners, b.availableJobs])).toEqual([
        ["2026-11-22T10:00:00.000Z", 6, 4],
        ["2026-11-22T10:02:00.000Z", 1, undefined],
      ]);
      expect(got.before?.desiredRunners).toBe(8);
      expect(got.latest?.at).toBe("2026-11-22T10:02:30Z");
    });

    it("upserts events by uid (count and lastSeen move) and never stores a log line twice", async () => {
      const s = store();
      const e = event({ cluster: "c6", uid: "ev-a" });
      await s.upsertEvents([e]);
      await s.upsertEvents([{ ...e, count: 4, lastSeen: "2026-11-22T10:02:00Z" }]);
      const evs = await s.listEvents({ cluster: "c6", from: new Date("2026-11-22T09:00:00Z"), to: NOW });
      expect(evs).toHaveLength(1);
      expect(evs[0]).toMatchObject({ count: 4, lastSeen: "2026-11-22T10:02:00Z" });
      expect(await s.listEvents({ cluster: "c6", involvedNames: ["someone-else"], from: new Date(0), to: NOW })).toEqual([]);

      const l1 = logLine({ cluster: "c6" });
      const l2 = logLine({ cluster: "c6", time: "2026-11-22T10:00:11Z", raw: "second line", message: "second line" });
      await s.appendLogLines([l1, l2]);
      await s.appendLogLines([l1]);
      const logs = await s.listLogLines({ cluster: "c6", namespace: "arc-runners", pod: "web-x7k2p-runner-abcde" });
      expect(logs.map((l) => l.raw)).toEqual([l1.raw, "second line"]);
    });

    it("upserts GitHub jobs by id and replaces runners and groups per scope", async () => {
      const s = store();
      await s.upsertGitHubJobs([job({ id: 61 }), job({ id: 62 })]);
      await s.upsertGitHubJobs([job({ id: 61, status: "in_progress", runnerName: "web-x7k2p-runner-abcde", startedAt: "2026-11-22T10:00:40Z" })]);
      const jobs = (await s.listGitHubJobs()).filter((j) => j.id === 61 || j.id === 62);
      expect(jobs.map((j) => [j.id, j.status])).toEqual([
        [61, "in_progress"],
        [62, "queued"],
      ]);
      expect((await s.listGitHubJobs({ runnerName: "web-x7k2p-runner-abcde" })).map((j) => j.id)).toContain(61);

      const r = (id: number, name: string) => ({ id, name, scope: "acme", status: "online" as const, busy: false, labels: ["web"] });
      await s.replaceGitHubRunners("acme", [r(1, "a"), r(2, "b")]);
      await s.replaceGitHubRunners("acme/shop", [r(3, "c")]);
      await s.replaceGitHubRunners("acme", [r(2, "b")]);
      expect((await s.listGitHubRunners()).map((x) => `${x.scope}:${x.name}`).sort()).toEqual(["acme/shop:c", "acme:b"]);

      const g = { id: 1, org: "acme", name: "default", visibility: "all" as const, default: true, repositories: [] };
      await s.replaceRunnerGroups("acme", [g]);
      await s.replaceRunnerGroups("acme", [{ ...g, visibility: "selected", repositories: ["acme/shop"] }]);
      expect(await s.listRunnerGroups()).toEqual([{ ...g, visibility: "selected", repositories: ["acme/shop"] }]);

      const rl = { scope: "acme", limit: 5000, remaining: 4000, used: 1000, resetAt: "2026-11-22T13:00:00Z", observedAt: "2026-11-22T12:00:00Z" };
      await s.recordRateLimit(rl);
      await s.recordRateLimit({ ...rl, remaining: 3990, used: 1010 });
      expect(await s.listRateLimits()).toEqual([{ ...rl, remaining: 3990, used: 1010 }]);
    });

    it("keeps firstSeen while a finding fires, resolves it when it stops, and reopens it fresh", async () => {
      const s = store();
      const a = finding({ ruleId: "rule-a", fingerprint: "fp-a", firstSeen: "2026-11-22T10:00:00Z", lastSeen: "2026-11-22T10:00:00Z" });
      const b = finding({ ruleId: "rule-b", fingerprint: "fp-b", severity: "warning" });
      const skipped = finding({ ruleId: "rule-skipped", fingerprint: "fp-skipped" });
      await s.recordFindings(result([a, b, skipped]), new Date("2026-11-22T10:00:00Z"));
      // Next evaluation: a still fires (engine restarted, so its firstSeen is later), b stopped, rule-skipped not evaluated.
      await s.recordFindings(
        result([{ ...a, firstSeen: "2026-11-22T10:05:00Z", lastSeen: "2026-11-22T10:05:00Z" }], [{ ruleId: "rule-skipped", title: "x", missing: [{ slice: "githubJobs" }] }]),
        new Date("2026-11-22T10:05:00Z"),
      );
      const open = (await s.listFindings()).filter((f) => f.fingerprint.startsWith("fp-"));
      expect(open.map((f) => f.fingerprint).sort()).toEqual(["fp-a", "fp-skipped"]);
      expect(open.find((f) => f.fingerprint === "fp-a")).toMatchObject({ firstSeen: "2026-11-22T10:00:00.000Z", lastSeen: "2026-11-22T10:05:00.000Z" });
      const resolvedB = (await s.listFindings({ includeResolved: true })).find((f) => f.fingerprint === "fp-b");
      expect(resolvedB?.resolvedAt).toBe("2026-11-22T10:05:00.000Z");

      await s.recordFindings(result([{ ...b, firstSeen: "2026-11-22T11:00:00Z", lastSeen: "2026-11-22T11:00:00Z" }]), new Date("2026-11-22T11:00:00Z"));
      const reopened = (await s.listFindings()).find((f) => f.fingerprint === "fp-b");
      expect(reopened).toMatchObject({ firstSeen: "2026-11-22T11:00:00.000Z" });
      expect(reopened?.resolvedAt).toBeUndefined();
    });

    it("stores incidents and revokes them once", async () => {
      const s = store();
      await s.insertIncident({ id: "inc-1", createdAt: NOW, title: "web stuck", scope: { scaleSets: [] }, snapshot: { views: [1, 2] } });
      expect(await s.getIncident("inc-1")).toEqual({ id: "inc-1", createdAt: NOW.toISOString(), title: "web stuck", scope: { scaleSets: [] }, snapshot: { views: [1, 2] } });
      expect(await s.revokeIncident("inc-1", NOW)).toBe(true);
      expect(await s.revokeIncident("inc-1", NOW)).toBe(false);
      expect((await s.getIncident("inc-1"))?.revokedAt).toBe(NOW.toISOString());
      expect(await s.getIncident("missing")).toBeUndefined();
    });

    it("retention prunes raw history after 7 days, rolls samples into 5-minute maxima, and keeps live runners", async () => {
      const s = store();
      const old = "2026-11-10T10:01:00Z";
      await s.upsertRunnerLives([
        life({ cluster: "c9", name: "old-ended", createdAt: old, finishedAt: old, outcome: "succeeded" }),
        life({ cluster: "c9", name: "old-alive", createdAt: old }),
        life({ cluster: "c9", name: "recent", createdAt: "2026-11-21T10:00:00Z" }),
      ]);
      await s.upsertRunners([runner({ cluster: "c9", name: "old-alive" })]);
      await s.appendListenerSamples([
        sample({ cluster: "c9", at: "2026-11-10T10:01:00Z", desiredRunners: 3, availableJobs: 9 }),
        sample({ cluster: "c9", at: "2026-11-10T10:03:00Z", desiredRunners: 7, availableJobs: 1 }),
        sample({ cluster: "c9", at: "2026-11-22T11:00:00Z", desiredRunners: 1 }),
      ]);
      await s.upsertEvents([event({ cluster: "c9", uid: "old-ev", lastSeen: old })]);
      await s.appendLogLines([logLine({ cluster: "c9", time: old })]);
      await s.recordFindings(result([finding({ fingerprint: "fp-old", ruleId: "rule-old" })]), new Date("2026-08-01T00:00:00Z"));
      await s.recordFindings(result([]), new Date("2026-08-02T00:00:00Z")); // resolves fp-old (and the rest) long ago

      const report = await runRetention(s, NOW);
      expect(report.rollups).toBeGreaterThanOrEqual(1);
      expect((await s.runnerLivesByName("c9", "arc-runners", "old-ended"))).toEqual([]);
      expect((await s.runnerLivesByName("c9", "arc-runners", "old-alive"))).toHaveLength(1);
      expect((await s.runnerLivesByName("c9", "arc-runners", "recent"))).toHaveLength(1);
      expect(await s.listEvents({ cluster: "c9", from: new Date(0), to: NOW })).toEqual([]);
      expect(await s.listLogLines({ cluster: "c9" })).toEqual([]);

      const key = { cluster: "c9", namespace: "arc-runners", name: "web" };
      const series = await s.listListenerSamples({ key, from: new Date("2026-11-10T00:00:00Z"), to: NOW });
      expect(series.map((x) => [x.at, x.desiredRunners, x.availableJobs])).toEqual([
        ["2026-11-10T10:00:00.000Z", 7, 9],
        ["2026-11-22T11:00:00Z", 1, 0],
      ]);
      const buckets = await s.listListenerBuckets({ key, from: new Date("2026-11-10T00:00:00Z"), to: NOW, stepMs: 86_400_000 });
      expect(buckets.buckets.map((b) => [b.at.slice(0, 10), b.desiredRunners])).toEqual([
        ["2026-11-10", 7],
        ["2026-11-22", 1],
      ]);
      expect((await s.listFindings({ includeResolved: true })).find((f) => f.fingerprint === "fp-old")).toBeUndefined();

      const chatty = Array.from({ length: RETENTION.logLinesPerPod + 5 }, (_, i) =>
        logLine({ cluster: "c9", pod: "chatty", time: new Date(NOW.getTime() - (i + 1) * 1000).toISOString(), raw: `line ${i}` }),
      );
      await s.appendLogLines(chatty);
      await runRetention(s, NOW);
      const kept = await s.listLogLines({ cluster: "c9", pod: "chatty", limit: 5000 });
      expect(kept).toHaveLength(RETENTION.logLinesPerPod);
      expect(kept.at(-1)?.raw).toBe("line 0"); // the newest survive

      const again = await runRetention(s, NOW);
      expect(again).toMatchObject({ lives: 0, samples: 0, events: 0 });
    });
  });
}
