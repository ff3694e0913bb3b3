/**
 * One simulated scale set: its ARS, EphemeralRunnerSet(s), EphemeralRunners with JIT secrets and pods,
 * the controller's reconcile behaviour (arc-model.md §3.4) and the scenario's fault knobs.
 * The listener lives in listener.ts and calls back into `setReplicas`.
 */
import type { KubeObject } from "@/lib/simulator/kube/types";
import type { SimJob, SimRunner, SimRunnerGroup } from "@/lib/simulator/github/types";
import type { RunnerOutcome } from "@/lib/model";
import type { ScaleSetSpec } from "@/lib/simulator/scenarios/types";
import { formatKubeTime } from "@/lib/simulator/kube/store";
import type { ClusterContext } from "./cluster-context";
import { actionsJobId, type ScaleSetHandle } from "./github-side";
import { Listener } from "./listener";
import { markReady, markRunning, markScheduled, markTerminated, markUnschedulable } from "./pod-status";
import { buildArs, buildEr, podTemplate, buildErs, buildJitSecret, buildRunnerPod, RT, RUNNER_NS, RUNNER_VERSION, type Json, type SetContext } from "./resources";

/** Back-off after the n-th pod failure (index = failure count), arc-model §3.4. */
export const FAILURE_BACKOFF_MS = [0, 5_000, 10_000, 20_000, 40_000, 80_000];
const QUOTA_RETRY_MS = 30_000;
const QUOTA_GIVE_UP_MS = 10 * 60_000;
const SCHEDULE_RETRY_MS = 15_000;

type RunnerStateName = "new" | "pending" | "quota" | "unschedulable" | "starting" | "idle" | "busy" | "finishing" | "backoff" | "invalid" | "stuck" | "gone";

interface RunnerSim {
  name: string;
  uid: string;
  ersName: string;
  state: RunnerStateName;
  podUid?: string;
  node?: string;
  gh?: SimRunner;
  job?: SimJob;
  jobStartedAtMs?: number;
  failures: Record<string, string>;
  /** Bumped when the runner is deleted: its pending timers then do nothing. */
  epoch: number;
  /** Stale-generation leftovers never take jobs. */
  noJobs?: boolean;
  /** First refused pod creation (ResourceQuota) of the current attempt. */
  quotaSinceMs?: number;
  /** How the current pod will end, decided when it starts. */
  fate?: "oom" | "evict" | "delete" | "workflow" | "stuck";
}

interface ErsSim {
  /** Last status written, to skip no-op writes (each write is a full object update). */
  lastStatus?: string;
  name: string;
  uid: string;
  specHash: string;
  replicas: number;
  runners: Set<RunnerSim>;
}

export class ScaleSetSim {
  readonly ctx: SetContext;
  readonly listener: Listener;
  handle!: ScaleSetHandle;
  private current!: ErsSim;
  private readonly generations: ErsSim[] = [];
  private readonly runners = new Map<string, RunnerSim>();
  private readonly idle = new Set<RunnerSim>();
  private reconcileQueued = false;
  private stuckUsed = false;
  readonly lives: Partial<Record<RunnerOutcome, number>> = {};
  private podIpSeq = 2;

  /** Own copy: `breakCommand()` changes it at run time without touching the scenario data. */
  readonly spec: ScaleSetSpec;

  constructor(
    readonly cluster: ClusterContext,
    spec: ScaleSetSpec,
    readonly scenarioId: string,
    readonly group: SimRunnerGroup,
    readonly org: string,
  ) {
    this.spec = structuredClone(spec);
    this.ctx = {
      gen: cluster.gen,
      spec: this.spec,
      org,
      configUrl: `https://github.com/${org}`,
      scaleSetId: 0,
      runnerGroupName: group.name,
      arsUid: "",
    };
    this.listener = new Listener(this);
  }

  get faults() {
    return this.spec.faults ?? {};
  }

  private key(name: string): string {
    return `${RUNNER_NS}/${name}`;
  }

