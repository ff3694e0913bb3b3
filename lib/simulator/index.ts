/**
 * `startSimulation()`: simulated ARC clusters (Kubernetes API servers) and a simulated GitHub,
 * driven by the ARC model over the scenarios, plus a kubeconfig pointing real clients at them.
 * Used by the demo, the integration tests and the benchmarks.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunnerOutcome } from "@/lib/model";
import { servesLabels } from "@/lib/model/job-routing";
import { ClusterSim } from "./arc/cluster";
import { GitHubSide } from "./arc/github-side";
import type { ArcGen } from "./arc/log-lines";
import { Rng } from "./arc/random";
import { RUNNER_NS } from "./arc/resources";
import { WorkloadGenerator } from "./arc/workload";
import { VirtualClock, type ClockMode } from "./clock";
import { startGitHubServer, type GitHubFaults } from "./github/server";
import { createGitHubState } from "./github/state";
import type { GitHubState } from "./github/types";
import { sendWorkflowJobWebhook } from "./github/webhooks";
import { writeKubeconfig } from "./kubeconfig";
import { createPodLogs, type PodLogStore } from "./kube/pod-logs";
import { startKubeApiServer } from "./kube/server";
import { createKubeStore, type KubeStoreImpl } from "./kube/store";
import type { KubeFaults } from "./kube/types";
import { SCENARIOS, scenarioById, type RuleId, type Scenario } from "./scenarios";

export interface SimulationClusterSpec {
  name: string;
  arc: ArcGen;
  scenarios: string[];
}

export interface SimulationOptions {
  seed?: number;
  clock?: ClockMode;
  clusters?: SimulationClusterSpec[];
  /** Where to write the kubeconfig; default a fresh temp file (removed on stop). */
  kubeconfigPath?: string;
  /** POST `workflow_job` webhooks (signed) here on every job change. */
  webhook?: { url: string; secret: string };
  /** Core budget per hour of the token Runnerscope uses (default 5,000). */
  tokenBudget?: number;
}

export interface SimulationCluster {
  name: string;
  arc: ArcGen;
  url: string;
  faults: KubeFaults;
  store: KubeStoreImpl;
  logs: PodLogStore;
}

/** Ground truth for one scale set, keyed `cluster/namespace/name`. */
export interface ScaleSetTruth {
  cluster: string;
  namespace: string;
  name: string;
  scenario: string;
  /** Rule ids a correct diagnosis must produce (empty = healthy, no finding allowed). */
  expected: RuleId[];
  alsoAcceptable: RuleId[];
  /**
   * Queued jobs on GitHub that target this scale set's labels: the ones assigned to it plus the ones
   * GitHub will not hand it (runner group denies the repository).
   */
  queuedJobs: number;
  oldestQueuedAt?: string;
  /** Finished runner lives so far, by outcome (+ `running` = current EphemeralRunners). */
  lives: Partial<Record<RunnerOutcome, number>>;
}

export interface GroundTruth {
  scaleSets: Record<string, ScaleSetTruth>;
  /** Expectations that belong to no scale set (e.g. jobs no scale set serves), per scenario. */
  fleet: { scenario: string; expected: RuleId[]; alsoAcceptable: RuleId[] }[];
}

export interface Simulation {
  clock: VirtualClock;
  kubeconfigPath: string;
  kubeconfigYaml: string;
  clusters: SimulationCluster[];
  github: { url: string; token: string; state: GitHubState; faults: GitHubFaults; orgs: string[] };
  scenarios: Scenario[];
  groundTruth(): GroundTruth;
  /**
   * Mid-run faults for demos and e2e tests. `break-<scale set>`: drop the runner command from that
   * scale set's template (in every cluster that has it). Throws on an unknown name.
   */
  trigger(name: string): void;
  stop(): Promise<void>;
}

export const DEFAULT_CLUSTERS: readonly SimulationClusterSpec[] = [
  {
    name: "sim-east",
    arc: "0.14",
    scenarios: ["healthy", "burst", "unmatched-labels", "listener-rate-limited", "listener-image-pull-403", "oom-evicted-lost", "rollover-deadlock"],
  },
  {
    name: "sim-west",
    arc: "0.13",
    scenarios: ["empty-jit-secret", "runner-group-denied", "command-dropped", "invalid-pod-volume", "workflow-pod-failed", "zombies"],
  },
];

const ORG = "acme";
const PRUNE_EVERY_MS = 10 * 60_000;
const KEEP_COMPLETED_MS = 2 * 60 * 60_000;

