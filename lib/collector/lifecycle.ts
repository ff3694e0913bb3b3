import type { ContainerStatusSummary, IsoTime, PodState, RunnerJob, RunnerLife, RunnerOutcome, RunnerState } from "@/lib/model";

/**
 * Runner lifecycle tracker: turns EphemeralRunner and runner-pod watch events into one `RunnerLife` per ER uid.
 * Kubernetes deletes a runner that exited after one second a moment later; this keeps what was seen.
 * Deterministic and I/O-free: the caller passes the receipt time with every input.
 */

export type WatchType = "ADDED" | "MODIFIED" | "DELETED";

export type LifecycleInput =
  | { kind: "runner"; type: WatchType; runner: RunnerState; at: IsoTime }
  | { kind: "pod"; type: WatchType; pod: PodState; at: IsoTime }
  /**
   * A fresh list of EphemeralRunners for a scope (cluster, optionally one namespace): every tracked live ER in
   * that scope missing from `presentUids` was deleted during a watch gap → deleted at `at`.
   */
  | { kind: "relist"; cluster: string; namespace?: string; presentUids: readonly string[]; at: IsoTime };

/** Container name ARC gives the runner in every pod template (arc-model.md §4). */
export const RUNNER_CONTAINER = "runner";

interface PodFacts {
  uid: string;
  phase: PodState["phase"];
  reason?: string;
  message?: string;
  nodeName?: string;
  scheduledAt?: IsoTime;
  readyAt?: IsoTime;
  runner?: ContainerStatusSummary;
  failedInit?: ContainerStatusSummary;
  command?: string[];
  image?: string;
}

interface Track {
  life: RunnerLife;
  erPhase: string;
  erReason?: string;
  erMessage?: string;
  erFailureCount: number;
  gone: boolean;
  pod?: PodFacts;
  /** Pod uids of attempts that ended in failure (0.12+: ARC deletes them and starts a new pod for the same ER). */
  failedPods: Set<string>;
}

const key = (cluster: string, namespace: string, name: string) => `${cluster}/${namespace}/${name}`;

export function hasJob(job: RunnerJob | undefined): boolean {
  if (!job) return false;
  return Boolean(job.jobId) || (job.jobRequestId ?? 0) > 0;
}

function podFacts(pod: PodState): PodFacts {
  const runner = pod.containerStatuses.find((c) => c.name === RUNNER_CONTAINER);
  const spec = pod.containers.find((c) => c.name === RUNNER_CONTAINER);
  const failedInit = pod.initContainerStatuses.find((c) => c.state === "terminated" && (c.exitCode ?? 0) !== 0);
  return {
    uid: pod.uid,
    phase: pod.phase,
    reason: pod.reason,
    message: pod.message,
    nodeName: pod.nodeName,
    scheduledAt: pod.scheduledAt,
    readyAt: pod.readyAt,
    runner,
    failedInit,
    command: spec?.command,
    image: spec?.image ?? runner?.image,
  };
}

/** Merge newer pod facts over older ones of the same pod: a later event never erases what an earlier one showed. */
function mergePod(old: PodFacts | undefined, next: PodFacts): PodFacts {
  if (!old || old.uid !== next.uid) return next;
  const runner = next.runner && old.runner ? { ...old.runner, ...stripUndefined(next.runner) } : (next.runner ?? old.runner);
  return {
    ...old,
    ...stripUndefined(next),
    runner,
    failedInit: next.failedInit ?? old.failedInit,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o) as [keyof T, T[keyof T]][]) if (v !== undefined) out[k] = v;
  return out;
}

function podEndedInFailure(p: PodFacts): boolean {
  const r = p.runner;
  if (r?.state === "terminated") return (r.exitCode ?? 1) !== 0;
  return Boolean(p.failedInit) || p.phase === "Failed";
}

/** Outcome per arc-model.md §3.4, from the ER status and the latest pod attempt. */
function outcomeOf(t: Track): RunnerOutcome {
  const p = t.pod;
  const r = p?.runner;
  if (t.erPhase === "Failed" && t.erReason === "InvalidPod") return "pod-rejected";
  if (t.erPhase === "Outdated" || (r?.state === "terminated" && r.exitCode === 7)) return "outdated";
  if (p?.reason === "Evicted" || t.erReason === "Evicted") return "evicted";
  if (r?.state === "terminated") {
    if (r.reason === "OOMKilled") return "oom-killed";
    if (r.exitCode === 0) return hasJob(t.life.job) ? "succeeded" : "no-job-exit";
    return "failed";
  }
  if (r?.lastTerminated?.reason === "OOMKilled" && t.gone) return "oom-killed";
  if (t.erPhase === "Succeeded") return hasJob(t.life.job) ? "succeeded" : "no-job-exit";
  if (t.erPhase === "Failed") return "failed";
  if (p && (p.failedInit || p.phase === "Failed")) return "failed";
  if (t.gone) return t.failedPods.size > 0 || t.erFailureCount > 0 ? "failed" : "deleted";
  return "running";
}