  start(): void {
    const c = this.cluster;
    const arsKey = this.key(this.spec.name);
    this.handle = c.github.createScaleSet({
      runnerScaleSetName: this.spec.name,
      extraLabels: c.gen === "0.14" ? (this.spec.extraLabels ?? []) : [],
      runnerGroup: this.group,
      maxRunners: this.spec.maxRunners,
      onJobAssigned: (job) => this.onJobAssigned(job),
    });
    this.ctx.scaleSetId = this.handle.scaleSetId;
    const valuesHash = c.rng.hex(64);
    const ars = c.store.create(RT.ars, buildArs(this.ctx, valuesHash));
    this.ctx.arsUid = ars.metadata.uid ?? "";
    c.controllerLog("AutoscalingRunnerSet", arsKey, "info", "Creating a new runner scale set");
    c.controllerLog("AutoscalingRunnerSet", arsKey, "info", "Created a runner scale set", { id: this.handle.scaleSetId, runnerGroupName: this.group.name });

    for (let i = 0; i < (this.faults.orphanGitHubRunners ?? 0); i++) {
      const name = `${this.spec.name}-${c.rng.suffix()}-runner-${c.rng.suffix()}`;
      c.github.registerRunner(name, this.runnerLabels(), this.group, this.org, "offline");
    }

    const specHash = c.rng.hex(10);
    if (this.faults.rolloverDeadlock || this.faults.staleGeneration) {
      // The previous generation: created an hour ago with an older spec hash, one idle runner left.
      const old = this.createErs(c.rng.hex(10), 1, new Date(c.clock.nowMs() - 3_600_000));
      this.createRunner(old, true);
    }
    this.current = this.createErs(specHash, this.faults.rolloverDeadlock ? 0 : this.spec.minRunners);
    this.setArsPhase(this.faults.rolloverDeadlock ? "Pending" : "Running");
    if (this.faults.rolloverDeadlock) this.rolloverWaitLoop();
    else this.listener.start(specHash, valuesHash);
    this.queueReconcile();
  }

  runnerLabels(): string[] {
    return [this.spec.name, ...(this.cluster.gen === "0.14" ? (this.spec.extraLabels ?? []) : [])];
  }

  get currentErsName(): string {
    return this.current.name;
  }

  private setArsPhase(phase: "Pending" | "Running"): void {
    if (this.cluster.gen !== "0.14") return;
    this.cluster.store.patch(RT.ars, RUNNER_NS, this.spec.name, (o) => {
      o.status = { ...((o.status as Json | undefined) ?? {}), phase };
    });
  }

  private createErs(specHash: string, replicas: number, createdAt?: Date): ErsSim {
    const c = this.cluster;
    const obj = buildErs(this.ctx, "", specHash, replicas);
    obj.metadata.generateName = `${this.spec.name}-`;
    if (createdAt) obj.metadata.creationTimestamp = formatKubeTime(createdAt);
    const created = c.store.create(RT.ers, obj);
    const ers: ErsSim = { name: created.metadata.name, uid: created.metadata.uid ?? "", specHash, replicas, runners: new Set() };
    this.generations.push(ers);
    c.controllerLog("AutoscalingRunnerSet", this.key(this.spec.name), "info", "Created a new EphemeralRunnerSet", { ephemeralRunnerSetName: ers.name });
    return ers;
  }

  /** The eventual update strategy waiting on an old-generation runner that never finishes (seed 004). */
  private rolloverWaitLoop(): void {
    const c = this.cluster;
    const tick = () => {
      let running = 0;
      let pending = 0;
      for (const g of this.generations) {
        if (g === this.current) continue;
        for (const r of g.runners) {
          if (r.state === "idle" || r.state === "busy") running++;
          else pending++;
        }
      }
      c.controllerLog("AutoscalingRunnerSet", this.key(this.spec.name), "info", "Latest runner set spec hash does not match the current autoscaling runner set. Waiting for the running and pending runners to finish:", { running, pending });
      c.after(60_000, tick);
    };
    c.after(1_000, tick);
  }

  // ---------------------------------------------------------------- GitHub → scale set

  private onJobAssigned(job: SimJob): void {
    this.listener.notify("assigned", job);
    for (const r of this.idle) {
      if (r.noJobs) continue;
      this.startJob(r, job);
      return;
    }
  }

  /** Statistics as the Actions service reports them to the listener. */
  stats() {
    let registered = 0;
    let busy = 0;
    for (const r of this.runners.values()) {
      if (r.state === "idle" || r.state === "busy") registered++;
      if (r.state === "busy") busy++;
    }
    const assigned = this.cluster.github.assignedCount(this.handle.scaleSetId);
    return {
      totalAvailableJobs: 0,
      totalAcquiredJobs: Math.max(0, assigned - busy),
      totalAssignedJobs: assigned,
      totalRunningJobs: busy,
      totalRegisteredRunners: registered,
      totalBusyRunners: busy,
      totalIdleRunners: registered - busy,
    };
  }

  // ---------------------------------------------------------------- EphemeralRunnerSet controller

  /** Called by the listener ("Ephemeral runner set scaled."). */
  setReplicas(replicas: number, patchId: number): void {
    this.current.replicas = replicas;
    this.cluster.store.patch(RT.ers, RUNNER_NS, this.current.name, (o) => {
      o.spec = { ...((o.spec as Json | undefined) ?? {}), replicas, patchID: patchId };
    });
    this.queueReconcile();
  }

  private queueReconcile(): void {
    if (this.reconcileQueued) return;
    this.reconcileQueued = true;
    this.cluster.after(50, () => {
      this.reconcileQueued = false;
      this.reconcileErs();
    });
  }

