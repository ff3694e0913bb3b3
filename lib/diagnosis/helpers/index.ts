/**
 * Per-round snapshot index. Rules look records up per scale set; filtering the whole snapshot for each set made a
 * round quadratic in fleet size. Inside `withSnapshotIndex` (the engine wraps every round in it) helpers group a
 * slice once and share that grouping across all rules of the round; outside a round they compute afresh.
 * Scoped to a round, not kept on the snapshot: callers (tests, the paste parser) may mutate a snapshot between
 * rounds, and a stale index would silently change findings.
 */
import type { FleetSnapshot } from "@/lib/model";

interface Round {
  /** Named memos per snapshot (derived arrays, lookup maps). */
  memos: WeakMap<FleetSnapshot, Map<string, unknown>>;
  /** Arrays known not to change during the round, with memos keyed by the grouping function. */
  frozen: WeakMap<object, Map<unknown, unknown>>;
  /** Snapshot-independent caches (e.g. parsed times). */
  maps: Map<string, Map<unknown, unknown>>;
}

let round: Round | undefined;

/** Marks `items` as unchanging for the current round, so `frozenMemo` may index it. No-op outside a round. */
export function freeze<A extends readonly unknown[]>(items: A): A {
  if (round && !round.frozen.has(items)) round.frozen.set(items, new Map());
  return items;
}

function freezeSnapshot(snapshot: FleetSnapshot): void {
  const s = snapshot;
  for (const a of [s.scaleSets, s.runnerSets, s.runners, s.runnerHistory, s.pods, s.events, s.logs, s.listenerSamples, s.github.jobs, s.github.runners]) freeze(a);
}

/** Runs `fn` (one diagnosis round over `snapshot`) with memoisation enabled; the index is dropped afterwards. */
export function withSnapshotIndex<T>(snapshot: FleetSnapshot, fn: () => T): T {
  const outer = round;
  round = { memos: new WeakMap(), frozen: new WeakMap(), maps: new Map() };
  try {
    freezeSnapshot(snapshot);
    return fn();
  } finally {
    round = outer;
  }
}

/** `build()` once per snapshot and `key` within a round; every call outside a round. */
export function memo<T>(snapshot: FleetSnapshot, key: string, build: () => T): T {
  if (!round) return build();
  let m = round.memos.get(snapshot);
  if (!m) round.memos.set(snapshot, (m = new Map()));
  if (m.has(key)) return m.get(key) as T;
  const v = build();
  m.set(key, v);
  return v;
}

/** `build()` once per frozen array and `key`; undefined when `items` is not frozen (caller then scans it). */
export function frozenMemo<T>(items: readonly unknown[], key: unknown, build: () => T): T | undefined {
  const m = round?.frozen.get(items);
  if (!m) return undefined;
  if (m.has(key)) return m.get(key) as T;
  const v = build();
  m.set(key, v);
  return v;
}

/** A cache named `name` that lives for the current round; undefined outside a round. */
export function roundMap<K, V>(name: string): Map<K, V> | undefined {
  if (!round) return undefined;
  let m = round.maps.get(name);
  if (!m) round.maps.set(name, (m = new Map()));
  return m as Map<K, V>;
}

/** Groups `items` by `keyOf` (items without a key are dropped), keeping input order within each group. */
export function bucket<T, K>(items: readonly T[], keyOf: (item: T) => K | undefined): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    if (k === undefined) continue;
    const b = out.get(k);
    if (b) b.push(item);
    else out.set(k, [item]);
  }
  return out;
}
