/**
 * Core v1 Events as kubelet and the scheduler write them (ARC controllers emit none, arc-model §3.3).
 * Repeats of the same reason+message on the same object bump `count`/`lastTimestamp` like the
 * event correlator; events expire after an hour like the API server's TTL.
 */
import type { VirtualClock } from "@/lib/simulator/clock";
import type { KubeObject, KubeStore } from "@/lib/simulator/kube/types";
import { formatKubeTime } from "@/lib/simulator/kube/store";
import type { Rng } from "./random";
import { RT } from "./resources";

const EVENT_TTL_MS = 60 * 60 * 1000;
const SWEEP_EVERY_MS = 60_000;

export interface InvolvedPod {
  namespace: string;
  name: string;
  uid: string;
}

export interface EventSpec {
  reason: string;
  message: string;
  type: "Normal" | "Warning";
  /** "kubelet" (with the node as host) or "default-scheduler". */
  component: "kubelet" | "default-scheduler";
  host?: string;
  fieldPath?: string;
}

export class KubeEvents {
  private readonly recent = new Map<string, string>();
  private readonly expiry: { at: number; key: string; namespace: string; name: string }[] = [];
  private head = 0;
  private sweeping = false;

  constructor(
    private readonly store: KubeStore,
    private readonly clock: VirtualClock,
    private readonly rng: Rng,
  ) {}

  record(pod: InvolvedPod, e: EventSpec): void {
    const key = `${pod.uid}|${e.reason}|${e.message}`;
    const now = formatKubeTime(this.clock.now());
    const existing = this.recent.get(key);
    if (existing) {
      const updated = this.store.patch<KubeObject>(RT.event, pod.namespace, existing, (ev) => {
        ev.count = (typeof ev.count === "number" ? ev.count : 1) + 1;
        ev.lastTimestamp = now;
      });
      if (updated) return;
    }
    const name = `${pod.name}.${this.rng.hex(16)}`;
    const involvedObject: Record<string, unknown> = { kind: "Pod", namespace: pod.namespace, name: pod.name, uid: pod.uid, apiVersion: "v1" };
    if (e.fieldPath) involvedObject.fieldPath = e.fieldPath;
    this.store.create<KubeObject>(RT.event, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace: pod.namespace },
      involvedObject,
      reason: e.reason,
      message: e.message,
      type: e.type,
      source: e.host ? { component: e.component, host: e.host } : { component: e.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: e.component,
      reportingInstance: e.host ?? "",
    });
    this.recent.set(key, name);
    this.expiry.push({ at: this.clock.nowMs() + EVENT_TTL_MS, key, namespace: pod.namespace, name });
    if (!this.sweeping) {
      this.sweeping = true;
      this.clock.setTimeout(() => this.sweep(), SWEEP_EVERY_MS);
    }
  }

  /** One periodic sweep instead of a timer per event (events are created in time order). */
  private sweep(): void {
    const now = this.clock.nowMs();
    let i = this.head;
    for (; i < this.expiry.length; i++) {
      const e = this.expiry[i];
      if (!e || e.at > now) break;
      if (this.recent.get(e.key) === e.name) this.recent.delete(e.key);
      this.store.delete(RT.event, e.namespace, e.name);
    }
    this.head = i;
    if (this.head > 4096) {
      this.expiry.splice(0, this.head);
      this.head = 0;
    }
    if (this.head < this.expiry.length) this.clock.setTimeout(() => this.sweep(), SWEEP_EVERY_MS);
    else this.sweeping = false;
  }
}