  private reconcileErs(): void {
    const c = this.cluster;
    const ers = this.current;
    const key = this.key(ers.name);
    let pending = 0;
    let running = 0;
    let failed = 0;
    let finished = 0;
    for (const r of ers.runners) {
      if (r.state === "invalid") failed++;
      else if (r.state === "finishing") finished++;
      else if (r.state === "idle" || r.state === "busy" || r.state === "starting" || r.state === "stuck") running++;
      else pending++;
    }
    // finished runners are about to be deleted and do not count against the desired replicas
    const current = pending + running + failed;
    c.controllerLog("EphemeralRunnerSet", key, "info", "Ephemeral runner counts", { pending, running, finished, failed, deleting: 0, ...(c.gen === "0.14" ? { outdated: 0 } : {}) });
    c.controllerLog("EphemeralRunnerSet", key, "info", "Scaling comparison", { current, desired: ers.replicas });
    if (current < ers.replicas) {
      const count = ers.replicas - current;
      c.controllerLog("EphemeralRunnerSet", key, "info", "Creating new ephemeral runners (scale up)", { count });
      for (let i = 0; i < count; i++) this.createRunner(ers, false);
    } else if (current > ers.replicas) {
      let excess = current - ers.replicas;
      c.controllerLog("EphemeralRunnerSet", key, "info", "Deleting ephemeral runners (scale down)", { count: excess });
      for (const r of [...ers.runners]) {
        if (excess <= 0) break;
        if (r.state === "finishing") continue;
        if (r.job || r.state === "busy" || r.state === "stuck") {
          c.controllerLog("EphemeralRunnerSet", key, "info", "Skipping ephemeral runner since it is running a job", { name: r.name, workflowRunId: r.job?.runId ?? 0, jobId: String(r.job?.id ?? "") });
          continue;
        }
        c.controllerLog("EphemeralRunnerSet", key, "info", "Removing the idle ephemeral runner", { name: r.name });
        this.deleteRunner(r, "deleted");
        excess--;
      }
    }
    this.writeSetStatus();
  }

  private writeSetStatus(): void {
    const c = this.cluster;
    for (const ers of this.generations) {
      let pending = 0;
      let running = 0;
      let failed = 0;
      for (const r of ers.runners) {
        if (r.state === "invalid") failed++;
        else if (r.state === "idle" || r.state === "busy" || r.state === "starting" || r.state === "stuck" || r.state === "finishing") running++;
        else pending++;
      }
      const status: Json = { currentReplicas: pending + running + failed, pendingEphemeralRunners: pending, runningEphemeralRunners: running, failedEphemeralRunners: failed };
      if (c.gen === "0.14") status.phase = "Running";
      const fingerprint = JSON.stringify(status);
      if (ers.lastStatus === fingerprint) continue;
      ers.lastStatus = fingerprint;
      c.store.patch(RT.ers, RUNNER_NS, ers.name, (o) => {
        o.status = status;
      });
      if (ers === this.current) {
        c.store.patch(RT.ars, RUNNER_NS, this.spec.name, (o) => {
          const prev = (o.status as Json | undefined) ?? {};
          o.status = { ...prev, currentRunners: status.currentReplicas, pendingEphemeralRunners: pending, runningEphemeralRunners: running, failedEphemeralRunners: failed };
        });
      }
    }
  }

  // ---------------------------------------------------------------- EphemeralRunner controller

  private createRunner(ers: ErsSim, stale: boolean): void {
    const c = this.cluster;
    const obj = buildEr(this.ctx, "", ers.name, ers.uid, ers.specHash, 0);
    obj.metadata.generateName = `${ers.name}-runner-`;
    const created = c.store.create(RT.er, obj);
    const r: RunnerSim = { name: created.metadata.name, uid: created.metadata.uid ?? "", ersName: ers.name, state: "new", failures: {}, epoch: 0, noJobs: stale };
    ers.runners.add(r);
    this.runners.set(r.name, r);
    this.schedule(r, 100, () => this.registerRunner(r));
  }

  /**
   * Timers of a runner. Not cancelled on deletion (VirtualClock.clear is O(timers)); each one checks
   * that its runner still exists.
   */
  private schedule(r: RunnerSim, ms: number, fn: () => void): void {
    const epoch = r.epoch;
    this.cluster.after(ms, () => {
      if (r.state !== "gone" && r.epoch === epoch) fn();
    });
  }

