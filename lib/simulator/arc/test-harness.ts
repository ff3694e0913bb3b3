/**
 * Test harness: one simulated cluster driven by the ARC model on a stepped clock, without HTTP,
 * recording every version of pods, EphemeralRunners and secrets from the store's watch.
 */
import { VirtualClock } from "@/lib/simulator/clock";
import { createGitHubState } from "@/lib/simulator/github/state";
import { createPodLogs, type PodLogStore } from "@/lib/simulator/kube/pod-logs";
import { createKubeStore, type KubeStoreImpl } from "@/lib/simulator/kube/store";
import type { KubeObject } from "@/lib/simulator/kube/types";
import { scenarioById, type Scenario } from "@/lib/simulator/scenarios";
import { ClusterSim } from "./cluster";
import { GitHubSide } from "./github-side";
import type { ArcGen } from "./log-lines";
import { Rng } from "./random";
import { RT } from "./resources";

import { WorkloadGenerator } from "./workload";

export type Json = Record<string, unknown>;

export interface Harness {
  clock: VirtualClock;
  store: KubeStoreImpl;
  logs: PodLogStore;
  cluster: ClusterSim;
  github: GitHubSide;
  /** Every version of every object of a type, in order (from the store's watch). */
  history(plural: string): { type: string; object: KubeObject }[];
}

export function harness(gen: ArcGen, scenarios: Scenario[], seed = 7): Harness {
  const clock = new VirtualClock({ kind: "stepped", start: new Date("2026-11-22T12:00:00Z") });
  const store = createKubeStore(clock, { seed });
  const logs = createPodLogs(clock);
  const state = createGitHubState({ orgs: ["acme"] });
  const github = new GitHubSide(state, clock);
  const workload = new WorkloadGenerator(github, clock, new Rng(seed + 1));
  const seen = new Map<string, { type: string; object: KubeObject }[]>();
  for (const type of [RT.pod, RT.er, RT.secret]) {
    const list: { type: string; object: KubeObject }[] = [];
    seen.set(type.plural, list);
    store.watch(type, undefined, store.resourceVersion(), (e) => list.push({ type: e.type, object: e.object }));
  }
  const cluster = new ClusterSim({ name: "t", gen, clock, store, logs, github, workload, seed, org: "acme" });
  cluster.boot();
  for (const s of scenarios) {
    cluster.addScenario(s);
    for (const w of s.workload) workload.start(w);
  }
  return { clock, store, logs, cluster, github, history: (p) => seen.get(p) ?? [] };
}

export function scenario(id: string): Scenario {
  const s = scenarioById(id);
  if (!s) throw new Error(id);
  return s;
}

export const status = (o: KubeObject): Json => (o.status as Json | undefined) ?? {};

export function runnerTerminations(h: Harness): { name: string; exitCode: number; lifeMs: number }[] {
  const out = new Map<string, { name: string; exitCode: number; lifeMs: number }>();
  for (const { object } of h.history("pods")) {
    if (object.metadata.labels?.["actions-ephemeral-runner"] !== "True") continue;
    for (const cs of (status(object).containerStatuses ?? []) as Json[]) {
      const term = (cs.state as Json | undefined)?.terminated as Json | undefined;
      if (cs.name !== "runner" || !term) continue;
      const lifeMs = Date.parse(String(term.finishedAt)) - Date.parse(String(term.startedAt));
      out.set(object.metadata.uid ?? object.metadata.name, { name: object.metadata.name, exitCode: Number(term.exitCode), lifeMs });
    }
  }
  return [...out.values()];
}

