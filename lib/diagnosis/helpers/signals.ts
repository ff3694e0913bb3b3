import type { ContainerStatusSummary, EvidenceItem, FleetSnapshot, IsoTime, KubeEventRecord, LogRecord, PodState, RunnerLife, RunnerState } from "@/lib/model";
import { eventEvidence, lifeEvidence, logEvidence, podEvidence, runnerEvidence } from "./evidence";
import { logRunner, logScaleSet, runnerFromPodName, scaleSetKey, scaleSetOf, type ScaleSetRef } from "./group";
import { freeze, memo } from "./index";
import { recentLives } from "./lives";
import { inWindow } from "./time";

/** One piece of evidence tied to a scale set and (usually) a runner. */
export interface Signal {
  ref: ScaleSetRef;
  runner?: string;
  at?: IsoTime;
  kind: "life" | "runner" | "pod" | "container" | "log" | "event";
  evidence: EvidenceItem;
}

/** Matchers return an observation when the record shows the symptom. */
export interface SignalMatchers {
  life?: (life: RunnerLife) => string | undefined;
  runner?: (runner: RunnerState) => string | undefined;
  /** Called for each container status (init containers too) of runner pods and of `snapshot.pods`. */
  container?: (status: ContainerStatusSummary, pod: PodState) => string | undefined;
  pod?: (pod: PodState) => string | undefined;
  log?: (log: LogRecord) => string | undefined;
  event?: (event: KubeEventRecord) => string | undefined;
}

export interface SignalGroup {
  ref: ScaleSetRef;
  signals: Signal[];
  /** Distinct runners with at least one signal. */
  runners: Set<string>;
}

/** All pods: runner pods hanging off current runners plus the other pods. Shared within a round: do not mutate. */
export function allPods(snapshot: FleetSnapshot): readonly PodState[] {
  return memo(snapshot, "allPods", () => {
    const pods = snapshot.runners.flatMap((r) => (r.pod ? [r.pod] : []));
    const seen = new Set(pods.map(podId));
    for (const p of snapshot.pods) {
      const id = podId(p);
      if (seen.has(id)) continue;
      seen.add(id);
      pods.push(p);
    }
    return freeze(pods);
  });
}

/** Identity of a pod for de-duplication: uid and name (JSON keeps undefined and "" apart). */
function podId(p: PodState): string {
  return JSON.stringify([p.uid, p.name]);
}

/** Collect symptom signals across history, runners, pods, logs and events (within the window), grouped by scale set. */
export function collectSignals(snapshot: FleetSnapshot, now: Date, m: SignalMatchers): SignalGroup[] {
  const groups = new Map<string, SignalGroup>();
  const add = (ref: ScaleSetRef | undefined, s: Omit<Signal, "ref">) => {
    if (!ref) return;
    const k = scaleSetKey(ref);
    const g = groups.get(k) ?? { ref, signals: [], runners: new Set<string>() };
    g.signals.push({ ref, ...s });
    if (s.runner) g.runners.add(s.runner);
    groups.set(k, g);
  };
  const inWin = (t: IsoTime | undefined) => inWindow(t, snapshot.windowStart, now);

  if (m.life) {
    for (const l of recentLives(snapshot, now)) {
      const obs = m.life(l);
      if (obs) add(scaleSetOf(l), { runner: l.name, at: l.finishedAt ?? l.createdAt, kind: "life", evidence: lifeEvidence(l, obs, l.message) });
    }
  }
  if (m.runner) {
    for (const r of snapshot.runners) {
      const obs = m.runner(r);
      if (obs) add(scaleSetOf(r), { runner: r.name, at: r.createdAt, kind: "runner", evidence: runnerEvidence(r, obs, r.message) });
    }
  }
  if (m.container || m.pod) {
    for (const p of allPods(snapshot)) {
      const ref = scaleSetOf(p);
      const runner = p.role === "runner" || p.role === "workflow" ? runnerFromPodName(p.runnerPod ?? p.name) : undefined;
      const podObs = m.pod?.(p);
      if (podObs) add(ref, { runner, at: p.createdAt, kind: "pod", evidence: podEvidence(p, podObs, p.message) });
      if (!m.container) continue;
      for (const st of [...p.initContainerStatuses, ...p.containerStatuses]) {
        const obs = m.container(st, p);
        if (obs) add(ref, { runner, at: st.finishedAt ?? p.createdAt, kind: "container", evidence: podEvidence(p, obs, st.message ?? st.reason) });
      }
    }
  }
  if (m.log) {
    for (const l of snapshot.logs) {
      if (!inWin(l.time)) continue;
      const obs = m.log(l);
      if (obs) add(logScaleSet(l), { runner: logRunner(l), at: l.time, kind: "log", evidence: logEvidence(l, obs) });
    }
  }
  if (m.event) {
    for (const e of snapshot.events) {
      if (!inWin(e.lastSeen)) continue;
      const obs = m.event(e);
      if (obs) add(scaleSetOf(e), { runner: runnerFromPodName(e.involvedName), at: e.lastSeen, kind: "event", evidence: eventEvidence(e, obs) });
    }
  }
  return [...groups.values()];
}

/** Up to `max` evidence items, preferring variety of kinds and distinct runners. */
export function pickEvidence(signals: readonly Signal[], max = 5): EvidenceItem[] {
  const picked: Signal[] = [];
  const kinds = new Set<string>();
  for (const s of signals) {
    if (kinds.has(s.kind) || picked.length >= max) continue;
    kinds.add(s.kind);
    picked.push(s);
  }
  const runners = new Set(picked.map((s) => s.runner));
  for (const s of signals) {
    if (picked.length >= max || picked.includes(s) || runners.has(s.runner)) continue;
    runners.add(s.runner);
    picked.push(s);
  }
  for (const s of signals) if (picked.length < max && !picked.includes(s)) picked.push(s);
  return picked.map((s) => s.evidence);
}
