import { PassThrough } from "node:stream";
import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  Log,
  makeInformer,
  Watch,
  type KubernetesListObject,
  type KubernetesObject,
  type V1Lease,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCE } from "./resources";
import { ephemeralRunnerFixture, podFixture, startTestCluster, type TestCluster } from "./test-cluster";
import type { KubeObject } from "./types";

const NS = "arc-runners";
const ER_GROUP = { group: "actions.github.com", version: "v1alpha1", plural: "ephemeralrunners" };

async function waitFor(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function rejection(p: Promise<unknown>): Promise<ApiException<unknown>> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiException) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

function statusBody(err: ApiException<unknown>): { reason?: string; message?: string; code?: number } {
  const body = typeof err.body === "string" ? (JSON.parse(err.body) as unknown) : err.body;
  return typeof body === "object" && body !== null ? (body as { reason?: string; message?: string; code?: number }) : {};
}

function names(list: { items: { metadata?: { name?: string } }[] }): string[] {
  return list.items.map((i) => i.metadata?.name ?? "");
}

let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({
    bookmarkIntervalMs: 50,
    proxy: (ns, pod, port, path) =>
      path === "/metrics" ? { status: 200, body: `gha_assigned_jobs{namespace="${ns}",pod="${pod}",port="${port}"} 3\n`, contentType: "text/plain; version=0.0.4" } : undefined,
  });
});

afterAll(async () => {
  await c.close();
});

