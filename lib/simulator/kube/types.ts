/**
 * Seam between the simulated Kubernetes API server (lib/simulator/kube) and the ARC model
 * (lib/simulator/arc) that drives it. The model writes plain Kubernetes JSON objects; the
 * server serves them exactly as a real API server would (resourceVersion, watch, selectors).
 */

/** A Kubernetes object as JSON. `apiVersion`, `kind`, `metadata.name` are required. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    generateName?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
    finalizers?: string[];
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

/** Identifies a resource collection: core kinds use group "". */
export interface ResourceType {
  group: string; // "" | "actions.github.com" | "coordination.k8s.io"
  version: string; // "v1" | "v1alpha1"
  plural: string; // "pods" | "events" | "ephemeralrunners" | "leases" | "secrets" | …
}

/**
 * The object store behind the simulated API server. Every mutation bumps one global
 * resourceVersion (like etcd) and is delivered to watchers in order.
 * `create` fills uid, resourceVersion, creationTimestamp (from the virtual clock) and
 * resolves `metadata.generateName`.
 */
export interface KubeStore {
  create<T extends KubeObject>(type: ResourceType, obj: T): T;
  /** Replace the whole object (status included); bumps resourceVersion. Throws if missing. */
  update<T extends KubeObject>(type: ResourceType, obj: T): T;
  /** Shallow-merge helper: read-modify-write of one object. Returns the new object or undefined if missing. */
  patch<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string, mutate: (obj: T) => void): T | undefined;
  /** Remove immediately and emit DELETED. Returns the deleted object. */
  delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined;
  get<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string): T | undefined;
  list<T extends KubeObject>(type: ResourceType, namespace?: string, labelSelector?: string): T[];
  /** Current global resourceVersion. */
  resourceVersion(): string;
}

/** Logs of one container of one pod, appended by the model, served by `GET …/pods/{name}/log`. */
export interface PodLogSink {
  append(namespace: string, pod: string, container: string, line: string, at: Date): void;
}

/** Serves `GET /api/v1/namespaces/{ns}/pods/{pod}:{port}/proxy/{path}` (listener metrics). */
export type PodProxyHandler = (namespace: string, pod: string, port: string, path: string) => { status: number; body: string; contentType?: string } | undefined;

/** Faults the tests and scenarios can inject into the API server. */
export interface KubeFaults {
  /** Close every open watch stream now (client sees the stream end). */
  dropWatches(): void;
  /** The next N list/watch requests matching `pathIncludes` answer with this status. */
  failNext(status: 410 | 429 | 500 | 503 | 403, count: number, pathIncludes?: string): void;
  /** Namespaces that answer 403 Forbidden to every request. */
  forbidNamespace(ns: string): void;
  /**
   * Serve an API group as if its CRDs were not installed (404 on every path, absent from discovery), e.g.
   * `actions.github.com`; `installGroup` brings it back.
   */
  uninstallGroup(group: string): void;
  installGroup(group: string): void;
  /** Refuse connections entirely (server paused) until `resume()`. */
  pause(): void;
  resume(): void;
}
