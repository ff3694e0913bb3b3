import type { FleetSnapshot, KubeEventRecord, LogRecord, PodState, RunnerLife, RunnerState, ScaleSetKey, ScaleSetState } from "@/lib/model";
import { LABEL } from "@/lib/model/arc-labels";
import { bucket, freeze, frozenMemo, memo } from "./index";
import { scaleSetFromRunnerName as scaleSetOfRunner } from "@/lib/sources/kubernetes/normalize/names";

/** A scale set as far as a record tells us; pasted data may lack cluster/namespace. */
export interface ScaleSetRef {
  cluster?: string;
  namespace?: string;
  name: string;
}

/** Stable map key `cluster/namespace/name` ("" for unknown parts). */
export function scaleSetKey(ref: ScaleSetRef): string {
  return `${ref.cluster ?? ""}/${ref.namespace ?? ""}/${ref.name}`;
}

/** True when two refs can be the same scale set: names equal, and cluster/namespace equal where both are known. */
export function sameScaleSet(a: ScaleSetRef, b: ScaleSetRef): boolean {
  if (a.name !== b.name) return false;
  if (a.cluster && b.cluster && a.cluster !== b.cluster) return false;
  if (a.namespace && b.namespace && a.namespace !== b.namespace) return false;
  return true;
}

/** ARS name from an EphemeralRunner / runner pod name `<ars>-<5>-runner-<5>` (also `…-workflow` pods). */
export function scaleSetFromRunnerName(name: string): string | undefined {
  return scaleSetOfRunner(runnerFromPodName(name));
}

/** Runner pod name behind a workflow/step pod name (`<runner>-workflow`, `<runner>-step-<8hex>`). */
export function runnerFromPodName(name: string): string {
  return name.replace(/-workflow$/, "").replace(/-step-[0-9a-f]{8}$/, "");
}

function nonEmpty(s: string | undefined): string | undefined {
  return s ? s : undefined;
}

/** The scale set a record belongs to, if it can be told. */
export function scaleSetOf(record: RunnerLife | RunnerState | ScaleSetState | PodState | KubeEventRecord | LogRecord): ScaleSetRef | undefined {
  if ("runnerScaleSetName" in record) return { cluster: nonEmpty(record.cluster), namespace: nonEmpty(record.namespace), name: record.name };
  if ("outcome" in record || "failureTimes" in record) {
    return { cluster: nonEmpty(record.cluster), namespace: nonEmpty(record.namespace), name: record.scaleSet };
  }
  if ("role" in record) return podScaleSet(record);
  if ("involvedName" in record) {
    const name = scaleSetFromRunnerName(record.involvedName);
    return name ? { cluster: nonEmpty(record.cluster), namespace: nonEmpty(record.namespace), name } : undefined;
  }
  return logScaleSet(record);
}

function podScaleSet(pod: PodState): ScaleSetRef | undefined {
  const name = pod.scaleSet ?? pod.labels[LABEL.scaleSetName] ?? scaleSetFromRunnerName(pod.runnerPod ?? pod.name);
  if (!name) return undefined;
  // Listener pods live in the controller namespace; the scale set's namespace is on a label.
  const namespace = pod.role === "listener" || pod.role === "controller" ? pod.labels[LABEL.scaleSetNamespace] : pod.namespace;
  return { cluster: nonEmpty(pod.cluster), namespace: nonEmpty(namespace), name };
}

/** A non-empty string field of a structured log line. */
export function stringField(log: LogRecord, key: string): string | undefined {
  const v = log.fields[key];
  return typeof v === "string" && v ? v : undefined;
}

/** Scale set of a log line: controller object keys, runner/workflow pod names, listener pod names. */
export function logScaleSet(log: LogRecord): ScaleSetRef | undefined {
  const cluster = nonEmpty(log.cluster);
  const ars = stringField(log, "autoscalingrunnerset");
  if (ars) {
    const [ns, name] = ars.includes("/") ? ars.split("/", 2) : [undefined, ars];
    if (name) return { cluster, namespace: nonEmpty(ns), name };
  }
  for (const key of ["ephemeralrunner", "ephemeralrunnerset"]) {
    const v = stringField(log, key);
    if (!v) continue;
    const [ns, obj] = v.includes("/") ? v.split("/", 2) : [undefined, v];
    const name = obj && (key === "ephemeralrunner" ? scaleSetFromRunnerName(obj) : obj.replace(/-[a-z0-9]{5}$/, ""));
    if (name) return { cluster, namespace: nonEmpty(ns), name };
  }
  const runnerField = stringField(log, "runnerName") ?? stringField(log, "podName");
  if (runnerField) {
    const name = scaleSetFromRunnerName(runnerField);
    if (name) return { cluster, namespace: log.origin === "listener" ? undefined : nonEmpty(log.namespace), name };
  }
  if (log.pod && (log.origin === "runner" || log.origin === "workflow")) {
    const name = scaleSetFromRunnerName(log.pod);
    if (name) return { cluster, namespace: nonEmpty(log.namespace), name };
  }
  if (log.pod && log.origin === "listener") {
    const m = /^(.+)-[0-9a-f]{8}-listener$/.exec(log.pod);
    if (m?.[1]) return { cluster, name: m[1] };
  }
  return undefined;
}

/** Runner (ER/pod) name a log line is about, if any. */
export function logRunner(log: LogRecord): string | undefined {
  const er = stringField(log, "ephemeralrunner");
  if (er) return er.split("/").pop();
  const named = stringField(log, "runnerName") ?? stringField(log, "podName");
  if (named) return named;
  if (log.pod && (log.origin === "runner" || log.origin === "workflow")) return runnerFromPodName(log.pod);
  return undefined;
}

