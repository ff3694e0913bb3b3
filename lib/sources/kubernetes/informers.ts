import { CoreV1Api, CustomObjectsApi, makeInformer, type Informer, type KubernetesListObject, type KubernetesObject, type ObjectCache } from "@kubernetes/client-node";
import { ARC_GROUP, ARC_VERSION, COMPONENT, LABEL, type ArcPlural } from "@/lib/model/arc-labels";
import type { IsoTime } from "@/lib/model";
import { backoffMs } from "@/lib/collector/backoff";
import type { HealthRegistry } from "@/lib/collector/health";
import type { ClusterConfig } from "./kubeconfigs";
import { errorMessage, statusOf } from "./kube-request";

/** What one cluster source watches. `arc-pods` = runner/listener/controller pods, `workflow-pods` = hook pods. */
export type WatchedResource = ArcPlural | "arc-pods" | "workflow-pods" | "events";

export type WatchType = "ADDED" | "MODIFIED" | "DELETED";

export interface KubeWatchEvent {
  cluster: string;
  resource: WatchedResource;
  type: WatchType;
  object: KubernetesObject;
  at: IsoTime;
}

/** A fresh list (initial, after a 410 or after a restart): what exists now in one informer's scope. */
export interface KubeRelist {
  cluster: string;
  resource: WatchedResource;
  namespace?: string;
  items: KubernetesObject[];
  at: IsoTime;
}

export interface ClusterWatchOptions {
  cluster: ClusterConfig;
  /** undefined = all namespaces (cluster-wide list/watch). */
  runnerNamespaces?: string[];
  controllerNamespaces?: string[];
  health: HealthRegistry;
  now?: () => Date;
  onEvent(e: KubeWatchEvent): void;
  onRelist?(r: KubeRelist): void;
  backoff?: { baseMs?: number; maxMs?: number };
}

