/**
 * One simulated Kubernetes cluster running ARC: namespaces, nodes, the controller pod, and a
 * ScaleSetSim per scenario scale set. Serves the 0.14 listeners' metrics through the pod proxy.
 */
import type { VirtualClock } from "@/lib/simulator/clock";
import type { KubeObject, KubeStore, PodLogSink, PodProxyHandler } from "@/lib/simulator/kube/types";
import { formatKubeTime } from "@/lib/simulator/kube/store";
import type { Scenario } from "@/lib/simulator/scenarios/types";
import { ClusterContext } from "./cluster-context";
import type { GitHubSide } from "./github-side";
import { KubeEvents } from "./kube-events";
import type { ArcGen } from "./log-lines";
import { markRunning, markScheduled } from "./pod-status";
import { Rng } from "./random";
import { buildControllerPod, CONTROLLER_NS, RT, RUNNER_NS } from "./resources";
import { ScaleSetSim } from "./scale-set";
import type { WorkloadGenerator } from "./workload";

export interface ClusterSimOptions {
  name: string;
  gen: ArcGen;
  clock: VirtualClock;
  store: KubeStore;
  logs: PodLogSink;
  /** Drop a deleted pod's logs (keeps long benchmarks bounded); optional. */
  forgetLogs?: (namespace: string, pod: string) => void;
  github: GitHubSide;
  workload: WorkloadGenerator;
  seed: number;
  org: string;
}

export class ClusterSim {
  readonly ctx: ClusterContext;
  readonly scaleSets: ScaleSetSim[] = [];
  private readonly listenersByPod = new Map<string, ScaleSetSim>();

  constructor(private readonly opts: ClusterSimOptions) {
    const rng = new Rng(opts.seed);
    const nodes = [0, 1, 2].map((i) => `${opts.name}-pool-${rng.hex(8)}-${rng.suffix()}${i}`);
    const controllerPod = `gha-rs-controller-${rng.hex(10)}-${rng.suffix()}`;
    this.ctx = new ClusterContext(opts.name, opts.gen, opts.clock, opts.store, opts.logs, rng, new KubeEvents(opts.store, opts.clock, rng), opts.github, controllerPod, nodes, opts.forgetLogs);
  }

  /** Creates namespaces, nodes and the controller; call before `addScenario`. */
  boot(): void {
    const { store } = this.ctx;
    for (const ns of [CONTROLLER_NS, RUNNER_NS]) {
      store.create<KubeObject>(RT.namespace, { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { "kubernetes.io/metadata.name": ns } }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Active" } });
    }
    for (const node of this.ctx.nodes) {
      store.create<KubeObject>(RT.node, {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: node, labels: { "kubernetes.io/hostname": node, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64" } },
        spec: {},
        status: {
          capacity: { cpu: "8", memory: "32Gi", pods: "110", "ephemeral-storage": "100Gi" },
          allocatable: { cpu: "7910m", memory: "30Gi", pods: "110", "ephemeral-storage": "92Gi" },
          conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }],
          nodeInfo: { kubeletVersion: "v1.31.4", architecture: "amd64", operatingSystem: "linux", containerRuntimeVersion: "containerd://1.7.22" },
        },
      });
    }
    const pod = buildControllerPod(this.ctx.gen, this.ctx.controllerPod);
    store.create(RT.pod, pod);
    const at = formatKubeTime(this.ctx.clock.now());
    store.patch(RT.pod, CONTROLLER_NS, this.ctx.controllerPod, (p) => {
      markScheduled(p, at, this.ctx.nodes[0] ?? "node");
      markRunning(p, at, true, "10.244.0.5");
    });
  }

  addScenario(scenario: Scenario): ScaleSetSim[] {
    const { github } = this.ctx;
    for (const w of scenario.workload) github.ensureRepo(w.repo);
    for (const g of scenario.runnerGroups ?? []) {
      for (const r of g.repositories) github.ensureRepo(r);
      github.ensureRunnerGroup(this.opts.org, g.name, g.visibility, g.repositories);
    }
    github.ensureOrg(this.opts.org);
    const added: ScaleSetSim[] = [];
    for (const spec of scenario.scaleSets) {
      const group = github.ensureRunnerGroup(this.opts.org, spec.runnerGroup ?? "Default");
      const set = new ScaleSetSim(this.ctx, spec, scenario.id, group, this.opts.org);
      set.workloadFor = (job) => this.opts.workload.specFor(job);
      set.start();
      this.scaleSets.push(set);
      if (set.listener.name) this.listenersByPod.set(set.listener.name, set);
      added.push(set);
    }
    return added;
  }

  /** `GET /api/v1/namespaces/arc-systems/pods/<listener>:8080/proxy/metrics` (0.14 listeners only). */
  readonly proxy: PodProxyHandler = (namespace, pod, port, path) => {
    if (namespace !== CONTROLLER_NS) return undefined;
    const set = this.listenersByPod.get(pod);
    if (!set || (port !== "8080" && port !== "metrics") || path.replace(/^\//, "") !== "metrics") return undefined;
    const body = set.listener.metrics();
    if (body === undefined) return undefined;
    return { status: 200, body, contentType: "text/plain; version=0.0.4; charset=utf-8" };
  };
}