/** Group items by the scale set `keyOf` returns; items without one are dropped. Insertion order is kept. */
export function groupByScaleSet<T>(items: readonly T[], keyOf: (item: T) => ScaleSetRef | undefined): Map<string, { ref: ScaleSetRef; items: T[] }> {
  const out = new Map<string, { ref: ScaleSetRef; items: T[] }>();
  for (const item of items) {
    const ref = keyOf(item);
    if (!ref) continue;
    const k = scaleSetKey(ref);
    const g = out.get(k);
    if (g) g.items.push(item);
    else out.set(k, { ref, items: [item] });
  }
  return out;
}

export const groupLives = (lives: readonly RunnerLife[]) => groupByScaleSet(lives, scaleSetOf);
export const groupRunners = (runners: readonly RunnerState[]) => groupByScaleSet(runners, scaleSetOf);
export const groupPods = (pods: readonly PodState[]) => groupByScaleSet(pods, scaleSetOf);
export const groupEvents = (events: readonly KubeEventRecord[]) => groupByScaleSet(events, scaleSetOf);
export const groupLogs = (logs: readonly LogRecord[]) => groupByScaleSet(logs, logScaleSet);

/** Items belonging to `ref` (cluster/namespace compared only where both are known). */
export function forScaleSet<T>(items: readonly T[], ref: ScaleSetRef, keyOf: (item: T) => ScaleSetRef | undefined): T[] {
  // Within a round, frozen arrays are grouped by scale-set name once; only same-named records are compared.
  const byName = frozenMemo(items, keyOf, () =>
    bucket(
      items.map((item) => ({ item, ref: keyOf(item) })),
      (e) => e.ref?.name,
    ),
  );
  if (!byName) {
    return items.filter((item) => {
      const r = keyOf(item);
      return r !== undefined && sameScaleSet(r, ref);
    });
  }
  const out: T[] = [];
  for (const e of byName.get(ref.name) ?? []) if (e.ref && sameScaleSet(e.ref, ref)) out.push(e.item);
  return out;
}

/** Logs of one origin whose scale set is `ref`. */
export function logsFor(snapshot: FleetSnapshot, ref: ScaleSetRef, origin?: LogRecord["origin"]): LogRecord[] {
  return forScaleSet(
    origin ? memo(snapshot, `logs:${origin}`, () => freeze(snapshot.logs.filter((l) => l.origin === origin))) : snapshot.logs,
    ref,
    logScaleSet,
  );
}

/** The ScaleSetState for `ref`, if the snapshot has it. */
export function findScaleSet(snapshot: FleetSnapshot, ref: ScaleSetRef): ScaleSetState | undefined {
  const byName = memo(snapshot, "scaleSetsByName", () => bucket(snapshot.scaleSets, (s) => s.name));
  return byName.get(ref.name)?.find((s) => sameScaleSet({ cluster: s.cluster, namespace: s.namespace, name: s.name }, ref));
}

/** Current runners of `set` (exact cluster, namespace and name), not being deleted, in snapshot order. */
export function currentRunnersOf(snapshot: FleetSnapshot, set: ScaleSetKey): RunnerState[] {
  const key = (cluster: string, namespace: string, name: string) => JSON.stringify([cluster, namespace, name]);
  const bySet = memo(snapshot, "runnersBySet", () => bucket(snapshot.runners, (r) => key(r.cluster, r.namespace, r.scaleSet)));
  return (bySet.get(key(set.cluster, set.namespace, set.name)) ?? []).filter((r) => !r.deletionTimestamp);
}

/** Every scale set the snapshot knows about, from specs, current runners and runner history (deduplicated). */
export function knownScaleSets(snapshot: FleetSnapshot): readonly ScaleSetRef[] {
  return memo(snapshot, "knownScaleSets", () => {
    const refs: ScaleSetRef[] = [];
    // refs can only be the same scale set when their names are equal: compare within a name
    const byName = new Map<string, ScaleSetRef[]>();
    const add = (r: ScaleSetRef | undefined) => {
      if (!r) return;
      const same = byName.get(r.name);
      if (same?.some((x) => sameScaleSet(x, r))) return;
      if (same) same.push(r);
      else byName.set(r.name, [r]);
      refs.push(r);
    };
    snapshot.scaleSets.forEach((s) => add(scaleSetOf(s)));
    snapshot.runners.forEach((r) => add(scaleSetOf(r)));
    snapshot.runnerHistory.forEach((l) => add(scaleSetOf(l)));
    return refs;
  });
}

/** Listener pods by pod name, in snapshot order. */
function listenerPodsByName(snapshot: FleetSnapshot): Map<string, PodState[]> {
  return memo(snapshot, "listenerPodsByName", () => bucket(snapshot.pods, (p) => (p.role === "listener" ? p.name : undefined)));
}

/**
 * The scale set a log line is about, completed from the snapshot: listener lines name no namespace, and a listener
 * pod that is still there tells which of two same-named scale sets it serves.
 */
export function resolvedLogScaleSet(snapshot: FleetSnapshot, log: LogRecord): ScaleSetRef | undefined {
  const ref = logScaleSet(log);
  if (!ref) return undefined;
  const pod = log.origin === "listener" && log.pod ? listenerPodsByName(snapshot).get(log.pod)?.find((p) => !log.cluster || p.cluster === log.cluster) : undefined;
  const namespace = ref.namespace ?? pod?.labels[LABEL.scaleSetNamespace];
  const set = findScaleSet(snapshot, { ...ref, namespace });
  return set ? { cluster: set.cluster || undefined, namespace: set.namespace || undefined, name: set.name } : { ...ref, namespace };
}

export type { ScaleSetKey };