function refresh(t: Track): void {
  const p = t.pod;
  const r = p?.runner;
  const life = t.life;
  life.scheduledAt = p?.scheduledAt ?? life.scheduledAt;
  life.startedAt = r?.startedAt ?? life.startedAt;
  life.readyAt = p?.readyAt ?? life.readyAt;
  life.finishedAt = r?.finishedAt ?? life.finishedAt;
  life.nodeName = p?.nodeName ?? life.nodeName;
  life.image = p?.image ?? life.image;
  if (p && p.command !== undefined) life.command = p.command;
  if (r?.state === "terminated" && r.exitCode !== undefined) life.exitCode = r.exitCode;
  else if (p?.failedInit?.exitCode !== undefined && life.exitCode === undefined) life.exitCode = p.failedInit.exitCode;
  life.reason =
    (r?.state === "terminated" ? r.reason : undefined) ?? p?.failedInit?.reason ?? t.erReason ?? p?.reason ?? life.reason;
  life.message =
    (r?.state === "terminated" ? r.message : undefined) ?? p?.failedInit?.message ?? t.erMessage ?? p?.message ?? life.message;
  life.failureCount = Math.max(t.erFailureCount, t.failedPods.size, life.failureCount);
  life.outcome = outcomeOf(t);
}

function cloneLife(l: RunnerLife): RunnerLife {
  return { ...l, phases: l.phases.map((p) => ({ ...p })), job: l.job ? { ...l.job } : undefined, command: l.command ? [...l.command] : undefined };
}

export class LifecycleTracker {
  private byUid = new Map<string, Track>();
  /** cluster/ns/name → uid of the newest ER with that name (kept after deletion so late pod events still land). */
  private byName = new Map<string, string>();
  /** Pods seen before their ER (watch streams are independent and may deliver out of order). */
  private orphanPods = new Map<string, PodFacts>();

  /** Applies one input; returns copies of the lives that changed. */
  apply(input: LifecycleInput): RunnerLife[] {
    switch (input.kind) {
      case "runner":
        return this.onRunner(input.type, input.runner, input.at);
      case "pod":
        return this.onPod(input.type, input.pod);
      case "relist":
        return this.onRelist(input.cluster, input.namespace, new Set(input.presentUids), input.at);
    }
  }

  applyAll(inputs: readonly LifecycleInput[]): RunnerLife[] {
    const changed = new Map<string, RunnerLife>();
    for (const i of inputs) for (const l of this.apply(i)) changed.set(l.uid, l);
    return [...changed.values()];
  }

  lives(): RunnerLife[] {
    return [...this.byUid.values()].map((t) => cloneLife(t.life));
  }

  life(uid: string): RunnerLife | undefined {
    const t = this.byUid.get(uid);
    return t ? cloneLife(t.life) : undefined;
  }

  /**
   * Re-adopts lives the store still has open (collector restart): the next re-list then either continues them
   * or, when their EphemeralRunner is gone, closes them as deleted at re-list time. Known uids are left alone.
   */
  restore(lives: readonly RunnerLife[]): void {
    for (const l of lives) {
      if (this.byUid.has(l.uid) || l.deletedAt !== undefined || l.outcome !== "running") continue;
      const life = cloneLife(l);
      this.byUid.set(l.uid, {
        life,
        erPhase: life.phases[life.phases.length - 1]?.phase ?? "",
        erFailureCount: life.failureCount,
        gone: false,
        failedPods: new Set(),
      });
      this.byName.set(key(l.cluster, l.namespace, l.name), l.uid);
    }
  }

  /** Forget lives deleted before `before` (they are in the store); bounds memory. */
  prune(before: IsoTime): number {
    let n = 0;
    for (const [uid, t] of this.byUid) {
      if (t.gone && t.life.deletedAt !== undefined && t.life.deletedAt < before) {
        this.byUid.delete(uid);
        const k = key(t.life.cluster, t.life.namespace, t.life.name);
        if (this.byName.get(k) === uid) this.byName.delete(k);
        n++;
      }
    }
    return n;
  }