export async function startSimulation(opts: SimulationOptions = {}): Promise<Simulation> {
  const seed = opts.seed ?? 1;
  const clock = new VirtualClock(opts.clock ?? { kind: "realtime" });
  const rng = new Rng(seed);
  const specs = opts.clusters ?? DEFAULT_CLUSTERS;

  const state = createGitHubState({ orgs: [ORG] });
  const resetAt = Math.floor(clock.nowMs() / 1000) + 3600;
  const token = `ghs_sim${rng.hex(32)}`;
  const budget = opts.tokenBudget ?? 5000;
  state.tokens.push({ token, limit: budget, remaining: budget, resetAt });
  const github = new GitHubSide(state, clock);
  github.ensureOrg(ORG);
  const workload = new WorkloadGenerator(github, clock, new Rng(seed ^ 0x5eed));

  const scenarios: Scenario[] = [];
  const sims: { spec: SimulationClusterSpec; sim: ClusterSim; store: KubeStoreImpl; logs: PodLogStore }[] = [];
  specs.forEach((spec, i) => {
    const store = createKubeStore(clock, { seed: seed * 31 + i });
    const logs = createPodLogs(clock);
    const sim = new ClusterSim({ name: spec.name, gen: spec.arc, clock, store, logs, forgetLogs: (ns, pod) => logs.deletePod(ns, pod), github, workload, seed: seed * 7919 + i, org: ORG });
    sim.boot();
    for (const id of spec.scenarios) {
      const scenario = scenarioById(id);
      if (!scenario) throw new Error(`unknown scenario ${id}; known: ${SCENARIOS.map((s) => s.id).join(", ")}`);
      sim.addScenario(scenario);
      scenarios.push(scenario);
    }
    sims.push({ spec, sim, store, logs });
  });

  // The ARC token (the listener's PAT) lives in the same simulated GitHub; some scenarios exhaust it.
  const arcExhausted = scenarios.some((s) => s.github?.arcTokenExhausted);
  state.tokens.push({ token: `ghp_arc${rng.hex(32)}`, limit: 5000, remaining: arcExhausted ? 0 : 5000, resetAt });
  state.version++;

  for (const s of scenarios) for (const w of s.workload) workload.start(w);

  if (opts.webhook) {
    const hook = opts.webhook;
    github.onJobChange((action, job) => {
      const [owner, name] = job.repo.split("/");
      const repo = state.repos.find((r) => r.owner === owner && r.name === name) ?? { owner: owner ?? ORG, name: name ?? job.repo, private: true };
      sendWorkflowJobWebhook({ url: hook.url, secret: hook.secret, action, job: { ...job }, repo }).catch(() => {
        // a receiver that is down loses the delivery, as with GitHub (no redelivery simulated)
      });
    });
  }

  const prune = () => {
    github.prune(KEEP_COMPLETED_MS);
    clock.setTimeout(prune, PRUNE_EVERY_MS);
  };
  clock.setTimeout(prune, PRUNE_EVERY_MS);

  const servers = await Promise.all(
    sims.map(({ sim, store, logs, spec }) => startKubeApiServer({ store, logs, clock, proxy: sim.proxy, gitVersion: spec.arc === "0.14" ? "v1.32.2" : "v1.31.4" })),
  );
  const ghServer = await startGitHubServer({ state, clock });

  let tempDir: string | undefined;
  let kubeconfigPath = opts.kubeconfigPath;
  if (!kubeconfigPath) {
    tempDir = await mkdtemp(join(tmpdir(), "runnerscope-sim-"));
    kubeconfigPath = join(tempDir, "kubeconfig.yaml");
  }
  const clusters: SimulationCluster[] = sims.map(({ spec, store, logs }, i) => {
    const server = servers[i];
    if (!server) throw new Error("cluster server missing");
    return { name: spec.name, arc: spec.arc, url: server.url, faults: server.faults, store, logs };
  });
  const kubeconfigYaml = await writeKubeconfig(
    kubeconfigPath,
    clusters.map((c) => ({ name: c.name, url: c.url })),
  );

  const groundTruth = (): GroundTruth => {
    const out: GroundTruth = { scaleSets: {}, fleet: [] };
    const unrouted = github.unroutedJobs();
    for (const { spec, sim } of sims) {
      for (const set of sim.scaleSets) {
        const labels = { runnerScaleSetName: set.spec.name, extraLabels: set.runnerLabels().slice(1) };
        const queued = [...github.queuedJobs(set.handle.scaleSetId), ...unrouted.filter((j) => servesLabels(labels, j.labels))].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        const lives = { ...set.lives, running: set.runnerCount() };
        out.scaleSets[`${spec.name}/${RUNNER_NS}/${set.spec.name}`] = {
          cluster: spec.name,
          namespace: RUNNER_NS,
          name: set.spec.name,
          scenario: set.scenarioId,
          expected: [...set.spec.expected.primary],
          alsoAcceptable: [...set.spec.expected.alsoAcceptable],
          queuedJobs: queued.length,
          oldestQueuedAt: queued[0]?.createdAt,
          lives,
        };
      }
    }
    for (const s of scenarios) if (s.fleetExpected) out.fleet.push({ scenario: s.id, expected: [...s.fleetExpected.primary], alsoAcceptable: [...s.fleetExpected.alsoAcceptable] });
    return out;
  };

  const trigger = (name: string): void => {
    const m = /^break-(.+)$/.exec(name);
    const targets = m ? sims.flatMap(({ sim }) => sim.scaleSets.filter((s) => s.spec.name === m[1])) : [];
    if (targets.length === 0) throw new Error(`unknown trigger ${name}; use break-<scale set name>`);
    for (const t of targets) t.breakCommand();
  };

  let stopped = false;
  return {
    clock,
    kubeconfigPath,
    kubeconfigYaml,
    clusters,
    github: { url: ghServer.url, token, state, faults: ghServer.faults, orgs: [...state.orgs] },
    scenarios,
    groundTruth,
    trigger,
    async stop() {
      if (stopped) return;
      stopped = true;
      clock.stop();
      await Promise.all([...servers.map((s) => s.close()), ghServer.close()]);
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}
