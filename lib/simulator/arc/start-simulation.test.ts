import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verify } from "@octokit/webhooks-methods";
import { CoreV1Api, CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulation, type Simulation } from "@/lib/simulator";

/** End-to-end smoke: the default fleet through the real simulated servers and the real clients. */
describe("startSimulation", () => {
  let sim: Simulation;

  beforeAll(async () => {
    sim = await startSimulation({ seed: 3, clock: { kind: "stepped", start: new Date("2026-11-22T12:00:00Z") } });
    await sim.clock.advance(90_000);
  });
  afterAll(async () => {
    await sim?.stop();
  });

  function kubeConfig(context: string): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
    kc.setCurrentContext(context);
    return kc;
  }

  it("writes one kubeconfig context per cluster, the first one current", () => {
    const kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
    expect(kc.getContexts().map((c) => c.name)).toEqual(["sim-east", "sim-west"]);
    expect(kc.getCurrentContext()).toBe("sim-east");
    expect(kc.getCluster("sim-west")?.server).toBe(sim.clusters[1]?.url);
  });

  it("serves EphemeralRunners and listener logs to @kubernetes/client-node", async () => {
    for (const cluster of sim.clusters) {
      const custom = kubeConfig(cluster.name).makeApiClient(CustomObjectsApi);
      const list = (await custom.listNamespacedCustomObject({ group: "actions.github.com", version: "v1alpha1", namespace: "arc-runners", plural: "ephemeralrunners" })) as {
        items: { metadata: { name: string; labels: Record<string, string> } }[];
      };
      expect(list.items.length).toBeGreaterThan(3);
      expect(list.items.every((i) => i.metadata.labels["app.kubernetes.io/component"] === "runner")).toBe(true);
    }
    const east = kubeConfig("sim-east");
    const custom = east.makeApiClient(CustomObjectsApi);
    const als = (await custom.listNamespacedCustomObject({
      group: "actions.github.com",
      version: "v1alpha1",
      namespace: "arc-systems",
      plural: "autoscalinglisteners",
      labelSelector: "actions.github.com/scale-set-name=web",
    })) as { items: { metadata: { name: string } }[] };
    const al = als.items[0]?.metadata.name ?? "";
    expect(al).toMatch(/^web-[0-9a-f]{8}-listener$/);
    const core = east.makeApiClient(CoreV1Api);
    const log = await core.readNamespacedPodLog({ name: al, namespace: "arc-systems", container: "listener" });
    expect(log).toContain('"msg":"Calculated target runner count"');
    const metrics = await core.connectGetNamespacedPodProxyWithPath({ name: `${al}:8080`, namespace: "arc-systems", path: "metrics" });
    expect(String(metrics)).toMatch(/gha_assigned_jobs\{name="web-[a-z0-9]{5}"/);
  });

  it("serves queued runs to @octokit/rest and keeps ground truth in step", async () => {
    const octokit = new Octokit({ baseUrl: sim.github.url, auth: sim.github.token });
    const runs = await octokit.actions.listWorkflowRunsForRepo({ owner: "acme", repo: "ml", status: "queued" });
    expect(runs.data.total_count).toBeGreaterThan(0);
    const truth = sim.groundTruth();
    const deskrun = truth.scaleSets["sim-west/arc-runners/deskrun"];
    expect(deskrun).toMatchObject({ scenario: "empty-jit-secret", expected: ["runner-jit-config-empty"] });
    expect(deskrun?.lives["no-job-exit"]).toBeGreaterThan(10);
    expect(truth.scaleSets["sim-east/arc-runners/web"]?.expected).toEqual([]);
    expect(truth.fleet).toContainEqual({ scenario: "unmatched-labels", expected: ["jobs-unmatched-labels"], alsoAcceptable: [] });
    expect(Object.keys(truth.scaleSets).length).toBeGreaterThanOrEqual(12);
    const denied = truth.scaleSets["sim-west/arc-runners/secure"];
    // the runner group denies acme/payments: its jobs target `secure` but stay queued, unassigned
    expect(denied?.queuedJobs).toBeGreaterThan(0);
    expect(Date.parse(denied?.oldestQueuedAt ?? "")).toBeLessThan(sim.clock.nowMs());
  });

  it("trigger('break-web') drops the runner command: new web runners exit 0 without a job", async () => {
    sim.trigger("break-web");
    // runners busy with 20–60 s jobs finish first; their replacements come from the broken template
    await sim.clock.advance(120_000);
    const east = sim.clusters[0]!;
    const ars = east.store.getShared({ group: "actions.github.com", version: "v1alpha1", plural: "autoscalingrunnersets" }, "arc-runners", "web");
    const template = (ars?.spec as { template: { spec: { containers: { command?: string[] }[] } } }).template;
    expect(template.spec.containers[0]?.command).toBeUndefined();
    expect(sim.groundTruth().scaleSets["sim-east/arc-runners/web"]?.expected).toEqual(["runner-command-dropped"]);
    expect(sim.groundTruth().scaleSets["sim-east/arc-runners/web"]?.lives["no-job-exit"]).toBeGreaterThan(0);
    expect(() => sim.trigger("nonsense")).toThrow(/unknown trigger/);
  });
});

describe("startSimulation with a webhook receiver", () => {
  let sim: Simulation;
  let server: Server;
  const deliveries: { event: string; action: string; valid: boolean }[] = [];
  const secret = "test-secret";

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        void verify(secret, body, String(req.headers["x-hub-signature-256"])).then((valid) => {
          deliveries.push({ event: String(req.headers["x-github-event"]), action: (JSON.parse(body) as { action: string }).action, valid });
          res.end("ok");
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    sim = await startSimulation({
      seed: 5,
      clock: { kind: "stepped", start: new Date("2026-11-22T12:00:00Z") },
      clusters: [{ name: "solo", arc: "0.14", scenarios: ["healthy"] }],
      webhook: { url: `http://127.0.0.1:${port}/hook`, secret },
    });
  });
  afterAll(async () => {
    await sim?.stop();
    await new Promise((r) => server?.close(r));
  });

  it("POSTs signed workflow_job deliveries for queued, in_progress and completed", async () => {
    for (let i = 0; i < 12; i++) await sim.clock.advance(10_000);
    await expect.poll(() => new Set(deliveries.map((d) => d.action)).size, { timeout: 5_000 }).toBe(3);
    expect(deliveries.every((d) => d.event === "workflow_job" && d.valid)).toBe(true);
  });
});
