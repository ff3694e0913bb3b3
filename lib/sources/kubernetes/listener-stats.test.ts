import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KubeConfig } from "@kubernetes/client-node";
import type { ListenerSample, PodState } from "@/lib/model";
import { HealthRegistry } from "@/lib/collector/health";
import { arcMinor, listenerHealthId, startListenerStats } from "./listener-stats";

// A stand-in API server whose RBAC forbids pods/log and pods/proxy (403 Status, as Kubernetes answers).
let server: http.Server;
let url = "";
const requests: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    res.writeHead(403, { "content-type": "application/json" });
    res.end(JSON.stringify({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "Forbidden", code: 403, message: 'pods "x" is forbidden: User "system:serviceaccount:runnerscope:runnerscope" cannot get resource "pods/log"' }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

function kc(): KubeConfig {
  const k = new KubeConfig();
  k.loadFromOptions({
    clusters: [{ name: "c", server: url, skipTLSVerify: true }],
    users: [{ name: "u" }],
    contexts: [{ name: "east", cluster: "c", user: "u" }],
    currentContext: "east",
  });
  return k;
}

function listenerPod(version: string): PodState {
  return {
    cluster: "east",
    namespace: "arc-systems",
    name: "web-6c8f9d7b-listener",
    uid: "pod-l1",
    role: "listener",
    scaleSet: "web",
    labels: {
      "app.kubernetes.io/component": "runner-scale-set-listener",
      "app.kubernetes.io/version": version,
      "actions.github.com/scale-set-name": "web",
      "actions.github.com/scale-set-namespace": "arc-runners",
    },
    createdAt: "2026-11-22T10:00:00Z",
    phase: "Running",
    conditions: [],
    containers: [{ name: "listener", image: "ghcr.io/actions/gha-runner-scale-set-controller:0.14.2", command: ["/ghalistener"], volumeMounts: [], envNames: [] }],
    initContainers: [],
    containerStatuses: [],
    initContainerStatuses: [],
    volumes: [],
  };
}

async function until(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

describe("listener statistics source", () => {
  it("reads the ARC minor version from the version label", () => {
    expect(arcMinor("0.14.2")).toBe(14);
    expect(arcMinor("0.13.1")).toBe(13);
    expect(arcMinor(undefined)).toBeUndefined();
  });

  it("is unavailable with the reason — never zero samples — when metrics are disabled and pods/log is forbidden", async () => {
    const health = new HealthRegistry();
    const samples: ListenerSample[] = [];
    const stats = startListenerStats({
      cluster: { name: "east", kc: kc() },
      view: { listenerPods: () => [{ pod: listenerPod("0.14.2") }], scaleSetOfRunnerSet: () => undefined },
      health,
      scrapeSeconds: 0.1,
      onSamples: (s) => samples.push(...s),
      onLogs: () => {},
    });
    const id = listenerHealthId("east", "arc-runners", "web");
    await until(() => health.get(id)?.lastError?.message.startsWith("listener statistics unavailable") === true);
    await stats.stop();
    expect(health.get(id)).toMatchObject({
      kind: "listener",
      state: "unavailable",
      lastError: { message: "listener statistics unavailable: metrics disabled and pods/log forbidden" },
    });
    expect(samples).toEqual([]);
    expect(requests.some((r) => r.startsWith("/api/v1/namespaces/arc-systems/pods/web-6c8f9d7b-listener/log"))).toBe(true);
  });

  it("names pods/proxy when a 0.14 listener's metrics are forbidden as well as its log", async () => {
    const health = new HealthRegistry();
    const stats = startListenerStats({
      cluster: { name: "east", kc: kc() },
      view: { listenerPods: () => [{ pod: listenerPod("0.14.2"), metricsPort: 8080 }], scaleSetOfRunnerSet: () => undefined },
      health,
      scrapeSeconds: 0.1,
      onSamples: () => {},
      onLogs: () => {},
    });
    const id = listenerHealthId("east", "arc-runners", "web");
    await until(() => health.get(id)?.lastError?.message.startsWith("listener statistics unavailable") === true);
    await stats.stop();
    expect(health.get(id)?.lastError?.message).toBe("listener statistics unavailable: pods/proxy forbidden and pods/log forbidden");
    expect(requests).toContain("/api/v1/namespaces/arc-systems/pods/web-6c8f9d7b-listener:8080/proxy/metrics");
  });

  it("says why when the listener pod is not running (e.g. its image cannot be pulled)", async () => {
    const health = new HealthRegistry();
    const pod: PodState = {
      ...listenerPod("0.14.2"),
      phase: "Pending",
      containerStatuses: [{ name: "listener", image: "ghcr.io/actions/gha-runner-scale-set-controller:0.14.2", ready: false, restartCount: 0, state: "waiting", reason: "ImagePullBackOff" }],
    };
    const stats = startListenerStats({
      cluster: { name: "east", kc: kc() },
      view: { listenerPods: () => [{ pod, metricsPort: 8080 }], scaleSetOfRunnerSet: () => undefined },
      health,
      scrapeSeconds: 0.1,
      onSamples: () => {},
      onLogs: () => {},
    });
    const id = listenerHealthId("east", "arc-runners", "web");
    await until(() => health.get(id)?.lastError !== undefined);
    await stats.stop();
    expect(health.get(id)).toMatchObject({ state: "unavailable", lastError: { message: "listener pod arc-systems/web-6c8f9d7b-listener is Pending (ImagePullBackOff)" } });
  });
});