  private onRunner(type: WatchType, er: RunnerState, at: IsoTime): RunnerLife[] {
    const k = key(er.cluster, er.namespace, er.name);
    let t = this.byUid.get(er.uid);
    const before = t ? JSON.stringify(t.life) : undefined;
    if (!t) {
      t = {
        life: {
          cluster: er.cluster,
          namespace: er.namespace,
          scaleSet: er.scaleSet,
          ephemeralRunnerSet: er.ephemeralRunnerSet,
          name: er.name,
          uid: er.uid,
          createdAt: er.createdAt,
          outcome: "running",
          failureCount: 0,
          phases: [],
        },
        erPhase: "",
        erFailureCount: 0,
        gone: false,
        failedPods: new Set(),
      };
      this.byUid.set(er.uid, t);
      this.byName.set(k, er.uid);
      const orphan = this.orphanPods.get(k);
      if (orphan) {
        t.pod = orphan;
        this.orphanPods.delete(k);
      }
    }
    const life = t.life;
    // Status fields: take what this object shows, keep what earlier ones showed when it is silent.
    life.scaleSet = er.scaleSet || life.scaleSet;
    life.ephemeralRunnerSet = er.ephemeralRunnerSet || life.ephemeralRunnerSet;
    if (er.phase) {
      t.erPhase = er.phase;
      t.erReason = er.reason;
      t.erMessage = er.message;
    } else if (er.reason) {
      t.erReason = er.reason;
      t.erMessage = er.message;
    }
    t.erFailureCount = Math.max(t.erFailureCount, er.failureCount);
    const phase = er.phase || "Pending";
    if (life.phases[life.phases.length - 1]?.phase !== phase && !t.gone) life.phases.push({ phase, at });
    if (hasJob(er.job)) {
      if (!hasJob(life.job)) life.jobAssignedAt = at;
      life.job = { ...life.job, ...stripUndefined(er.job ?? {}) };
    }
    if (er.pod) this.absorbPod(t, podFacts(er.pod));
    if (type === "DELETED" && !t.gone) this.markGone(t, er.deletionTimestamp ?? at);
    refresh(t);
    return before === JSON.stringify(life) ? [] : [cloneLife(life)];
  }

  private onPod(type: WatchType, pod: PodState): RunnerLife[] {
    if (pod.role !== "runner") return [];
    const k = key(pod.cluster, pod.namespace, pod.name);
    const facts = podFacts(pod);
    const uid = this.byName.get(k);
    const t = uid ? this.byUid.get(uid) : undefined;
    if (!t) {
      if (type !== "DELETED") this.orphanPods.set(k, mergePod(this.orphanPods.get(k), facts));
      else this.orphanPods.delete(k);
      return [];
    }
    const before = JSON.stringify(t.life);
    this.absorbPod(t, facts);
    if (type === "DELETED" && t.pod && podEndedInFailure(t.pod) && !t.gone) t.failedPods.add(t.pod.uid);
    refresh(t);
    return before === JSON.stringify(t.life) ? [] : [cloneLife(t.life)];
  }

  private absorbPod(t: Track, facts: PodFacts): void {
    if (t.pod && t.pod.uid !== facts.uid) {
      // A new pod for the same ER: the previous attempt failed (ARC only re-creates pods after a failure).
      t.failedPods.add(t.pod.uid);
      const life = t.life;
      life.scheduledAt = life.startedAt = life.readyAt = life.finishedAt = undefined;
      life.exitCode = undefined;
    }
    t.pod = mergePod(t.pod, facts);
  }

  private markGone(t: Track, at: IsoTime): void {
    t.gone = true;
    t.life.deletedAt = t.life.deletedAt ?? at;
  }

  private onRelist(cluster: string, namespace: string | undefined, present: Set<string>, at: IsoTime): RunnerLife[] {
    const changed: RunnerLife[] = [];
    for (const t of this.byUid.values()) {
      const l = t.life;
      if (t.gone || l.cluster !== cluster || (namespace !== undefined && l.namespace !== namespace) || present.has(l.uid)) continue;
      this.markGone(t, at);
      refresh(t);
      changed.push(cloneLife(l));
    }
    return changed;
  }
}
