/**
 * In-memory object store behind the simulated API server: one global resourceVersion (like etcd),
 * a bounded per-type event history (like the apiserver watch cache) so a watch can resume from a
 * recent resourceVersion, and `410 Gone` semantics for resourceVersions older than that window.
 */
import type { VirtualClock } from "@/lib/simulator/clock";
import { compileLabelSelector } from "./label-selector";
import { qualifiedResource as qualified } from "./resources";
import type { KubeObject, KubeStore, ResourceType, WatchEventType } from "./types";
import { Rng } from "../arc/random";

/** One change, as delivered to watchers. `oldObject` is the previous state for MODIFIED. */
export interface StoreWatchEvent {
  type: Exclude<WatchEventType, "BOOKMARK">;
  object: KubeObject;
  oldObject?: KubeObject;
  resourceVersion: number;
}

export type StoreWatchListener = (event: StoreWatchEvent) => void;

export interface KubeStoreOptions {
  /** Events kept per resource type for watch resumption (default 5000). */
  historySize?: number;
  /** Seed for uids and generated names, so a seeded run is reproducible (default 1). */
  seed?: number;
}

export type KubeStoreErrorReason = "NotFound" | "AlreadyExists" | "Conflict" | "Expired";

/** Store failures carry the Kubernetes reason and HTTP code the server answers with. */
export class KubeStoreError extends Error {
  constructor(
    readonly reason: KubeStoreErrorReason,
    readonly code: 404 | 409 | 410,
    message: string,
  ) {
    super(message);
  }
}

export interface UpdateOptions {
  /** Reject with 409 Conflict when `obj.metadata.resourceVersion` is not the stored one (PUT semantics). */
  checkResourceVersion?: boolean;
}

export interface KubeStoreImpl extends KubeStore {
  update<T extends KubeObject>(type: ResourceType, obj: T, opts?: UpdateOptions): T;
  /**
   * Subscribe to changes of one type (optionally one namespace). `fromResourceVersion` undefined,
   * "" or "0": current objects are delivered first as ADDED, then live events. A number: events
   * after it are replayed from history, then live. Throws `KubeStoreError("Expired", 410)` when
   * that resourceVersion is older than the retained history.
   */
  watch(type: ResourceType, namespace: string | undefined, fromResourceVersion: string | undefined, onEvent: StoreWatchListener): () => void;
  /** Stored instances without copying, for serialisation by the server. Do not mutate. */
  listShared(type: ResourceType, namespace?: string): readonly KubeObject[];
  getShared(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Drop all retained history: every watch from an older resourceVersion now gets 410 (tests). */
  compactHistory(): void;
  /** Types that currently hold at least one object or had any event. */
  knownTypes(): ResourceType[];
}

const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** Seeded randomness: deterministic uids and names for reproducible scenarios. */
function createRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

function typeKey(type: ResourceType): string {
  return `${type.group}/${type.plural}`;
}

/** RFC3339 without fractional seconds, as metav1.Time serialises. */
export function formatKubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  const ar = a as Record<string, unknown>;
  const br = b as Record<string, unknown>;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(br, k) && deepEqual(ar[k], br[k]));
}

/** Everything except metadata and status counts as spec for `metadata.generation`. */
function specChanged(prev: KubeObject, next: KubeObject): boolean {
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  for (const k of keys) {
    if (k === "metadata" || k === "status" || k === "apiVersion" || k === "kind") continue;
    if (!deepEqual(prev[k], next[k])) return true;
  }
  return false;
}

interface TypeState {
  type: ResourceType;
  /** namespace ("" for cluster-scoped) → name → object */
  objects: Map<string, Map<string, KubeObject>>;
  history: StoreWatchEvent[];
  /** Highest resourceVersion evicted from `history`: watches from below it are expired. */
  compactedRv: number;
  listeners: Set<{ namespace: string | undefined; fn: StoreWatchListener }>;
  /** [namespace, name] in list order; undefined after a create or delete. */
  sortedKeys: [string, string][] | undefined;
}