  /** JIT config + secret (§3.4 step 1). */
  private registerRunner(r: RunnerSim): void {
    const c = this.cluster;
    const key = this.key(r.name);
    r.gh = c.github.registerRunner(r.name, this.runnerLabels(), this.group, this.org, "offline");
    c.controllerLog("EphemeralRunner", key, "info", "Creating new ephemeral runner registration and updating status with runner config");
    c.controllerLog("EphemeralRunner", key, "info", "Created ephemeral runner JIT config", { runnerId: r.gh.id });
    c.store.create(RT.secret, buildJitSecret(this.ctx, r.name, r.gh.id, r.uid, this.faults.emptyJitSecret === true, `eyJhbGciOi.${c.rng.hex(24)}`));
    c.controllerLog("EphemeralRunner", key, "info", "Created ephemeral runner secret", { secretName: r.name });
    this.patchEr(r, (st) => {
      st.runnerId = r.gh?.id;
      st.runnerName = r.name;
      st.phase = "Pending";
    });
    this.createPod(r);
  }

  private patchEr(r: RunnerSim, mutate: (status: Json, obj: KubeObject) => void): void {
    this.cluster.store.patch(RT.er, RUNNER_NS, r.name, (o) => {
      const st = ((o.status as Json | undefined) ?? {}) as Json;
      mutate(st, o);
      o.status = st;
    });
  }

  private podCount(): number {
    let n = 0;
    for (const x of this.runners.values()) if (x.podUid) n++;
    return n;
  }

  private scheduledCount(): number {
    let n = 0;
    for (const x of this.runners.values()) if (x.node) n++;
    return n;
  }

  private createPod(r: RunnerSim): void {
    const c = this.cluster;
    const key = this.key(r.name);
    const missing = this.spec.template?.missingVolumes?.[0];
    if (missing) {
      const message = `Failed to create the pod: Pod "${r.name}" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "${missing}"`;
      c.controllerLog("EphemeralRunner", key, "error", "Failed to create a pod due to unrecoverable failure", { error: message.replace("Failed to create the pod: ", "") });
      c.controllerLog("EphemeralRunner", key, "info", "Updating ephemeral runner status to Failed");
      r.state = "invalid";
      this.patchEr(r, (st) => {
        st.phase = "Failed";
        st.reason = "InvalidPod";
        st.message = message;
      });
      this.queueReconcile();
      return;
    }
    const quota = this.faults.podQuota;
    if (quota !== undefined && this.podCount() >= quota) {
      r.quotaSinceMs ??= c.clock.nowMs();
      if (c.clock.nowMs() - r.quotaSinceMs >= QUOTA_GIVE_UP_MS) {
        // ARC gives up on a runner whose pod could not be created for 10 minutes and makes a fresh one
        this.deleteRunner(r, "deleted");
        return;
      }
      r.state = "quota";
      c.controllerLog("EphemeralRunner", key, "info", "Creating new EphemeralRunner pod.");
      c.controllerLog("EphemeralRunner", key, "info", "Resource quota is exceeded; requeue in 30s to retry pod creation", {
        error: `pods "${r.name}" is forbidden: exceeded quota: ${RUNNER_NS}-quota, requested: pods=1, used: pods=${quota}, limited: pods=${quota}`,
      });
      this.patchEr(r, (st) => {
        st.phase = "Pending";
      });
      this.schedule(r, QUOTA_RETRY_MS, () => this.createPod(r));
      return;
    }
    r.quotaSinceMs = undefined;
    const pod = c.store.create(RT.pod, buildRunnerPod(this.ctx, r.name, r.uid, this.current.specHash.slice(0, 10)));
    r.podUid = pod.metadata.uid ?? "";
    r.state = "pending";
    r.node = undefined;
    c.controllerLog("EphemeralRunner", key, "info", "Created ephemeral runner pod", {
      runnerScaleSetId: this.handle.scaleSetId,
      runnerName: r.name,
      runnerId: r.gh?.id ?? 0,
      configUrl: this.ctx.configUrl,
      podName: r.name,
    });
    this.patchEr(r, (st) => {
      st.phase = "Pending";
      st.ready = false;
    });
    this.schedule(r, c.rng.int(200, 600), () => this.trySchedule(r));
  }

  private podRef(r: RunnerSim) {
    return { namespace: RUNNER_NS, name: r.name, uid: r.podUid ?? "" };
  }

  private patchPod(r: RunnerSim, mutate: (pod: KubeObject) => void): void {
    this.cluster.store.patch(RT.pod, RUNNER_NS, r.name, mutate);
  }