describe("list and get through client-node", () => {
  it("lists the EphemeralRunners created in the store, per namespace", async () => {
    c.store.create(RESOURCE.ephemeralrunners, ephemeralRunnerFixture(NS, "set-a-runner-1", { "actions.github.com/scale-set-name": "set-a" }));
    c.store.create(RESOURCE.ephemeralrunners, ephemeralRunnerFixture(NS, "set-a-runner-2", { "actions.github.com/scale-set-name": "set-a" }));
    c.store.create(RESOURCE.ephemeralrunners, ephemeralRunnerFixture("other", "set-b-runner-1"));
    const api = c.kc.makeApiClient(CustomObjectsApi);
    const list = (await api.listNamespacedCustomObject({ ...ER_GROUP, namespace: NS })) as KubernetesListObject<KubernetesObject>;
    expect(list.kind).toBe("EphemeralRunnerList");
    expect(names(list)).toEqual(["set-a-runner-1", "set-a-runner-2"]);
    expect(Number(list.metadata?.resourceVersion)).toBeGreaterThanOrEqual(3);
    const all = (await api.listClusterCustomObject(ER_GROUP)) as KubernetesListObject<KubernetesObject>;
    // sorted by namespace, then name, like etcd keys
    expect(names(all)).toEqual(["set-a-runner-1", "set-a-runner-2", "set-b-runner-1"]);
  });

  it("filters pods across namespaces by label selector (=, !=, in, notin, exists, !exists)", async () => {
    const core = c.kc.makeApiClient(CoreV1Api);
    const runner = { "app.kubernetes.io/component": "runner", "actions.github.com/scale-set-name": "set-a", "actions-ephemeral-runner": "True" };
    c.store.create(RESOURCE.pods, podFixture({ namespace: NS, name: "set-a-runner-1", labels: runner }));
    c.store.create(RESOURCE.pods, podFixture({ namespace: "other", name: "set-b-runner-1", labels: { ...runner, "actions.github.com/scale-set-name": "set-b" } }));
    c.store.create(RESOURCE.pods, podFixture({ namespace: "arc-systems", name: "set-a-754b578d-listener", labels: { "app.kubernetes.io/component": "runner-scale-set-listener" } }));
    const select = async (labelSelector: string) => names(await core.listPodForAllNamespaces({ labelSelector }));
    expect(await select("app.kubernetes.io/component=runner,actions.github.com/scale-set-name=set-a")).toEqual(["set-a-runner-1"]);
    expect(await select("app.kubernetes.io/component==runner")).toEqual(["set-a-runner-1", "set-b-runner-1"]);
    expect(await select("actions.github.com/scale-set-name!=set-a")).toEqual(["set-a-754b578d-listener", "set-b-runner-1"]);
    expect(await select("actions.github.com/scale-set-name in (set-b, set-c)")).toEqual(["set-b-runner-1"]);
    expect(await select("actions.github.com/scale-set-name notin (set-b)")).toEqual(["set-a-runner-1", "set-a-754b578d-listener"]);
    expect(await select("actions-ephemeral-runner")).toEqual(["set-a-runner-1", "set-b-runner-1"]);
    expect(await select("!actions-ephemeral-runner")).toEqual(["set-a-754b578d-listener"]);
    const byField = await core.listPodForAllNamespaces({ fieldSelector: "metadata.namespace=other,status.phase=Running" });
    expect(names(byField)).toEqual(["set-b-runner-1"]);
  });

  it("pages with limit and continue", async () => {
    const core = c.kc.makeApiClient(CoreV1Api);
    const first = await core.listPodForAllNamespaces({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.metadata?._continue).toBeTruthy();
    const second = await core.listPodForAllNamespaces({ limit: 2, _continue: first.metadata?._continue });
    expect([...names(first), ...names(second)]).toEqual(["set-a-runner-1", "set-a-754b578d-listener", "set-b-runner-1"]);
    expect(second.metadata?._continue).toBeFalsy();
  });

  it("answers a missing object with a NotFound Status", async () => {
    const core = c.kc.makeApiClient(CoreV1Api);
    const err = await rejection(core.readNamespacedPod({ namespace: NS, name: "nope" }));
    expect(err.code).toBe(404);
    expect(statusBody(err)).toMatchObject({ reason: "NotFound", code: 404, message: 'pods "nope" not found' });
  });
});

describe("watch", () => {
  it("delivers ADDED, MODIFIED, DELETED in order after a list at its resourceVersion", async () => {
    const api = c.kc.makeApiClient(CustomObjectsApi);
    const list = (await api.listNamespacedCustomObject({ ...ER_GROUP, namespace: NS })) as KubernetesListObject<KubernetesObject>;
    const seen: string[] = [];
    let done = false;
    const controller = await new Watch(c.kc).watch(
      `/apis/actions.github.com/v1alpha1/namespaces/${NS}/ephemeralrunners`,
      { resourceVersion: list.metadata?.resourceVersion },
      (type, obj: KubeObject) => seen.push(`${type} ${obj.metadata.name} ${String((obj.status as { phase?: string } | undefined)?.phase ?? "")}`.trim()),
      () => {
        done = true;
      },
    );
    c.store.create(RESOURCE.ephemeralrunners, ephemeralRunnerFixture(NS, "set-a-runner-3"));
    c.store.create(RESOURCE.ephemeralrunners, ephemeralRunnerFixture("other", "not-in-this-namespace"));
    c.store.patch<KubeObject>(RESOURCE.ephemeralrunners, NS, "set-a-runner-3", (o) => {
      o.status = { phase: "Running" };
    });
    c.store.delete(RESOURCE.ephemeralrunners, NS, "set-a-runner-3");
    await waitFor(() => seen.length >= 3, "three watch events");
    expect(seen).toEqual(["ADDED set-a-runner-3", "MODIFIED set-a-runner-3 Running", "DELETED set-a-runner-3 Running"]);
    controller.abort();
    await waitFor(() => done, "watch done");
  });

  it("turns a label change that leaves the selection into DELETED for a selecting watcher", async () => {
    c.store.create(RESOURCE.pods, podFixture({ namespace: NS, name: "relabel-me", labels: { tier: "a" } }));
    const seen: string[] = [];
    const controller = await new Watch(c.kc).watch(
      `/api/v1/namespaces/${NS}/pods`,
      { labelSelector: "tier=a", resourceVersion: c.store.resourceVersion() },
      (type, obj: KubeObject) => seen.push(`${type} ${obj.metadata.name}`),
      () => undefined,
    );
    c.store.patch<KubeObject>(RESOURCE.pods, NS, "relabel-me", (o) => {
      o.metadata.labels = { tier: "b" };
    });
    c.store.patch<KubeObject>(RESOURCE.pods, NS, "relabel-me", (o) => {
      o.metadata.labels = { tier: "a" };
    });
    await waitFor(() => seen.length >= 2, "selection transitions");
    expect(seen).toEqual(["DELETED relabel-me", "ADDED relabel-me"]);
    controller.abort();
  });

  it("sends BOOKMARK events when allowWatchBookmarks is set, carrying the current resourceVersion", async () => {
    const bookmarks: string[] = [];
    const controller = await new Watch(c.kc).watch(
      `/apis/actions.github.com/v1alpha1/namespaces/${NS}/ephemeralrunners`,
      { resourceVersion: c.store.resourceVersion(), allowWatchBookmarks: true },
      (type, obj: KubeObject) => {
        if (type === "BOOKMARK") bookmarks.push(obj.metadata.resourceVersion ?? "");
      },
      () => undefined,
    );
    await waitFor(() => bookmarks.length >= 2, "two bookmarks");
    expect(bookmarks[0]).toBe(c.store.resourceVersion());
    controller.abort();
  });

  it("ends a watch after timeoutSeconds", async () => {
    // fractional seconds keep the test fast; real clients send whole seconds
    const started = Date.now();
    const res = await fetch(`${c.server.url}/api/v1/pods?watch=1&resourceVersion=${c.store.resourceVersion()}&timeoutSeconds=0.2`);
    expect(await res.text()).toBe("");
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("supports sendInitialEvents: current objects, then a bookmark marking their end", async () => {
    const controller = new AbortController();
    const res = await fetch(
      `${c.server.url}/apis/actions.github.com/v1alpha1/namespaces/${NS}/ephemeralrunners?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`,
      { signal: controller.signal },
    );
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    let text = "";
    while (!text.includes("initial-events-end")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const events = text.trim().split("\n").map((l) => JSON.parse(l) as { type: string; object: KubeObject });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name ?? ""}`)).toEqual(["ADDED set-a-runner-1", "ADDED set-a-runner-2", "BOOKMARK "]);
    expect(events[2]?.object.metadata.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
  });

  it("ends open watch streams on dropWatches", async () => {
    let doneWith: unknown = "not called";
    await new Watch(c.kc).watch(`/api/v1/pods`, { resourceVersion: c.store.resourceVersion() }, () => undefined, (err) => {
      doneWith = err;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(doneWith).toBe("not called");
    c.server.faults.dropWatches();
    await waitFor(() => doneWith !== "not called", "watch end");
    expect(doneWith).toBeNull();
  });
});

describe("pod logs", () => {
  beforeAll(() => {
    c.store.create(RESOURCE.pods, podFixture({ namespace: NS, name: "logger", containers: [{ name: "runner" }, { name: "dind" }] }));
    const t0 = c.clock.nowMs();
    ["one", "two", "three", "four"].forEach((l, i) => c.logs.append(NS, "logger", "runner", l, new Date(t0 + i * 1000)));
    c.logs.append(NS, "logger", "dind", "dockerd up", new Date(t0));
  });

  async function readLog(opts: { tailLines?: number; sinceTime?: string; timestamps?: boolean }, container = "runner"): Promise<string> {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d: Buffer) => (text += d.toString()));
    const ended = new Promise((r) => out.on("end", r));
    await new Log(c.kc).log(NS, "logger", container, out, { follow: false, ...opts });
    await ended;
    return text;
  }

  it("serves a container's lines with tailLines, sinceTime and timestamps", async () => {
    expect(await readLog({})).toBe("one\ntwo\nthree\nfour\n");
    expect(await readLog({}, "dind")).toBe("dockerd up\n");
    expect(await readLog({ tailLines: 2 })).toBe("three\nfour\n");
    const t2 = new Date(c.clock.nowMs() + 2000).toISOString();
    expect(await readLog({ sinceTime: t2 })).toBe("three\nfour\n");
    expect(await readLog({ tailLines: 1, timestamps: true })).toBe("2026-11-22T12:00:03.000000000Z four\n");
  });

  it("streams lines appended after a follow request", async () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d: Buffer) => (text += d.toString()));
    const controller = await new Log(c.kc).log(NS, "logger", "runner", out, { follow: true, tailLines: 1 });
    await waitFor(() => text === "four\n", "the tail line");
    c.logs.append(NS, "logger", "runner", "five", c.clock.now());
    c.logs.append(NS, "logger", "dind", "not this container", c.clock.now());
    c.logs.append(NS, "logger", "runner", "six", c.clock.now());
    await waitFor(() => text === "four\nfive\nsix\n", "followed lines");
    controller.abort();
  });

  it("ends a follow when the pod is deleted", async () => {
    c.store.create(RESOURCE.pods, podFixture({ namespace: NS, name: "short-lived" }));
    c.logs.append(NS, "short-lived", "runner", "bye", c.clock.now());
    const out = new PassThrough();
    let text = "";
    let ended = false;
    out.on("data", (d: Buffer) => (text += d.toString()));
    out.on("end", () => (ended = true));
    await new Log(c.kc).log(NS, "short-lived", "runner", out, { follow: true });
    await waitFor(() => text === "bye\n", "the existing line");
    expect(ended).toBe(false);
    c.store.delete(RESOURCE.pods, NS, "short-lived");
    await waitFor(() => ended, "the follow to end");
  });

  it("rejects a multi-container pod without a container name, and unknown pods, like the kubelet", async () => {
    const noContainer = await fetch(`${c.server.url}/api/v1/namespaces/${NS}/pods/logger/log`);
    expect(noContainer.status).toBe(400);
    expect(((await noContainer.json()) as { message: string }).message).toBe("a container name must be specified for pod logger, choose one of: [runner dind]");
    const missing = await fetch(`${c.server.url}/api/v1/namespaces/${NS}/pods/ghost/log?container=runner`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: "Status", reason: "NotFound" });
  });
});

describe("pod proxy", () => {
  it("resolves a named port through the pod spec and returns the handler's body", async () => {
    c.store.create(RESOURCE.pods, podFixture({ namespace: "arc-systems", name: "listener", containers: [{ name: "listener", ports: [{ name: "metrics", containerPort: 8080 }] }] }));
    const core = c.kc.makeApiClient(CoreV1Api);
    const body = await core.connectGetNamespacedPodProxyWithPath({ namespace: "arc-systems", name: "listener:metrics", path: "metrics" });
    expect(body).toBe('gha_assigned_jobs{namespace="arc-systems",pod="listener",port="8080"} 3\n');
    const numeric = await fetch(`${c.server.url}/api/v1/namespaces/arc-systems/pods/listener:8080/proxy/metrics`);
    expect(numeric.headers.get("content-type")).toBe("text/plain; version=0.0.4");
    expect(await numeric.text()).toContain('port="8080"');
  });

  it("answers 503 when the handler has nothing at that path", async () => {
    const res = await fetch(`${c.server.url}/api/v1/namespaces/arc-systems/pods/listener:metrics/proxy/other`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ kind: "Status", reason: "ServiceUnavailable", code: 503 });
  });
});

describe("faults and RBAC", () => {
  it("fails the next matching request with 500, then succeeds", async () => {
    const core = c.kc.makeApiClient(CoreV1Api);
    c.server.faults.failNext(500, 1, `/namespaces/${NS}/pods`);
    const err = await rejection(core.listNamespacedPod({ namespace: NS }));
    expect(err.code).toBe(500);
    const ok = await core.listNamespacedPod({ namespace: NS });
    expect(names(ok)).toContain("logger");
  });

  it("reports an injected 410 on a watch as an ERROR event in a 200 stream", async () => {
    c.server.faults.failNext(410, 1, "watch=true");
    const events: { type: string; code?: number }[] = [];
    let done = false;
    await new Watch(c.kc).watch("/api/v1/pods", { resourceVersion: c.store.resourceVersion() }, (type, obj: { code?: number }) => events.push({ type, code: obj.code }), () => {
      done = true;
    });
    await waitFor(() => done, "the watch to close");
    expect(events).toEqual([{ type: "ERROR", code: 410 }]);
  });

  it("sets Retry-After on an injected 429", async () => {
    c.server.faults.failNext(429, 1, "/api/v1/events");
    const res = await fetch(`${c.server.url}/api/v1/events`);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect((await fetch(`${c.server.url}/api/v1/events`)).status).toBe(200);
  });

  it("forbids every request in a forbidden namespace with an RBAC-style message", async () => {
    c.server.faults.forbidNamespace("locked");
    const core = c.kc.makeApiClient(CoreV1Api);
    const err = await rejection(core.listNamespacedPod({ namespace: "locked" }));
    expect(err.code).toBe(403);
    expect(statusBody(err).message).toBe(
      'pods is forbidden: User "system:serviceaccount:runnerscope:runnerscope" cannot list resource "pods" in API group "" in the namespace "locked"',
    );
    expect((await core.listNamespacedPod({ namespace: NS })).items.length).toBeGreaterThan(0);
  });

  it("never serves Secrets, although the store holds them", async () => {
    c.store.create(RESOURCE.secrets, { apiVersion: "v1", kind: "Secret", metadata: { name: "set-a-runner-1", namespace: NS }, data: { jitToken: "c2VjcmV0" } });
    const core = c.kc.makeApiClient(CoreV1Api);
    const list = await rejection(core.listNamespacedSecret({ namespace: NS }));
    expect(list.code).toBe(403);
    const one = await rejection(core.readNamespacedSecret({ namespace: NS, name: "set-a-runner-1" }));
    expect(one.code).toBe(403);
    expect(JSON.stringify(one.body)).not.toContain("c2VjcmV0");
  });

  it("is read-only for everything but leases", async () => {
    const api = c.kc.makeApiClient(CustomObjectsApi);
    const err = await rejection(api.deleteNamespacedCustomObject({ ...ER_GROUP, namespace: NS, name: "set-a-runner-1" }));
    expect(err.code).toBe(403);
    expect(c.store.get(RESOURCE.ephemeralrunners, NS, "set-a-runner-1")).toBeDefined();
  });

  it("resets connections while paused and serves again after resume", async () => {
    c.server.faults.pause();
    await expect(fetch(`${c.server.url}/api/v1/pods`)).rejects.toThrow();
    c.server.faults.resume();
    expect((await fetch(`${c.server.url}/api/v1/pods`)).status).toBe(200);
  });
});

describe("leases (leader election)", () => {
  it("creates, reads and replaces with optimistic concurrency", async () => {
    const api = c.kc.makeApiClient(CoordinationV1Api);
    const lease: V1Lease = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: "runnerscope-leader" }, spec: { holderIdentity: "a", leaseDurationSeconds: 15 } };
    const created = await api.createNamespacedLease({ namespace: "runnerscope", body: lease });
    expect(created.metadata?.uid).toBeTruthy();
    const read = await api.readNamespacedLease({ namespace: "runnerscope", name: "runnerscope-leader" });
    expect(read.spec?.holderIdentity).toBe("a");
    const taken = await api.replaceNamespacedLease({ namespace: "runnerscope", name: "runnerscope-leader", body: { ...read, spec: { ...read.spec, holderIdentity: "b" } } });
    expect(taken.spec?.holderIdentity).toBe("b");
    const stale = await rejection(api.replaceNamespacedLease({ namespace: "runnerscope", name: "runnerscope-leader", body: { ...read, spec: { ...read.spec, holderIdentity: "c" } } }));
    expect(stale.code).toBe(409);
    expect(statusBody(stale).reason).toBe("Conflict");
    expect((await api.readNamespacedLease({ namespace: "runnerscope", name: "runnerscope-leader" })).spec?.holderIdentity).toBe("b");
    const dup = await rejection(api.createNamespacedLease({ namespace: "runnerscope", body: lease }));
    expect(dup.code).toBe(409);
  });

  it("applies a merge patch", async () => {
    const res = await fetch(`${c.server.url}/apis/coordination.k8s.io/v1/namespaces/runnerscope/leases/runnerscope-leader`, {
      method: "PATCH",
      headers: { "Content-Type": "application/merge-patch+json" },
      body: JSON.stringify({ spec: { holderIdentity: "d" } }),
    });
    expect(res.status).toBe(200);
    const lease = (await res.json()) as V1Lease;
    expect(lease.spec).toEqual({ holderIdentity: "d", leaseDurationSeconds: 15 });
  });
});

describe("informer re-lists after 410 Gone", () => {
  let small: TestCluster;
  beforeAll(async () => {
    small = await startTestCluster({ historySize: 2 });
  });
  afterAll(async () => {
    await small.close();
  });

  it("sees adds and deletes it missed, and its cache ends equal to the store", async () => {
    for (const n of ["r-1", "r-2", "r-3"]) small.store.create(RESOURCE.ephemeralrunners, ephemeralRunnerFixture(NS, n));
    const api = small.kc.makeApiClient(CustomObjectsApi);
    let lists = 0;
    const informer = makeInformer<KubernetesObject>(small.kc, `/apis/actions.github.com/v1alpha1/namespaces/${NS}/ephemeralrunners`, async () => {
      lists++;
      return (await api.listNamespacedCustomObject({ ...ER_GROUP, namespace: NS })) as KubernetesListObject<KubernetesObject>;
    });
    const added: string[] = [];
    const deleted: string[] = [];
    informer.on("add", (o) => added.push(o.metadata?.name ?? ""));
    informer.on("delete", (o) => deleted.push(o.metadata?.name ?? ""));
    await informer.start();
    await waitFor(() => added.length === 3, "initial adds");

    // cut the stream and change more than the history holds before the client reconnects
    small.server.faults.dropWatches();
    small.store.delete(RESOURCE.ephemeralrunners, NS, "r-1");
    for (const n of ["r-4", "r-5", "r-6"]) small.store.create(RESOURCE.ephemeralrunners, ephemeralRunnerFixture(NS, n));
    small.store.patch<KubeObject>(RESOURCE.ephemeralrunners, NS, "r-2", (o) => {
      o.status = { phase: "Running" };
    });

    await waitFor(() => lists === 2 && deleted.includes("r-1") && added.includes("r-6"), "re-list after 410");
    const cache = informer
      .list(NS)
      .map((o) => `${o.metadata?.name ?? ""}@${o.metadata?.resourceVersion ?? ""}`)
      .sort();
    const truth = small.store
      .list(RESOURCE.ephemeralrunners, NS)
      .map((o) => `${o.metadata.name}@${o.metadata.resourceVersion ?? ""}`)
      .sort();
    expect(cache).toEqual(truth);
    expect(deleted).toEqual(["r-1"]);
    await informer.stop();
  });

  it("answers a watch from a compacted resourceVersion with one 410 ERROR event, then closes", async () => {
    const res = await fetch(`${small.server.url}/apis/actions.github.com/v1alpha1/namespaces/${NS}/ephemeralrunners?watch=true&resourceVersion=1`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } });
  });
});
