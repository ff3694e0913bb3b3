import type { KubernetesObject } from "@kubernetes/client-node";
import type { EphemeralRunnerSetState, PodState, RunnerLife, ScaleSetState } from "@/lib/model";
import { LABEL } from "@/lib/model/arc-labels";
import { redactValue } from "@/lib/redact";
import { toEventRecord, toPodState, toRunnerSetState, toRunnerState, toScaleSetState } from "@/lib/sources/kubernetes/normalize";
import type { KubeRelist, KubeWatchEvent } from "@/lib/sources/kubernetes/informers";
import type { LifecycleTracker } from "./lifecycle";
import type { WriteBuffer } from "./write-buffer";

function metricsPortOf(pod: KubernetesObject): number | undefined {
  const spec = (pod as { spec?: { containers?: { ports?: { name?: string; containerPort?: number }[] }[] } }).spec;
  for (const c of spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === "metrics" && typeof p.containerPort === "number") return p.containerPort;
  return undefined;
}

const k = (cluster: string, ns: string | undefined, name: string | undefined) => `${cluster}/${ns ?? ""}/${name ?? ""}`;

/**
 * Projects watch events into domain records: current state (scale sets, runner sets, runners joined with their pod,
 * listener/controller/workflow pods, events) into the write buffer, and runner lifecycles through the tracker.
 * Also keeps the lookups listener statistics need (listener pods, ERS name → scale set).
 */
export class KubeState {
  private ers = new Map<string, EphemeralRunnerSetState>();
  private scaleSets = new Map<string, ScaleSetState>();
  /** Raw ER and runner pod by cluster/ns/name, to join them whichever arrives first. */
  private rawRunners = new Map<string, KubernetesObject>();
  private rawRunnerPods = new Map<string, KubernetesObject>();
  private runnerPodStates = new Map<string, PodState>();
  private otherPods = new Map<string, PodState>();
  /** Listener pods' `metrics` container port (absent = metrics disabled in the controller chart). */
  private metricsPorts = new Map<string, number>();
  /** EphemeralRunner uids seen, newest last (for "none lost" checks); bounded. */
  readonly seenRunnerUids = new Set<string>();
  private static readonly MAX_SEEN = 200_000;

  constructor(
    private readonly buffer: WriteBuffer,
    private readonly tracker: LifecycleTracker,
    private readonly onLives: (lives: RunnerLife[]) => void = () => {},
  ) {}

  onEvent(e: KubeWatchEvent): void {
    const { cluster, object: o, type } = e;
    const key = k(cluster, o.metadata?.namespace, o.metadata?.name);
    const at = new Date(e.at);
    switch (e.resource) {
      case "autoscalingrunnersets": {
        const s = toScaleSetState(o, cluster);
        if (type === "DELETED") {
          this.scaleSets.delete(key);
          this.buffer.deleteScaleSet(s, at);
        } else {
          this.scaleSets.set(key, s);
          this.buffer.upsertScaleSet(s);
        }
        return;
      }
      case "ephemeralrunnersets": {
        const s = toRunnerSetState(o, cluster);
        if (type === "DELETED") {
          this.ers.delete(key);
          this.buffer.deleteRunnerSet(s, at);
        } else {
          this.ers.set(key, s);
          this.buffer.upsertRunnerSet(s);
        }
        return;
      }
      case "ephemeralrunners": {
        if (type === "DELETED") this.rawRunners.delete(key);
        else this.rawRunners.set(key, o);
        const r = toRunnerState(o, this.rawRunnerPods.get(key), cluster);
        this.remember(r.uid);
        if (type === "DELETED") this.buffer.deleteRunner(r.uid, at);
        else this.buffer.upsertRunner(r);
        this.lives(this.tracker.apply({ kind: "runner", type, runner: r, at: e.at }));
        return;
      }
      case "autoscalinglisteners":
        return; // status is empty (arc-model §1); the listener pod carries what we need
      case "arc-pods":
      case "workflow-pods": {
        const p = toPodState(o, cluster);
        if (p.role === "runner") {
          if (type === "DELETED") {
            this.rawRunnerPods.delete(key);
            this.runnerPodStates.delete(key);
          } else {
            this.rawRunnerPods.set(key, o);
            this.runnerPodStates.set(key, p);
          }
          const er = this.rawRunners.get(key);
          if (er) this.buffer.upsertRunner(toRunnerState(er, type === "DELETED" ? undefined : o, cluster));
          this.lives(this.tracker.apply({ kind: "pod", type, pod: p, at: e.at }));
          return;
        }
        if (type === "DELETED") {
          this.otherPods.delete(key);
          this.metricsPorts.delete(key);
          this.buffer.deletePod(p.uid, at);
        } else {
          this.otherPods.set(key, p);
          const port = metricsPortOf(o);
          if (port === undefined) this.metricsPorts.delete(key);
          else this.metricsPorts.set(key, port);
          this.buffer.upsertPod(p);
        }
        if (p.role === "controller" && type !== "DELETED") {
          this.buffer.upsertCluster({ name: cluster, controllerVersion: p.labels[LABEL.version], controllerNamespace: p.namespace });
        }
        return;
      }
      case "events":
        // event messages quote pod specs and API errors: redact before they are stored
        if (type !== "DELETED") this.buffer.upsertEvent(redactValue(toEventRecord(o, cluster)));
        return;
    }
  }