  private trySchedule(r: RunnerSim): void {
    const c = this.cluster;
    const at = formatKubeTime(c.clock.now());
    const limit = this.faults.schedulingLimit;
    if (limit && this.scheduledCount() >= limit.pods) {
      const n = c.nodes.length;
      const what = limit.resource === "pods" ? "Too many pods" : `Insufficient ${limit.resource}`;
      const message = `0/${n} nodes are available: ${n} ${what}. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`;
      r.state = "unschedulable";
      this.patchPod(r, (p) => markUnschedulable(p, at, message));
      c.events.record(this.podRef(r), { reason: "FailedScheduling", message, type: "Warning", component: "default-scheduler" });
      this.schedule(r, SCHEDULE_RETRY_MS, () => this.trySchedule(r));
      return;
    }
    const node = c.rng.pick(c.nodes);
    r.node = node;
    r.state = "starting";
    this.patchPod(r, (p) => markScheduled(p, at, node));
    c.events.record(this.podRef(r), { reason: "Scheduled", message: `Successfully assigned ${RUNNER_NS}/${r.name} to ${node}`, type: "Normal", component: "default-scheduler" });
    this.schedule(r, c.rng.int(500, 1500), () => this.startContainers(r));
  }

  private startContainers(r: RunnerSim): void {
    const c = this.cluster;
    const node = r.node ?? "";
    const image = this.spec.template?.image ?? "ghcr.io/actions/actions-runner:latest";
    const ref = this.podRef(r);
    const ev = (reason: string, message: string, container = "runner") =>
      c.events.record(ref, { reason, message, type: "Normal", component: "kubelet", host: node, fieldPath: `spec.containers{${container}}` });
    if (this.spec.containerMode === "dind") {
      ev("Pulled", `Container image "${image}" already present on machine`, "init-dind-externals");
      ev("Created", "Created container: init-dind-externals", "init-dind-externals");
      ev("Started", "Started container init-dind-externals", "init-dind-externals");
      ev("Pulled", 'Container image "docker:dind" already present on machine', "dind");
      ev("Created", "Created container: dind", "dind");
      ev("Started", "Started container dind", "dind");
    }
    ev("Pulling", `Pulling image "${image}"`);
    ev("Pulled", `Successfully pulled image "${image}" in ${c.rng.int(300, 900)}ms (${c.rng.int(900, 1500)}ms including waiting). Image size: 412543681 bytes.`);
    ev("Created", "Created container: runner");
    ev("Started", "Started container runner");
    const at = formatKubeTime(c.clock.now());
    const ip = `10.244.${(this.podIpSeq >> 8) & 255}.${this.podIpSeq++ & 255}`;
    this.patchPod(r, (p) => markRunning(p, at, false, ip));
    this.cluster.controllerLog("EphemeralRunner", this.key(r.name), "info", c.gen === "0.14" ? "Runner container is still running; updating ephemeral runner status" : "Ephemeral runner container is still running");
    this.cluster.controllerLog("EphemeralRunner", this.key(r.name), "info", "Updating ephemeral runner status", { statusPhase: "Running", statusReason: "", statusMessage: "", ready: false });
    this.patchEr(r, (st) => {
      st.phase = "Running";
      st.ready = false;
    });
    this.queueReconcile();

    const f = this.faults;
    if (f.emptyJitSecret) {
      const life = c.rng.int(1000, 2000);
      this.schedule(r, life - 200, () => this.runnerLog(r, "Not configured. Run config.(sh/cmd) to configure the runner."));
      this.schedule(r, life, () => this.containerExit(r, 0, "Completed"));
      return;
    }
    if (f.runnerExit) {
      const exit = f.runnerExit;
      const life = c.rng.int(exit.afterMs[0], exit.afterMs[1]);
      const lines = [...exit.log];
      if (f.runnerExitExtraLog && c.rng.chance(f.runnerExitExtraLog.share)) lines.push(f.runnerExitExtraLog.line);
      this.schedule(r, Math.max(0, life - 50), () => lines.forEach((l) => this.runnerLog(r, l)));
      this.schedule(r, life, () => this.containerExit(r, exit.code, exit.reason));
      return;
    }
    this.schedule(r, c.rng.int(800, 1500), () => this.runnerReady(r));
  }

  private runnerLog(r: RunnerSim, line: string): void {
    const at = this.cluster.clock.now();
    this.cluster.logs.append(RUNNER_NS, r.name, "runner", line, at);
  }

  /** Runner.Listener output timestamps look like "2026-03-01 04:25:01Z". */
  private runnerTs(): string {
    return this.cluster.clock.now().toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
  }

  private runnerReady(r: RunnerSim): void {
    const c = this.cluster;
    this.runnerLog(r, "");
    this.runnerLog(r, "√ Connected to GitHub");
    this.runnerLog(r, "");
    this.runnerLog(r, `Current runner version: '${RUNNER_VERSION}'`);
    this.runnerLog(r, `${this.runnerTs()}: Listening for Jobs`);
    const at = formatKubeTime(c.clock.now());
    this.patchPod(r, (p) => markReady(p, at));
    this.patchEr(r, (st) => {
      st.ready = true;
    });
    if (r.gh) c.github.setRunner(r.gh.name, { status: "online", busy: false });
    r.state = "idle";
    this.idle.add(r);
    this.queueReconcile();
    if (r.noJobs) return;
    const job = c.github.nextQueuedJob(this.handle.scaleSetId);
    if (job) this.startJob(r, job);
  }