/** Objects are plain JSON, and a JSON round trip is the cheapest deep copy for them. */
function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function createKubeStore(clock: VirtualClock, opts: KubeStoreOptions = {}): KubeStoreImpl {
  const historySize = Math.max(1, opts.historySize ?? 5000);
  const random = createRandom(opts.seed ?? 1);
  const types = new Map<string, TypeState>();
  let rv = 0;

  function state(type: ResourceType): TypeState {
    const key = typeKey(type);
    let s = types.get(key);
    if (!s) {
      s = { type: { ...type }, objects: new Map(), history: [], compactedRv: 0, listeners: new Set(), sortedKeys: undefined };
      types.set(key, s);
    }
    return s;
  }

  function uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join("");
    // RFC 4122 version 4 layout so it looks like what the apiserver hands out
    const variant = ((Math.floor(random() * 4) + 8) as number).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  function suffix(): string {
    let s = "";
    for (let i = 0; i < 5; i++) s += NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)];
    return s;
  }

  function nsKey(namespace: string | undefined): string {
    return namespace ?? "";
  }

  function emit(s: TypeState, event: StoreWatchEvent): void {
    s.history.push(event);
    if (s.history.length > historySize * 2) {
      // amortised trim: cut back to historySize in one splice instead of shifting per event
      const cut = s.history.length - historySize;
      const last = s.history[cut - 1];
      if (last) s.compactedRv = last.resourceVersion;
      s.history.splice(0, cut);
    }
    const ns = event.object.metadata.namespace;
    for (const l of [...s.listeners]) {
      if (l.namespace !== undefined && l.namespace !== ns) continue;
      // a broken watcher (e.g. a dead socket) must not fail the model's write
      try {
        l.fn(event);
      } catch (err) {
        console.error("kube store watcher failed", err);
      }
    }
  }

  /** Oldest resourceVersion a watch may resume from (history beyond historySize is treated as gone). */
  function oldestResumable(s: TypeState): number {
    const excess = s.history.length - historySize;
    if (excess > 0) {
      const last = s.history[excess - 1];
      return last ? last.resourceVersion : s.compactedRv;
    }
    return s.compactedRv;
  }

  function sortedObjects(s: TypeState, namespace?: string): KubeObject[] {
    // key order changes only on create/delete, so it is cached between those
    if (!s.sortedKeys) {
      s.sortedKeys = [];
      for (const ns of [...s.objects.keys()].sort()) {
        for (const name of [...(s.objects.get(ns)?.keys() ?? [])].sort()) s.sortedKeys.push([ns, name]);
      }
    }
    const out: KubeObject[] = [];
    for (const [ns, name] of s.sortedKeys) {
      if (namespace !== undefined && ns !== namespace) continue;
      const o = s.objects.get(ns)?.get(name);
      if (o) out.push(o);
    }
    return out;
  }

  function getShared(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return types.get(typeKey(type))?.objects.get(nsKey(namespace))?.get(name);
  }

  function put(s: TypeState, obj: KubeObject): void {
    const ns = nsKey(obj.metadata.namespace);
    let byName = s.objects.get(ns);
    if (!byName) {
      byName = new Map();
      s.objects.set(ns, byName);
    }
    if (!byName.has(obj.metadata.name)) s.sortedKeys = undefined;
    byName.set(obj.metadata.name, obj);
  }

  /** Store `obj` (owned by the store from here on) as the next version of `prev`. */
  function commitUpdate(s: TypeState, type: ResourceType, prev: KubeObject, obj: KubeObject, opts: UpdateOptions): KubeObject {
    if (opts.checkResourceVersion && obj.metadata.resourceVersion !== prev.metadata.resourceVersion) {
      throw new KubeStoreError(
        "Conflict",
        409,
        `Operation cannot be fulfilled on ${qualified(type)} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    rv++;
    // identity fields are owned by the server, not by the writer
    obj.metadata.uid = prev.metadata.uid;
    obj.metadata.creationTimestamp = prev.metadata.creationTimestamp;
    obj.metadata.resourceVersion = String(rv);
    const gen = prev.metadata.generation ?? 1;
    obj.metadata.generation = specChanged(prev, obj) ? gen + 1 : gen;
    put(s, obj);
    emit(s, { type: "MODIFIED", object: obj, oldObject: prev, resourceVersion: rv });
    return obj;
  }

  const store: KubeStoreImpl = {
    create<T extends KubeObject>(type: ResourceType, input: T): T {
      const s = state(type);
      const obj = clone(input);
      const meta = obj.metadata;
      if (!meta.name && meta.generateName) {
        do meta.name = meta.generateName + suffix();
        while (getShared(type, meta.namespace, meta.name));
      }
      if (!meta.name) throw new Error(`create ${type.plural}: metadata.name or generateName is required`);
      if (getShared(type, meta.namespace, meta.name)) {
        throw new KubeStoreError("AlreadyExists", 409, `${qualified(type)} "${meta.name}" already exists`);
      }
      rv++;
      meta.uid = meta.uid ?? uuid();
      meta.resourceVersion = String(rv);
      meta.creationTimestamp = meta.creationTimestamp ?? formatKubeTime(clock.now());
      meta.generation = meta.generation ?? 1;
      put(s, obj);
      emit(s, { type: "ADDED", object: obj, resourceVersion: rv });
      return clone(obj);
    },

    update<T extends KubeObject>(type: ResourceType, input: T, opts: UpdateOptions = {}): T {
      const s = state(type);
      const prev = getShared(type, input.metadata.namespace, input.metadata.name);
      if (!prev) throw new KubeStoreError("NotFound", 404, `${qualified(type)} "${input.metadata.name}" not found`);
      return clone(commitUpdate(s, type, prev, clone(input), opts)) as T;
    },

    patch<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string, mutate: (obj: T) => void): T | undefined {
      const prev = getShared(type, namespace, name);
      if (!prev) return undefined;
      const draft = clone(prev) as T;
      mutate(draft);
      draft.metadata.name = name;
      draft.metadata.namespace = prev.metadata.namespace;
      return clone(commitUpdate(state(type), type, prev, draft, {})) as T;
    },

    delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
      const s = types.get(typeKey(type));
      const byName = s?.objects.get(nsKey(namespace));
      const prev = byName?.get(name);
      if (!s || !byName || !prev) return undefined;
      byName.delete(name);
      if (byName.size === 0) s.objects.delete(nsKey(namespace));
      s.sortedKeys = undefined;
      rv++;
      // like etcd, the DELETED event carries the final object at the deletion revision
      const final: KubeObject = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(rv) } };
      emit(s, { type: "DELETED", object: final, resourceVersion: rv });
      return clone(final);
    },

    get<T extends KubeObject>(type: ResourceType, namespace: string | undefined, name: string): T | undefined {
      const o = getShared(type, namespace, name);
      return o ? (clone(o) as T) : undefined;
    },

    list<T extends KubeObject>(type: ResourceType, namespace?: string, labelSelector?: string): T[] {
      const s = types.get(typeKey(type));
      if (!s) return [];
      const match = compileLabelSelector(labelSelector);
      return sortedObjects(s, namespace)
        .filter((o) => match(o.metadata.labels))
        .map((o) => clone(o) as T);
    },

    resourceVersion(): string {
      return String(rv);
    },

    watch(type, namespace, fromResourceVersion, onEvent) {
      const s = state(type);
      const listener = { namespace, fn: onEvent };
      const from = fromResourceVersion === undefined || fromResourceVersion === "" ? 0 : Number(fromResourceVersion);
      if (!Number.isFinite(from) || from < 0) throw new KubeStoreError("Expired", 410, `invalid resourceVersion ${JSON.stringify(fromResourceVersion)}`);
      if (from === 0) {
        for (const o of sortedObjects(s, namespace)) onEvent({ type: "ADDED", object: o, resourceVersion: Number(o.metadata.resourceVersion) });
      } else {
        const oldest = oldestResumable(s);
        if (from < oldest) throw new KubeStoreError("Expired", 410, `too old resource version: ${from} (${oldest + 1})`);
        for (const e of s.history) {
          if (e.resourceVersion <= from) continue;
          if (namespace !== undefined && e.object.metadata.namespace !== namespace) continue;
          onEvent(e);
        }
      }
      s.listeners.add(listener);
      return () => {
        s.listeners.delete(listener);
      };
    },

    listShared(type, namespace) {
      const s = types.get(typeKey(type));
      return s ? sortedObjects(s, namespace) : [];
    },

    getShared,

    compactHistory() {
      for (const s of types.values()) {
        s.history = [];
        s.compactedRv = rv;
      }
    },

    knownTypes() {
      return [...types.values()].map((s) => ({ ...s.type }));
    },
  };
  return store;
}
