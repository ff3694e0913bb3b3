import { describe, expect, it } from "vitest";
import { diagnose } from "../engine";
import type { Rule } from "../rule";
import { aJob, aListenerSample, aRunner, aRunnerLife, aScaleSet, aSnapshot, NOW, runnerName, secondsAgo } from "../testing/builders";
import { findScaleSet, forScaleSet, knownScaleSets, scaleSetOf } from "./group";
import { withSnapshotIndex } from "./index";
import { queuedJobsFor, scaleSetsServingJob, servingSetsOf } from "./jobs";
import { samplesFor } from "./listener";

describe("per-round snapshot index", () => {
  it("gives the same per-set answers inside a round as a plain scan", () => {
    const web = aScaleSet();
    const api = aScaleSet({ name: "api" });
    const snapshot = aSnapshot({
      scaleSets: [web, api],
      runners: [aRunner(), aRunner({ scaleSet: "api", name: "api-aaaaa-runner-bbbbb", ephemeralRunnerSet: "api-aaaaa" }), aRunner({ name: runnerName(1), cluster: "" })],
      listenerSamples: [aListenerSample({ at: secondsAgo(10) }), aListenerSample({ at: secondsAgo(70) }), aListenerSample({ scaleSet: "api", at: secondsAgo(5) })],
    });
    // a pasted record without cluster matches the set (wildcard), as outside a round
    const plain = forScaleSet(snapshot.runners, { cluster: "prod-eu", namespace: "arc-runners", name: "web" }, scaleSetOf).map((r) => r.name);
    const indexed = withSnapshotIndex(snapshot, () => forScaleSet(snapshot.runners, { cluster: "prod-eu", namespace: "arc-runners", name: "web" }, scaleSetOf).map((r) => r.name));
    expect(indexed).toEqual(plain);
    expect(indexed).toEqual([runnerName(0), runnerName(1)]);
    withSnapshotIndex(snapshot, () => {
      expect(samplesFor(snapshot, web).map((s) => s.at)).toEqual([secondsAgo(70), secondsAgo(10)]);
      expect(findScaleSet(snapshot, { name: "api" })).toBe(api);
      expect(knownScaleSets(snapshot).map((r) => r.name)).toEqual(["web", "api"]);
    });
  });

  it("routes jobs through the label index exactly like scanning every scale set", () => {
    const web = aScaleSet({ extraLabels: ["linux"] });
    const gpu = aScaleSet({ name: "gpu", extraLabels: ["linux", "gpu"] });
    const gone = aScaleSet({ name: "old", extraLabels: ["linux"], deletedAt: secondsAgo(60) });
    const jobs = [
      aJob({ id: 1, status: "queued", labels: ["self-hosted", "linux"], createdAt: secondsAgo(300) }),
      aJob({ id: 2, status: "queued", labels: ["Linux", "GPU"], createdAt: secondsAgo(120) }),
      aJob({ id: 3, status: "queued", labels: ["self-hosted"], createdAt: secondsAgo(300) }),
      aJob({ id: 4, status: "in_progress", labels: ["linux"], createdAt: secondsAgo(300) }),
    ];
    const snapshot = aSnapshot({ scaleSets: [web, gpu, gone], github: { jobs, runners: [], runnerGroups: [], rateLimits: [] } });
    withSnapshotIndex(snapshot, () => {
      for (const job of jobs) expect(servingSetsOf(snapshot, job)).toEqual(scaleSetsServingJob(snapshot.scaleSets, job));
      expect(servingSetsOf(snapshot, jobs[0]!)).toEqual([web, gpu]);
      expect(queuedJobsFor(snapshot, gpu, NOW, 60).map((j) => j.id)).toEqual([1, 2]);
      expect(queuedJobsFor(snapshot, gpu, NOW, 200).map((j) => j.id)).toEqual([1]);
      // a scale set that is not one of the snapshot's objects is still answered
      expect(queuedJobsFor(snapshot, { ...web }, NOW, 60).map((j) => j.id)).toEqual([1]);
    });
  });

  it("does not carry an index over to the next round when the snapshot changed in between", () => {
    const countRule: Rule = {
      id: "count-lives",
      title: "count",
      severity: "info",
      rank: 1,
      requires: [],
      detects: "",
      evidenceNeeded: "",
      evaluate: (s) => knownScaleSets(s).map((ref) => ({ subject: { scaleSet: ref.name }, explanation: "", evidence: [], runbook: [], confidence: "high" })),
    };
    const snapshot = aSnapshot({ scaleSets: [], runners: [], runnerHistory: [aRunnerLife()] });
    expect(diagnose(snapshot, { now: NOW }, [countRule]).findings.map((f) => f.subject.scaleSet)).toEqual(["web"]);
    snapshot.runnerHistory.push(aRunnerLife({ scaleSet: "api", name: "api-aaaaa-runner-bbbbb" }));
    expect(diagnose(snapshot, { now: NOW }, [countRule]).findings.map((f) => f.subject.scaleSet)).toEqual(["api", "web"]);
  });
});
