import { describe, expect, it } from "vitest";
import type { Scenario } from "@/lib/simulator/scenarios";
import { CONTROLLER_NS, RT, RUNNER_NS } from "./resources";
import { FAILURE_BACKOFF_MS } from "./scale-set";
import { harness, runnerTerminations, scenario, status, type Json } from "./test-harness";

describe("ARC model", () => {
  it("empty JIT secret: runners exit 0 within 1–2 s, print 'Not configured', never take a job", async () => {
    const h = harness("0.13", [scenario("empty-jit-secret")]);
    await h.clock.advance(60_000);
    const ends = runnerTerminations(h);
    expect(ends.length).toBeGreaterThan(10);
    for (const e of ends) {
      expect(e.exitCode).toBe(0);
      expect(e.lifeMs).toBeLessThanOrEqual(2_000);
    }
    const secrets = h.history("secrets").filter((e) => e.type === "ADDED");
    expect(secrets.length).toBeGreaterThan(10);
    for (const s of secrets) expect(s.object.data).toBeUndefined();
    for (const { object } of h.history("ephemeralrunners")) expect(status(object).jobId).toBeUndefined();
    const some = ends[0];
    expect(some && h.logs.read(RUNNER_NS, some.name, "runner").map((l) => l.text)).toContain("Not configured. Run config.(sh/cmd) to configure the runner.");
    const queued = h.github.state.jobs.filter((j) => j.status === "queued");
    expect(queued.length).toBeGreaterThan(0);
    expect(h.github.state.jobs.every((j) => j.status === "queued")).toBe(true);
  });

  it("failing runner: failures map grows with 5/10/20/40/80 s back-off, ER re-created after more than 5", async () => {
    const failing: Scenario = {
      id: "failing",
      title: "t",
      description: "t",
      scaleSets: [
        {
          name: "crashy",
          minRunners: 1,
          maxRunners: 1,
          containerMode: "default",
          faults: { runnerExit: { code: 1, reason: "Error", afterMs: [300, 600], log: ["/home/runner/run.sh: line 3: exec: Runner.Listener: not found"] } },
          expected: { primary: ["runner-entrypoint-missing"], alsoAcceptable: ["runner-failure-loop"] },
        },
      ],
      workload: [],
    };
    const h = harness("0.14", [failing]);
    await h.clock.advance(200_000);
    const deleted = h.history("ephemeralrunners").find((e) => e.type === "DELETED");
    expect(deleted).toBeDefined();
    const failures = status(deleted!.object).failures as Record<string, string>;
    const times = Object.values(failures).map((t) => Date.parse(t)).sort((a, b) => a - b);
    expect(times).toHaveLength(6);
    for (let i = 1; i < times.length; i++) {
      const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
      const backoff = FAILURE_BACKOFF_MS[i] ?? 0;
      // gap = back-off + one pod life (schedule + start + run), never shorter than the back-off
      expect(gap).toBeGreaterThanOrEqual(backoff);
      expect(gap).toBeLessThan(backoff + 5_000);
    }
    expect(FAILURE_BACKOFF_MS).toEqual([0, 5_000, 10_000, 20_000, 40_000, 80_000]);
    const current = h.store.list(RT.er, RUNNER_NS);
    expect(current).toHaveLength(1);
    expect(current[0]?.metadata.name).not.toBe(deleted!.object.metadata.name);
    const ctrl = h.logs.read(CONTROLLER_NS, h.cluster.ctx.controllerPod, "manager").map((l) => l.text);
    expect(ctrl.some((l) => l.includes("EphemeralRunner has failed more than 5 times. Deleting ephemeral runner so it can be re-created"))).toBe(true);
  });

  it("0.13 listener writes zap JSON with ts/severity/logger/message and statistics", async () => {
    const h = harness("0.13", [scenario("healthy")]);
    await h.clock.advance(120_000);
    const al = h.store.list(RT.al, CONTROLLER_NS).find((a) => a.metadata.labels?.["actions.github.com/scale-set-name"] === "web");
    const lines = h.logs.read(CONTROLLER_NS, al!.metadata.name, "listener").map((l) => JSON.parse(l.text) as Json);
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(Object.keys(l).slice(0, 4)).toEqual(["ts", "severity", "logger", "message"]);
    const stats = lines.find((l) => l.message === "New runner scale set statistics.");
    expect(Object.keys(stats?.statistics as Json).sort()).toEqual(
      ["totalAcquiredJobs", "totalAssignedJobs", "totalAvailableJobs", "totalBusyRunners", "totalIdleRunners", "totalRegisteredRunners", "totalRunningJobs"].sort(),
    );
    const initial = lines.find((l) => l.message === "Current runner scale set statistics.");
    expect(typeof initial?.statistics).toBe("string");
    const target = lines.find((l) => l.message === "Calculated target runner count");
    expect(target).toMatchObject({ logger: "listener-app.worker.kubernetesworker", min: 1, max: 10 });
    expect(target).toHaveProperty(["assigned job"]);
    const ids = lines.filter((l) => l.message === "Getting next message").map((l) => Number(l.lastMessageID));
    expect(Math.max(...ids)).toBeGreaterThan(0);
  });

  it("0.14 listener writes slog JSON and serves gha_assigned_jobs labelled with the ERS name", async () => {
    const h = harness("0.14", [scenario("healthy")]);
    await h.clock.advance(90_000);
    const al = h.store.list(RT.al, CONTROLLER_NS).find((a) => a.metadata.labels?.["actions.github.com/scale-set-name"] === "web");
    const lines = h.logs.read(CONTROLLER_NS, al!.metadata.name, "listener").map((l) => JSON.parse(l.text) as Json);
    for (const l of lines) expect(Object.keys(l).slice(0, 5)).toEqual(["time", "level", "source", "msg", "component"]);
    expect(lines.some((l) => l.msg === "Handling initial session statistics")).toBe(true);
    expect(lines.some((l) => l.msg === "New runner scale set statistics.")).toBe(false);
    const ers = h.store.list(RT.ers, RUNNER_NS).find((e) => e.metadata.labels?.["actions.github.com/scale-set-name"] === "web");
    const res = h.cluster.proxy(CONTROLLER_NS, al!.metadata.name, "8080", "metrics");
    expect(res?.status).toBe(200);
    expect(res?.body).toContain(`gha_assigned_jobs{name="${ers!.metadata.name}",namespace="arc-runners",enterprise="",organization="acme",repository=""}`);
    expect(res?.body).toMatch(/gha_started_jobs_total\{[^}]*job_name="build"[^}]*\} [1-9]/);
  });

  it("healthy: runners take jobs, write job info, exit 0 and are deleted; jobs succeed", async () => {
    const h = harness("0.14", [scenario("healthy")]);
    await h.clock.advance(180_000);
    const done = h.github.state.jobs.filter((j) => j.status === "completed");
    expect(done.length).toBeGreaterThan(3);
    expect(done.every((j) => j.conclusion === "success" && j.runnerName && j.runnerGroupName === "Default")).toBe(true);
    expect(runnerTerminations(h).every((t) => t.exitCode === 0)).toBe(true);
    const withJob = h.history("ephemeralrunners").filter((e) => status(e.object).jobId);
    expect(withJob.length).toBeGreaterThan(0);
    expect(status(withJob[0]!.object)).toMatchObject({ jobRepositoryName: expect.stringMatching(/^acme\//), jobDisplayName: expect.any(String), workflowRunId: expect.any(Number) });
    expect(h.history("ephemeralrunners").every((e) => !status(e.object).failures)).toBe(true);
    const oldestQueuedMs = Math.min(...h.github.state.jobs.filter((j) => j.status === "queued").map((j) => Date.parse(j.createdAt)));
    expect(h.clock.nowMs() - (Number.isFinite(oldestQueuedMs) ? oldestQueuedMs : h.clock.nowMs())).toBeLessThan(30_000);
  });

  it("invalid pod volume: ER Failed/InvalidPod with the API server's message, no pod", async () => {
    const h = harness("0.13", [scenario("invalid-pod-volume")]);
    await h.clock.advance(10_000);
    const ers = h.store.list(RT.er, RUNNER_NS);
    expect(ers.length).toBeGreaterThan(0);
    for (const er of ers) {
      expect(status(er)).toMatchObject({ phase: "Failed", reason: "InvalidPod" });
      expect(String(status(er).message)).toBe(`Failed to create the pod: Pod "${er.metadata.name}" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "kubectl-bin"`);
      expect(h.store.get(RT.pod, RUNNER_NS, er.metadata.name)).toBeUndefined();
    }
  });

  it("unmatched labels and a denied runner group leave jobs queued and the listener at 0 assigned", async () => {
    const h = harness("0.13", [scenario("unmatched-labels"), scenario("runner-group-denied")]);
    await h.clock.advance(120_000);
    expect(h.github.state.jobs.length).toBeGreaterThan(1);
    expect(h.github.state.jobs.every((j) => j.status === "queued" && !j.runnerName)).toBe(true);
    for (const set of h.cluster.scaleSets) expect(set.stats().totalAssignedJobs).toBe(0);
    const group = h.github.state.runnerGroups.find((g) => g.name === "restricted");
    expect(group).toMatchObject({ visibility: "selected", repositories: ["acme/vault"] });
  });

  it("burst: quota-refused runners stay Pending with the controller's requeue line; unschedulable pods get FailedScheduling", async () => {
    const h = harness("0.14", [scenario("burst")]);
    await h.clock.advance(90_000);
    const ctrl = h.logs.read(CONTROLLER_NS, h.cluster.ctx.controllerPod, "manager").map((l) => l.text);
    expect(ctrl.some((l) => l.includes("Resource quota is exceeded; requeue in 30s to retry pod creation") && l.includes("burst-quota"))).toBe(true);
    const events = h.store.list(RT.event, RUNNER_NS);
    const failed = events.filter((e) => e.reason === "FailedScheduling").map((e) => String(e.message));
    expect(failed.some((m) => /^0\/3 nodes are available: 3 Too many pods\. preemption: /.test(m))).toBe(true);
    expect(failed.some((m) => m.includes("Insufficient ephemeral-storage"))).toBe(true);
    const max = h.cluster.scaleSets.find((s) => s.spec.name === "burst-max");
    expect(max?.runnerCount()).toBeLessThanOrEqual(2);
    expect(h.github.queuedJobs(max!.handle.scaleSetId).length).toBeGreaterThan(0);
    const steady = h.cluster.scaleSets.find((s) => s.spec.name === "burst-steady");
    expect(h.github.queuedJobs(steady!.handle.scaleSetId)).toHaveLength(0);
  });
});
