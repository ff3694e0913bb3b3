import { describe, expect, it } from "vitest";
import { CONTROLLER_NS, RT, RUNNER_NS } from "./resources";
import { harness, runnerTerminations, scenario, status, type Json } from "./test-harness";

const bySet = (name: string) => (o: { metadata: { labels?: Record<string, string> } }) => o.metadata.labels?.["actions.github.com/scale-set-name"] === name;

describe("fault scenarios show the evidence their seed describes", () => {
  it("command-dropped: the template has no command and runner containers exit 0 in under a second", async () => {
    const h = harness("0.13", [scenario("command-dropped")]);
    await h.clock.advance(60_000);
    const ars = h.store.get(RT.ars, RUNNER_NS, "ha-restarter");
    const containers = ((ars?.spec as Json).template as { spec: { containers: Json[] } }).spec.containers;
    expect(containers[0]).toMatchObject({ name: "runner", image: "ghcr.io/actions/actions-runner:latest" });
    expect(containers[0]?.command).toBeUndefined();
    const ends = runnerTerminations(h);
    expect(ends.length).toBeGreaterThan(5);
    // container times are whole seconds (metav1.Time), so a 0.9 s life can read as 1 s
    expect(ends.every((e) => e.exitCode === 0 && e.lifeMs <= 1_000)).toBe(true);
    const logged = ends.flatMap((e) => h.logs.read(RUNNER_NS, e.name, "runner").map((l) => l.text));
    expect(logged.some((l) => l.startsWith("VssOAuthTokenRequestException: Registration ") && l.includes("was not found. Failed to create a session."))).toBe(true);
  });

  it("workflow-pod-failed: the <runner>-workflow pod goes Failed, the runner logs it and the job fails", async () => {
    const h = harness("0.13", [scenario("workflow-pod-failed")]);
    await h.clock.advance(120_000);
    const failed = h.history("pods").filter((e) => e.object.metadata.name.endsWith("-workflow") && status(e.object).phase === "Failed");
    expect(failed.length).toBeGreaterThan(0);
    const wf = failed[0]!.object;
    const runnerPod = wf.metadata.labels?.["runner-pod"] ?? "";
    expect(wf.metadata.name).toBe(`${runnerPod}-workflow`);
    expect(h.logs.read(RUNNER_NS, runnerPod, "runner").map((l) => l.text)).toContain(`Error: Pod ${runnerPod}-workflow is unhealthy with phase status Failed: {}`);
    const job = h.github.state.jobs.find((j) => j.runnerName === runnerPod);
    expect(job).toMatchObject({ status: "completed", conclusion: "failure" });
    const tpl = (h.store.get(RT.ars, RUNNER_NS, "nix-builder")?.spec as Json).template as { spec: { containers: { env: { name: string }[] }[] } };
    expect(tpl.spec.containers[0]?.env.map((e) => e.name)).toEqual(expect.arrayContaining(["ACTIONS_RUNNER_CONTAINER_HOOKS", "ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE"]));
  });

  it("oom-evicted-lost: OOMKilled exit 137, Evicted pods with the kubelet message, jobs failed after the runner vanished", async () => {
    const h = harness("0.14", [scenario("oom-evicted-lost")], 21);
    await h.clock.advance(240_000);
    const pods = h.history("pods").map((e) => e.object);
    const oom = pods.filter(bySet("heavy-build")).flatMap((p) => ((status(p).containerStatuses ?? []) as Json[]).map((c) => (c.state as Json).terminated as Json | undefined));
    expect(oom.some((t) => t?.reason === "OOMKilled" && t.exitCode === 137)).toBe(true);
    const evicted = pods.filter(bySet("disk-hungry")).find((p) => status(p).reason === "Evicted");
    expect(evicted && status(evicted)).toMatchObject({ phase: "Failed", message: expect.stringMatching(/^The node was low on resource: ephemeral-storage\./) });
    expect(h.store.list(RT.event, RUNNER_NS).some((e) => e.reason === "Evicted")).toBe(true);
    const lost = h.cluster.scaleSets.find((s) => s.spec.name === "spot-pool");
    expect(lost?.lives.deleted).toBeGreaterThan(0);
    const failedJobs = h.github.state.jobs.filter((j) => j.labels.includes("spot-pool") && j.conclusion === "failure");
    expect(failedJobs.length).toBeGreaterThan(0);
    expect(failedJobs.every((j) => j.runnerName && !h.store.get(RT.er, RUNNER_NS, j.runnerName))).toBe(true);
  });

  it("listener-rate-limited: the listener prints the 403 rate-limit error and is recreated with a new uid", async () => {
    const h = harness("0.14", [scenario("listener-rate-limited")]);
    await h.clock.advance(60_000);
    const al = h.store.list(RT.al, CONTROLLER_NS)[0]!;
    const lines = h.logs.read(CONTROLLER_NS, al.metadata.name, "listener").map((l) => l.text);
    expect(lines.filter((l) => l.startsWith("Application returned an error: failed to get runner registration token (403 Forbidden): API rate limit exceeded for user ID")).length).toBeGreaterThan(2);
    const uids = new Set(h.history("pods").filter((e) => e.object.metadata.name === al.metadata.name).map((e) => e.object.metadata.uid));
    expect(uids.size).toBeGreaterThan(2);
    expect(h.github.state.jobs.some((j) => j.status === "queued")).toBe(true);
    expect(h.cluster.proxy(CONTROLLER_NS, al.metadata.name, "8080", "metrics")).toBeUndefined();
  });

  it("listener-image-pull-403: listener pod waits in ImagePullBackOff with GHCR 403 events", async () => {
    const h = harness("0.14", [scenario("listener-image-pull-403")]);
    await h.clock.advance(90_000);
    const pod = h.store.list(RT.pod, CONTROLLER_NS).find(bySet("tinyland-kvm"))!;
    expect(status(pod).phase).toBe("Pending");
    const waiting = ((status(pod).containerStatuses as Json[])[0]?.state as Json).waiting as Json;
    expect(waiting.reason).toBe("ImagePullBackOff");
    const events = h.store.list(RT.event, CONTROLLER_NS).filter((e) => (e.involvedObject as Json).name === pod.metadata.name);
    expect(events.some((e) => e.reason === "Failed" && String(e.message).includes("403 Forbidden"))).toBe(true);
    expect(events.find((e) => e.reason === "BackOff")?.count).toBeGreaterThan(1);
  });

  it("rollover-deadlock: ARS Pending, no listener, two runner-set generations, controller waiting on running/pending", async () => {
    const h = harness("0.14", [scenario("rollover-deadlock")]);
    await h.clock.advance(90_000);
    expect(status(h.store.get(RT.ars, RUNNER_NS, "tinyland-docker")!).phase).toBe("Pending");
    expect(h.store.list(RT.al, CONTROLLER_NS)).toHaveLength(0);
    const ers = h.store.list(RT.ers, RUNNER_NS);
    expect(ers).toHaveLength(2);
    expect(new Set(ers.map((e) => e.metadata.annotations?.["actions.github.com/runner-spec-hash"])).size).toBe(2);
    const line = h.logs
      .read(CONTROLLER_NS, h.cluster.ctx.controllerPod, "manager")
      .map((l) => JSON.parse(l.text) as Json)
      .findLast((l) => l.message === "Latest runner set spec hash does not match the current autoscaling runner set. Waiting for the running and pending runners to finish:");
    expect(line).toMatchObject({ running: 1, pending: 0, logger: "AutoscalingRunnerSet" });
  });

  it("zombies: idle runners beyond min, offline orphans, a job stuck on a dead runner, a stale generation", async () => {
    const h = harness("0.13", [scenario("zombies")], 9);
    await h.clock.advance(90_000);
    const idle = h.store.list(RT.er, RUNNER_NS).filter(bySet("zombie-idle"));
    expect(idle.length).toBe(3);
    expect(idle.every((e) => status(e).ready === true && !status(e).jobId)).toBe(true);
    const erNames = new Set(h.store.list(RT.er, RUNNER_NS).map((e) => e.metadata.name));
    const orphans = h.github.state.runners.filter((r) => r.name.startsWith("zombie-orphans-") && !erNames.has(r.name));
    expect(orphans).toHaveLength(3);
    expect(orphans.every((r) => r.status === "offline")).toBe(true);
    const stuck = h.github.state.jobs.find((j) => j.labels.includes("zombie-stuck-job") && j.status === "in_progress");
    expect(stuck).toBeDefined();
    const stuckEr = h.store.get(RT.er, RUNNER_NS, stuck!.runnerName!);
    expect(stuckEr?.metadata.deletionTimestamp).toBeDefined();
    expect(status(h.store.get(RT.pod, RUNNER_NS, stuck!.runnerName!)!).phase).toBe("Failed");
    const stale = h.store.list(RT.ers, RUNNER_NS).filter(bySet("zombie-stale-gen"));
    expect(stale).toHaveLength(2);
  });
});