  onRelist(r: KubeRelist): void {
    if (r.resource !== "ephemeralrunners") return;
    const uids = r.items.flatMap((i) => (i.metadata?.uid ? [i.metadata.uid] : []));
    for (const u of uids) this.remember(u);
    this.lives(this.tracker.apply({ kind: "relist", cluster: r.cluster, namespace: r.namespace, presentUids: uids, at: r.at }));
  }

  private remember(uid: string): void {
    this.seenRunnerUids.add(uid);
    if (this.seenRunnerUids.size > KubeState.MAX_SEEN) {
      const oldest = this.seenRunnerUids.values().next().value;
      if (oldest !== undefined) this.seenRunnerUids.delete(oldest);
    }
  }

  private lives(changed: RunnerLife[]): void {
    for (const l of changed) this.buffer.upsertLife(l);
    if (changed.length) this.onLives(changed);
  }

  /** Listener pods of a cluster (current), with their metrics port if the listener exposes one. */
  listenerPods(cluster: string): { pod: PodState; metricsPort?: number }[] {
    return [...this.otherPods.entries()]
      .filter(([, p]) => p.cluster === cluster && p.role === "listener")
      .map(([key, pod]) => ({ pod, metricsPort: this.metricsPorts.get(key) }));
  }

  /** Runner pods of a cluster whose runner container has started (for log following). */
  runnerPods(cluster: string): PodState[] {
    const out: PodState[] = [];
    for (const [key, p] of this.runnerPodStates) if (key.startsWith(`${cluster}/`)) out.push(p);
    return out;
  }

  controllerPods(cluster: string): PodState[] {
    return [...this.otherPods.values()].filter((p) => p.cluster === cluster && p.role === "controller");
  }

  /** Scale set of an EphemeralRunnerSet (the `name` label on listener gauges), via the ERS cache. */
  scaleSetOfRunnerSet(cluster: string, namespace: string | undefined, ersName: string): { namespace: string; scaleSet: string } | undefined {
    if (namespace) {
      const s = this.ers.get(k(cluster, namespace, ersName));
      if (s) return { namespace: s.namespace, scaleSet: s.scaleSet };
    }
    for (const s of this.ers.values()) if (s.cluster === cluster && s.name === ersName) return { namespace: s.namespace, scaleSet: s.scaleSet };
    return undefined;
  }

  scaleSetsOf(cluster?: string): ScaleSetState[] {
    return [...this.scaleSets.values()].filter((s) => !cluster || s.cluster === cluster);
  }
}