export interface ClusterWatch {
  healthId: string;
  /** Objects currently in the informer caches for a resource (all its namespaces). */
  list(resource: WatchedResource): KubernetesObject[];
  /** Resolves once every informer has completed its first list (or failed it). */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export const ARC_POD_SELECTOR = `${LABEL.component} in (${COMPONENT.runner},${COMPONENT.listener},${COMPONENT.controller})`;
export const WORKFLOW_POD_SELECTOR = LABEL.runnerPod;

export function kubeHealthId(cluster: string): string {
  return `k8s:${cluster}`;
}

interface Spec {
  resource: WatchedResource;
  namespace?: string;
  path: string;
  selector?: string;
  list: () => Promise<KubernetesListObject<KubernetesObject>>;
}

function union(a?: string[], b?: string[]): string[] | undefined {
  if (!a || !b) return undefined;
  return [...new Set([...a, ...b])];
}

function isList(v: unknown): v is KubernetesListObject<KubernetesObject> {
  return typeof v === "object" && v !== null && Array.isArray((v as { items?: unknown }).items);
}

function specs(opts: ClusterWatchOptions): Spec[] {
  const kc = opts.cluster.kc;
  const custom = kc.makeApiClient(CustomObjectsApi);
  const core = kc.makeApiClient(CoreV1Api);
  const out: Spec[] = [];
  const scoped = (nss: string[] | undefined, make: (ns?: string) => Spec) => (nss ? nss.map((ns) => make(ns)) : [make(undefined)]);
  const arc = (plural: ArcPlural, nss: string[] | undefined) =>
    out.push(
      ...scoped(nss, (ns) => ({
        resource: plural,
        namespace: ns,
        path: ns ? `/apis/${ARC_GROUP}/${ARC_VERSION}/namespaces/${ns}/${plural}` : `/apis/${ARC_GROUP}/${ARC_VERSION}/${plural}`,
        list: async () => {
          const body: unknown = ns
            ? await custom.listNamespacedCustomObject({ group: ARC_GROUP, version: ARC_VERSION, namespace: ns, plural })
            : await custom.listClusterCustomObject({ group: ARC_GROUP, version: ARC_VERSION, plural });
          if (!isList(body)) throw new Error(`unexpected list body for ${plural}`);
          return body;
        },
      })),
    );
  arc("autoscalingrunnersets", opts.runnerNamespaces);
  arc("ephemeralrunnersets", opts.runnerNamespaces);
  arc("ephemeralrunners", opts.runnerNamespaces);
  arc("autoscalinglisteners", opts.controllerNamespaces);
  const pods = (resource: WatchedResource, selector: string, nss: string[] | undefined) =>
    out.push(
      ...scoped(nss, (ns) => ({
        resource,
        namespace: ns,
        selector,
        path: ns ? `/api/v1/namespaces/${ns}/pods` : "/api/v1/pods",
        list: async () =>
          (ns ? await core.listNamespacedPod({ namespace: ns, labelSelector: selector }) : await core.listPodForAllNamespaces({ labelSelector: selector })) as KubernetesListObject<KubernetesObject>,
      })),
    );
  const both = union(opts.runnerNamespaces, opts.controllerNamespaces);
  pods("arc-pods", ARC_POD_SELECTOR, both);
  pods("workflow-pods", WORKFLOW_POD_SELECTOR, opts.runnerNamespaces);
  out.push(
    ...scoped(both, (ns) => ({
      resource: "events" as const,
      namespace: ns,
      path: ns ? `/api/v1/namespaces/${ns}/events` : "/api/v1/events",
      list: async () => (ns ? await core.listNamespacedEvent({ namespace: ns }) : await core.listEventForAllNamespaces({})) as KubernetesListObject<KubernetesObject>,
    })),
  );
  return out;
}

/**
 * Informers (list + watch) for one cluster. client-node re-lists by itself after a 410 but does NOT restart after
 * an ERROR: each informer is restarted here with exponential backoff. Failures are recorded per informer scope
 * (resource@namespace) so a 403 on one namespace degrades the cluster source and names that namespace.
 */
export function startClusterWatch(opts: ClusterWatchOptions): ClusterWatch {
  const cluster = opts.cluster.name;
  const now = opts.now ?? (() => new Date());
  const healthId = kubeHealthId(cluster);
  opts.health.register({ id: healthId, kind: "kubernetes", label: `Kubernetes API ${cluster}` });
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const informers: { spec: Spec; informer: Informer<KubernetesObject> & ObjectCache<KubernetesObject> }[] = [];
  const firstLists: Promise<void>[] = [];

  for (const spec of specs(opts)) {
    const part = `${spec.resource}@${spec.namespace ?? "*"}`;
    let attempt = 0;
    let settleFirst: () => void = () => {};
    firstLists.push(new Promise<void>((r) => (settleFirst = r)));
    const listFn = async () => {
      const list = await spec.list();
      const at = now().toISOString();
      attempt = 0;
      opts.health.success(healthId, part, at);
      opts.onRelist?.({ cluster, resource: spec.resource, namespace: spec.namespace, items: list.items ?? [], at });
      // the informer applies the list right after this returns; settle ready() after that
      setImmediate(settleFirst);
      return list;
    };
    const informer = makeInformer(opts.cluster.kc, spec.path, listFn, spec.selector);
    const emit = (type: WatchType) => (obj: KubernetesObject) => {
      if (stopped) return;
      opts.onEvent({ cluster, resource: spec.resource, type, object: obj, at: now().toISOString() });
    };
    // A re-watch after an error does not re-list; a watch that stays up for a second without an ERROR counts as recovered.
    let pendingOk: NodeJS.Timeout | undefined;
    informer.on("connect", () => {
      if (pendingOk) {
        clearTimeout(pendingOk);
        timers.delete(pendingOk);
      }
      const t = setTimeout(() => {
        timers.delete(t);
        pendingOk = undefined;
        if (!stopped) opts.health.success(healthId, part, now().toISOString());
      }, 1000);
      t.unref?.();
      pendingOk = t;
      timers.add(t);
    });
    informer.on("add", emit("ADDED"));
    informer.on("update", emit("MODIFIED"));
    informer.on("delete", emit("DELETED"));
    informer.on("error", (err: unknown) => {
      if (pendingOk) clearTimeout(pendingOk);
      if (stopped) return;
      settleFirst();
      const status = statusOf(err);
      const where = spec.namespace ? `namespace ${spec.namespace}` : "all namespaces";
      const message =
        status === 403
          ? `forbidden: cannot list/watch ${spec.resource} in ${where}`
          : status === 401
            ? `unauthorized (${spec.resource}, ${where})`
            : status === 404 && spec.path.startsWith(`/apis/${ARC_GROUP}/`)
              ? `${spec.resource} not served (HTTP 404): the ARC CRDs (${ARC_GROUP}/${ARC_VERSION}) are not installed in this cluster`
              : `${spec.resource} in ${where}: ${status ? `HTTP ${status} ` : ""}${errorMessage(err)}`;
      opts.health.failure(healthId, part, now().toISOString(), message);
      const wait = backoffMs(attempt++, { baseMs: opts.backoff?.baseMs ?? 500, maxMs: opts.backoff?.maxMs ?? (status === 403 ? 120_000 : 30_000) });
      const t = setTimeout(() => {
        timers.delete(t);
        if (!stopped) informer.start().catch(() => undefined);
      }, wait);
      t.unref?.();
      timers.add(t);
    });
    informers.push({ spec, informer });
  }
  for (const { informer } of informers) informer.start().catch(() => undefined);

  return {
    healthId,
    list(resource) {
      return informers.filter((i) => i.spec.resource === resource).flatMap((i) => i.informer.list());
    },
    async ready() {
      await Promise.all(firstLists);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all(informers.map((i) => i.informer.stop().catch(() => undefined)));
    },
  };
}