  private startJob(r: RunnerSim, job: SimJob): void {
    const c = this.cluster;
    if (!r.gh) return;
    this.idle.delete(r);
    r.state = "busy";
    r.job = job;
    r.jobStartedAtMs = c.clock.nowMs();
    c.github.startJob(job, r.gh, this.group);
    this.runnerLog(r, `${this.runnerTs()}: Running job: ${job.name}`);
    this.listener.notify("started", job, r.name);
    const workload = this.workloadFor(job);
    const duration = c.rng.int(workload.durationSec[0] * 1000, workload.durationSec[1] * 1000);
    const f = this.faults;
    if (f.jobOnFailingRunner && !this.stuckUsed) {
      this.stuckUsed = true;
      r.fate = "stuck";
      this.schedule(r, 5_000, () => this.stickRunner(r));
      return;
    }
    const dieAt = Math.floor(duration * c.rng.between(0.3, 0.8));
    if (f.oomKillShare && c.rng.chance(f.oomKillShare)) {
      r.fate = "oom";
      this.schedule(r, dieAt, () => this.containerExit(r, 137, "OOMKilled"));
      return;
    }
    if (f.evictShare && c.rng.chance(f.evictShare)) {
      r.fate = "evict";
      this.schedule(r, dieAt, () => this.evict(r));
      return;
    }
    if (f.deleteMidJobShare && c.rng.chance(f.deleteMidJobShare)) {
      r.fate = "delete";
      this.schedule(r, dieAt, () => this.podDeletedMidJob(r));
      return;
    }
    if (f.workflowPodFails) {
      r.fate = "workflow";
      this.startWorkflowPod(r);
      return;
    }
    const fails = workload.failShare !== undefined && c.rng.chance(workload.failShare);
    this.schedule(r, duration, () => this.finishJob(r, fails ? "failure" : "success"));
  }

  /** Durations come from the workload that created the job; the model keeps a registry of them. */
  workloadFor: (job: SimJob) => { durationSec: [number, number]; failShare?: number } = () => ({ durationSec: [30, 60] });

  private finishJob(r: RunnerSim, conclusion: "success" | "failure"): void {
    const c = this.cluster;
    const job = r.job;
    if (!job) return;
    this.runnerLog(r, `${this.runnerTs()}: Job ${job.name} completed with result: ${conclusion === "success" ? "Succeeded" : "Failed"}`);
    c.github.completeJob(job, conclusion);
    this.listener.notify("completed", job, r.name, conclusion === "success" ? "Succeeded" : "Failed");
    if (r.gh) c.github.setRunner(r.gh.name, { busy: false });
    r.state = "finishing";
    this.schedule(r, 500, () => this.containerExit(r, 0, "Completed"));
  }

