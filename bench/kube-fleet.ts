/**
 * The generated fleet as Kubernetes objects in a simulated API server's store, and a churn generator that walks
 * EphemeralRunners and their pods through ARC's lifecycle at a fixed rate of API changes. Objects are built with
 * the simulator's ARC builders (lib/simulator/arc/resources), so they are shaped exactly as ARC writes them.
 */
import { HEALTHY } from "@/lib/simulator/scenarios/types";
import { buildArs, buildEr, buildErs, buildRunnerPod, RT, type Json, type SetContext } from "@/lib/simulator/arc/resources";
import { markRunning, markScheduled, markTerminated } from "@/lib/simulator/arc/pod-status";
import { formatKubeTime, type KubeStoreImpl } from "@/lib/simulator/kube/store";
import type { KubeObject } from "@/lib/simulator/kube/types";
import type { Fleet, FleetSet } from "./fleet";

export interface KubeSet {
  set: FleetSet;
  ctx: SetContext;
  ersName: string;
  ersUid: string;
  specHash: string;
}

function contextOf(s: FleetSet): SetContext {
  return {
    gen: s.state.version === "0.13.1" ? "0.13" : "0.14",
    spec: { name: s.key.name, minRunners: s.state.minRunners ?? 0, maxRunners: s.state.maxRunners ?? 200, containerMode: s.state.containerMode, expected: HEALTHY },
    org: "acme",
    configUrl: s.state.githubConfigUrl,
    scaleSetId: s.state.scaleSetId ?? 1,
    runnerGroupName: s.state.runnerGroup,
    arsUid: s.state.uid,
  };
}

const at = () => formatKubeTime(new Date());

function erStatus(o: KubeObject): Json {
  if (typeof o.status !== "object" || o.status === null) o.status = {};
  return o.status as Json;
}

/** Creates one cluster's sets (ARS, ERS), its current runners (ER + Running pod) and one event per pod. */
export function populateCluster(store: KubeStoreImpl, fleet: Fleet, cluster: string): { sets: KubeSet[]; objects: number } {
  let objects = 0;
  const sets: KubeSet[] = [];
  for (const s of fleet.sets.filter((x) => x.key.cluster === cluster)) {
    const ctx = contextOf(s);
    store.create(RT.ars, buildArs(ctx, "5d4f7c9b8a"));
    const specHash = s.runnerSet.runnerSpecHash ?? "6b7c8d9e0f";
    const ers = store.create(RT.ers, buildErs(ctx, s.runnerSet.name, specHash, s.runnerSet.replicas));
    objects += 2;
    sets.push({ set: s, ctx, ersName: s.runnerSet.name, ersUid: ers.metadata.uid ?? "", specHash });
  }
  const byName = new Map(sets.map((k) => [k.set.key.name, k]));
  for (const r of fleet.runners.filter((x) => x.cluster === cluster)) {
    const k = byName.get(r.scaleSet);
    if (!k) continue;
    const er = store.create(RT.er, buildEr(k.ctx, r.name, k.ersName, k.ersUid, k.specHash, 0));
    const pod = buildRunnerPod(k.ctx, r.name, er.metadata.uid ?? "", k.specHash);
    const now = at();
    if (r.phase === "Running") {
      markScheduled(pod, now, "ip-10-0-1-17.ec2.internal");
      markRunning(pod, now, true, "10.1.2.3");
    }
    store.create(RT.pod, pod);
    store.patch(RT.er, r.namespace, r.name, (o) => {
      const st = erStatus(o);
      st.phase = r.phase || "Pending";
      st.ready = r.phase === "Running";
      st.runnerId = r.runnerId;
      st.runnerName = r.name;
      if (r.job) Object.assign(st, { jobRequestId: r.job.jobRequestId, jobRepositoryName: r.job.repository, jobWorkflowRef: r.job.workflowRef, jobDisplayName: r.job.displayName });
    });
    store.create(RT.event, eventObject(r.namespace, r.name, "Started", "Started container runner", "Normal"));
    objects += 3;
  }
  return { sets, objects };
}

function eventObject(namespace: string, pod: string, reason: string, message: string, type: "Normal" | "Warning"): KubeObject {
  const now = at();
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: `${pod}.${Math.random().toString(16).slice(2, 18)}`, namespace },
    involvedObject: { kind: "Pod", namespace, name: pod, apiVersion: "v1" },
    reason,
    message,
    type,
    source: { component: "kubelet" },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
}