  private startWorkflowPod(r: RunnerSim): void {
    const c = this.cluster;
    const name = `${r.name}-workflow`.slice(0, 63);
    const pod = c.store.create<KubeObject>(RT.pod, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: RUNNER_NS, labels: { "runner-pod": r.name } },
      spec: {
        containers: [{ name: "job", image: "ghcr.io/nixos/nix:latest", command: ["tail", "-f", "/dev/null"] }],
        initContainers: [{ name: "fs-init", image: "ghcr.io/actions/actions-runner:latest", command: ["sh", "-c", "cp -R /home/runner/externals/* /mnt/externals/"] }],
        volumes: (this.spec.template?.hookExtension?.cacheVolumes ?? []).map((v) => ({ name: v, hostPath: { path: `/var/cache/${v}`, type: "DirectoryOrCreate" } })),
        restartPolicy: "Never",
        nodeName: r.node,
      },
      status: { phase: "Pending" },
    });
    const ref = { namespace: RUNNER_NS, name, uid: pod.metadata.uid ?? "" };
    c.events.record(ref, { reason: "Scheduled", message: `Successfully assigned ${RUNNER_NS}/${name} to ${r.node ?? ""}`, type: "Normal", component: "default-scheduler" });
    this.schedule(r, 3_000, () => {
      const at = formatKubeTime(c.clock.now());
      c.store.patch(RT.pod, RUNNER_NS, name, (p) => {
        p.status = {
          phase: "Failed",
          startTime: at,
          conditions: [{ type: "Ready", status: "False", reason: "PodFailed", lastTransitionTime: at, lastProbeTime: null }],
          initContainerStatuses: [{ name: "fs-init", image: "ghcr.io/actions/actions-runner:latest", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: "Error", startedAt: at, finishedAt: at } }, lastState: {} }],
          containerStatuses: [{ name: "job", image: "ghcr.io/nixos/nix:latest", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "PodInitializing" } }, lastState: {} }],
        };
      });
      this.runnerLog(r, `##[error]Error: Pod ${name} is unhealthy with phase status Failed: {}`);
      this.runnerLog(r, `Error: Pod ${name} is unhealthy with phase status Failed: {}`);
      this.schedule(r, 2_000, () => this.finishJob(r, "failure"));
    });
  }

  /** The seed-less "job at risk": the node dies under a busy runner; ARC cannot deregister it while the job runs. */
  private stickRunner(r: RunnerSim): void {
    const c = this.cluster;
    const at = formatKubeTime(c.clock.now());
    r.state = "stuck";
    this.patchPod(r, (p) => markTerminated(p, at, "runner", 1, "Error", { phase: "Failed", reason: "NodeLost", message: `Node ${r.node ?? ""} which was running pod ${r.name} is unresponsive` }));
    c.controllerLog("EphemeralRunner", this.key(r.name), "info", "Pod is in failed phase, inspecting runner container status", { podReason: "NodeLost", podMessage: `Node ${r.node ?? ""} which was running pod ${r.name} is unresponsive` });
    c.controllerLog("EphemeralRunner", this.key(r.name), "info", "Ephemeral runner container failed", { exitCode: 1 });
    if (r.gh) c.github.setRunner(r.gh.name, { status: "offline", busy: true });
    this.patchEr(r, (st, o) => {
      st.ready = false;
      st.reason = "NodeLost";
      st.message = `Node ${r.node ?? ""} which was running pod ${r.name} is unresponsive`;
      o.metadata.deletionTimestamp = at;
    });
    const retry = () => {
      c.controllerLog("EphemeralRunner", this.key(r.name), "info", "Runner job is still running, cannot remove the runner from the service yet");
      this.schedule(r, 30_000, retry);
    };
    retry();
  }

  private evict(r: RunnerSim): void {
    const c = this.cluster;
    const message = "The node was low on resource: ephemeral-storage. Threshold quantity: 10120387140, available: 9871240Ki. Container runner was using 18874368Ki, request is 0, has larger consumption of ephemeral-storage. ";
    c.events.record(this.podRef(r), { reason: "Evicted", message, type: "Warning", component: "kubelet", host: r.node });
    c.events.record(this.podRef(r), { reason: "Killing", message: "Stopping container runner", type: "Normal", component: "kubelet", host: r.node, fieldPath: "spec.containers{runner}" });
    this.containerExit(r, 137, "Error", { phase: "Failed", reason: "Evicted", message });
  }

  private podDeletedMidJob(r: RunnerSim): void {
    const c = this.cluster;
    c.events.record(this.podRef(r), { reason: "Killing", message: "Stopping container runner", type: "Normal", component: "kubelet", host: r.node, fieldPath: "spec.containers{runner}" });
    c.store.delete(RT.pod, RUNNER_NS, r.name);
    r.podUid = undefined;
    this.failJobLater(r);
    this.deleteRunner(r, "deleted");
  }

  /** GitHub marks a job whose runner vanished as failed ("lost communication with the server"). */
  private failJobLater(r: RunnerSim): void {
    const job = r.job;
    if (!job) return;
    const c = this.cluster;
    const name = r.name;
    c.after(10_000, () => {
      c.github.completeJob(job, "failure");
      this.listener.notify("completed", job, name, "Failed");
    });
  }

  private containerExit(r: RunnerSim, code: number, reason: string, podOverride?: { phase: "Failed"; reason: string; message: string }): void {
    const c = this.cluster;
    const at = formatKubeTime(c.clock.now());
    const podState = podOverride ?? (code === 0 ? { phase: "Succeeded" as const } : { phase: "Failed" as const });
    this.patchPod(r, (p) => markTerminated(p, at, "runner", code, reason, podState));
    if (reason === "OOMKilled") {
      c.events.record(this.podRef(r), { reason: "OOMKilling", message: `Memory cgroup out of memory: Killed process ${c.rng.int(2000, 40000)} (Runner.Worker) total-vm:8123456kB, anon-rss:2097152kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:8512kB oom_score_adj:999`, type: "Warning", component: "kubelet", host: r.node });
    }
    if (r.gh) c.github.setRunner(r.gh.name, { status: "offline" });
    this.idle.delete(r);
    this.schedule(r, c.rng.int(100, 300), () => this.reconcileTerminated(r, code, reason, podState));
  }

  /** §3.4 step 4/5. */
  private reconcileTerminated(r: RunnerSim, code: number, reason: string, pod: { phase: string; reason?: string; message?: string }): void {
    const c = this.cluster;
    const key = this.key(r.name);
    if (pod.phase === "Failed") c.controllerLog("EphemeralRunner", key, "info", "Pod is in failed phase, inspecting runner container status", { podReason: pod.reason ?? "", podMessage: pod.message ?? "" });
    if (code === 0) {
      c.controllerLog("EphemeralRunner", key, "info", "Ephemeral runner has finished successfully, deleting ephemeral runner", { exitCode: 0 });
      this.deleteRunner(r, r.job ? "succeeded" : "no-job-exit");
      return;
    }
    c.controllerLog("EphemeralRunner", key, "error", "Ephemeral runner container failed", { exitCode: code });
    const outcome: RunnerOutcome = reason === "OOMKilled" ? "oom-killed" : pod.reason === "Evicted" ? "evicted" : "failed";
    if (r.job) {
      this.failJobLater(r);
      this.deleteRunner(r, outcome);
      return;
    }
    // failure without a job: delete the pod, remember it, back off, try again (§3.4 step 5)
    const podUid = r.podUid ?? c.rng.uuid();
    c.store.delete(RT.pod, RUNNER_NS, r.name);
    r.podUid = undefined;
    r.node = undefined;
    r.failures[podUid] = formatKubeTime(c.clock.now());
    const count = Object.keys(r.failures).length;
    this.patchEr(r, (st) => {
      st.failures = { ...r.failures };
      st.ready = false;
      st.phase = "Pending";
      if (pod.reason) st.reason = pod.reason;
      if (pod.message) st.message = pod.message;
    });
    if (count > 5) {
      c.controllerLog("EphemeralRunner", key, "info", "EphemeralRunner has failed more than 5 times. Deleting ephemeral runner so it can be re-created");
      this.deleteRunner(r, outcome);
      return;
    }
    const backoff = FAILURE_BACKOFF_MS[count] ?? 80_000;
    r.state = "backoff";
    c.controllerLog("EphemeralRunner", key, "info", "Backing off the next reconciliation due to failure", {
      lastFailure: r.failures[podUid],
      nextReconciliation: new Date(c.clock.nowMs() + backoff).toISOString(),
      requeueAfter: `${backoff / 1000}s`,
    });
    this.schedule(r, backoff, () => this.createPod(r));
  }

  private deleteRunner(r: RunnerSim, outcome: RunnerOutcome): void {
    const c = this.cluster;
    r.epoch++;
    r.state = "gone";
    this.idle.delete(r);
    c.store.delete(RT.pod, RUNNER_NS, `${r.name}-workflow`.slice(0, 63));
    c.store.delete(RT.pod, RUNNER_NS, r.name);
    c.podDeleted(RUNNER_NS, r.name);
    c.store.delete(RT.secret, RUNNER_NS, r.name);
    c.store.delete(RT.er, RUNNER_NS, r.name);
    if (r.gh) c.github.removeRunner(r.gh.name);
    this.runners.delete(r.name);
    for (const g of this.generations) g.runners.delete(r);
    this.lives[outcome] = (this.lives[outcome] ?? 0) + 1;
    this.queueReconcile();
  }

  /** Listener callback once the job-started message is processed (§2.2 "Updating job info for the runner"). */
  writeJobInfo(runnerName: string, job: SimJob): boolean {
    const r = this.runners.get(runnerName);
    if (!r) return false;
    this.patchEr(r, (st) => {
      st.jobRequestId = job.id;
      st.jobId = actionsJobId(job);
      st.jobRepositoryName = job.repo;
      st.jobWorkflowRef = `${job.repo}/.github/workflows/${job.workflowName}.yml@refs/heads/main`;
      st.workflowRunId = job.runId;
      st.jobDisplayName = job.name;
    });
    return true;
  }

  /**
   * Mid-run fault (demo/e2e trigger): someone drops the runner container's `command` from the
   * scale set's template. Runners created from now on run /bin/bash and exit 0 at once.
   */
  breakCommand(): void {
    this.spec.template = { ...(this.spec.template ?? {}), dropCommand: true };
    this.spec.faults = { ...(this.spec.faults ?? {}), runnerExit: { code: 0, reason: "Completed", afterMs: [200, 900], log: [] } };
    this.spec.expected = { primary: ["runner-command-dropped"], alsoAcceptable: ["runner-failure-loop", "job-at-risk"] };
    const tpl = podTemplate(this.spec);
    const c = this.cluster;
    c.store.patch(RT.ars, RUNNER_NS, this.spec.name, (o) => {
      o.spec = { ...((o.spec as Json | undefined) ?? {}), template: tpl };
    });
    for (const g of this.generations) {
      c.store.patch(RT.ers, RUNNER_NS, g.name, (o) => {
        const spec = (o.spec as Json | undefined) ?? {};
        const erSpec = (spec.ephemeralRunnerSpec as Json | undefined) ?? {};
        o.spec = { ...spec, ephemeralRunnerSpec: { ...erSpec, spec: tpl.spec } };
      });
    }
  }

  runnerCount(): number {
    return this.runners.size;
  }
}