/** API times (epoch ms, wall clock) of one churned runner life. */
export interface LifeMarks {
  uid: string;
  /** ER created (first API change of the life). */
  created: number;
  /** Runner container terminated (the life's end is visible in the API). */
  ended?: number;
}

interface InFlight {
  k: KubeSet;
  name: string;
  uid: string;
  step: number;
  due: number;
  marks: LifeMarks;
}

/** Changes per life: ER create; ER Pending + pod create; scheduled; running (pod + ER); job; terminated; pod + ER delete. */
export const CHANGES_PER_LIFE = 10;
const STEP_GAP_MS = 150;

/**
 * Drives `ratePerSec` API changes per second for `durationMs` over the given sets and returns the lives' marks
 * and how many changes were made. Runs on the event loop of the process that owns `store` (keep it apart from the
 * collector being measured).
 */
export async function churn(store: KubeStoreImpl, sets: readonly KubeSet[], opts: { ratePerSec: number; durationMs: number }): Promise<{ changes: number; marks: LifeMarks[]; wallMs: number }> {
  const tickMs = 20;
  const inFlight: InFlight[] = [];
  const marks: LifeMarks[] = [];
  let changes = 0;
  let seq = 0;
  const t0 = Date.now();
  const stopStartingAt = t0 + opts.durationMs;
  const ns = "arc-runners";

  const advance = (l: InFlight): number => {
    const now = Date.now();
    const stamp = formatKubeTime(new Date(now));
    switch (l.step) {
      case 1:
        store.patch(RT.er, ns, l.name, (o) => Object.assign(erStatus(o), { phase: "Pending", ready: false, runnerId: 900_000 + seq, runnerName: l.name }));
        store.create(RT.pod, buildRunnerPod(l.k.ctx, l.name, l.uid, l.k.specHash));
        return 2;
      case 2:
        store.patch(RT.pod, ns, l.name, (p) => markScheduled(p, stamp, "ip-10-0-7-42.ec2.internal"));
        return 1;
      case 3:
        store.patch(RT.pod, ns, l.name, (p) => markRunning(p, stamp, true, "10.1.9.9"));
        store.patch(RT.er, ns, l.name, (o) => Object.assign(erStatus(o), { phase: "Running", ready: true }));
        return 2;
      case 4:
        store.patch(RT.er, ns, l.name, (o) =>
          Object.assign(erStatus(o), { jobRequestId: 7_000_000 + seq, jobRepositoryName: "acme/shop", jobWorkflowRef: "acme/shop/.github/workflows/ci.yml@refs/heads/main", jobDisplayName: "build", workflowRunId: 8_000_000 + seq }),
        );
        return 1;
      case 5:
        store.patch(RT.pod, ns, l.name, (p) => markTerminated(p, stamp, "runner", 0, "Completed", { phase: "Succeeded" }));
        l.marks.ended = now;
        return 1;
      default:
        store.delete(RT.pod, ns, l.name);
        store.delete(RT.er, ns, l.name);
        return 2;
    }
  };

  while (Date.now() < stopStartingAt || inFlight.length > 0) {
    const tickStart = Date.now();
    // budget from elapsed time, not per tick: a late tick catches up instead of lowering the rate
    let budget = Math.floor((opts.ratePerSec * (tickStart - t0)) / 1000) - changes;
    // due steps first (oldest first), then new lives with what is left of the budget
    for (let i = 0; i < inFlight.length && budget > 0; ) {
      const l = inFlight[i]!;
      if (l.due > tickStart) {
        i++;
        continue;
      }
      l.step++;
      const n = advance(l);
      changes += n;
      budget -= n;
      if (l.step >= 6) inFlight.splice(i, 1);
      else {
        l.due = tickStart + STEP_GAP_MS;
        i++;
      }
    }
    while (budget > 0 && tickStart < stopStartingAt) {
      const k = sets[seq % sets.length]!;
      seq++;
      const name = `${k.ersName}-runner-b${seq.toString(36)}`;
      const er = store.create(RT.er, buildEr(k.ctx, name, k.ersName, k.ersUid, k.specHash, 0));
      const uid = er.metadata.uid ?? "";
      const m: LifeMarks = { uid, created: Date.now() };
      marks.push(m);
      inFlight.push({ k, name, uid, step: 0, due: tickStart + STEP_GAP_MS, marks: m });
      changes++;
      budget--;
    }
    const spent = Date.now() - tickStart;
    await new Promise((r) => setTimeout(r, Math.max(0, tickMs - spent)));
  }
  return { changes, marks, wallMs: Date.now() - t0 };
}
