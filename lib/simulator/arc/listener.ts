/**
 * The scale set's listener (AutoscalingListener + pod in arc-systems): receives job messages,
 * decides desired = min(minRunners + assigned jobs, maxRunners), patches the EphemeralRunnerSet,
 * writes job info on runners, and logs in its generation's format (arc-model.md §2).
 */
import type { KubeObject } from "@/lib/simulator/kube/types";
import type { SimJob } from "@/lib/simulator/github/types";
import { formatKubeTime } from "@/lib/simulator/kube/store";
import { actionsJobId } from "./github-side";
import { ListenerJobMetrics, renderListenerMetrics, type ListenerStats } from "./listener-metrics";
import { listenerLine } from "./log-lines";
import { markRunning, markScheduled, markTerminated, markWaiting } from "./pod-status";
import { buildAl, buildListenerPod, controllerImage, CONTROLLER_NS, RT, RUNNER_NS } from "./resources";
import type { ScaleSetSim } from "./scale-set";

const LONG_POLL_MS = 50_000;
const FLUSH_MS = 300;
const RATE_LIMIT_ERROR = "Application returned an error: failed to get runner registration token (403 Forbidden): API rate limit exceeded for user ID 48213697.";

type JobEvent = { kind: "assigned" | "started" | "completed"; job: SimJob; runnerName?: string; result?: string };

export class Listener {
  name = "";
  private uid = "";
  private podUid = "";
  private running = false;
  private msgId = 0;
  private desired = -1;
  private patchId = 0;
  private queue: JobEvent[] = [];
  private flushTimer: number | undefined;
  private pollSeq = 0;
  private readonly jobMetrics = new ListenerJobMetrics();
  private node = "";

  constructor(private readonly set: ScaleSetSim) {}

  private get c() {
    return this.set.cluster;
  }

  private log(level: "debug" | "info" | "warn" | "error", component: "listener" | "worker" | "metrics exporter" | "app", message: string, fields: Record<string, unknown> = {}): void {
    const at = this.c.clock.now();
    this.c.logs.append(CONTROLLER_NS, this.name, "listener", listenerLine(this.c.gen, at, level, component, message, fields), at);
  }

  private raw(line: string): void {
    this.c.logs.append(CONTROLLER_NS, this.name, "listener", line, this.c.clock.now());
  }

  private alKey(): string {
    return `${CONTROLLER_NS}/${this.name}`;
  }

  start(specHash: string, valuesHash: string): void {
    const c = this.c;
    this.name = `${this.set.spec.name}-${c.rng.hex(8)}-listener`;
    c.controllerLog("AutoscalingRunnerSet", `${RUNNER_NS}/${this.set.spec.name}`, "info", "Creating a new AutoscalingListener for the runner set", { ephemeralRunnerSetName: this.set.currentErsName });
    const al = c.store.create(RT.al, buildAl(this.set.ctx, this.name, this.set.currentErsName, specHash, valuesHash));
    this.uid = al.metadata.uid ?? "";
    this.createPod();
  }

  private createPod(): void {
    const c = this.c;
    c.controllerLog("AutoscalingListener", this.alKey(), "info", "Creating a listener pod");
    const pod = c.store.create(RT.pod, buildListenerPod(this.set.ctx, this.name, this.uid));
    this.podUid = pod.metadata.uid ?? "";
    c.controllerLog("AutoscalingListener", this.alKey(), "info", "Created listener pod", { namespace: CONTROLLER_NS, name: this.name });
    c.after(300, () => this.schedulePod());
  }

  private ref() {
    return { namespace: CONTROLLER_NS, name: this.name, uid: this.podUid };
  }

  private patchPod(mutate: (p: KubeObject) => void): void {
    this.c.store.patch(RT.pod, CONTROLLER_NS, this.name, mutate);
  }

  private schedulePod(): void {
    const c = this.c;
    this.node = c.rng.pick(c.nodes);
    const at = formatKubeTime(c.clock.now());
    this.patchPod((p) => markScheduled(p, at, this.node));
    c.events.record(this.ref(), { reason: "Scheduled", message: `Successfully assigned ${CONTROLLER_NS}/${this.name} to ${this.node}`, type: "Normal", component: "default-scheduler" });
    if (this.set.faults.listenerImagePull403) {
      this.pullFails();
      return;
    }
    c.after(800, () => this.podStarted());
  }

  private kubelet(reason: string, message: string, type: "Normal" | "Warning" = "Normal"): void {
    this.c.events.record(this.ref(), { reason, message, type, component: "kubelet", host: this.node, fieldPath: "spec.containers{listener}" });
  }

  /** GHCR 403 on a cold pull (seed 004): ErrImagePull, then ImagePullBackOff forever. */
  private pullFails(): void {
    const c = this.c;
    const image = controllerImage(c.gen);
    const cycle = () => {
      this.kubelet("Pulling", `Pulling image "${image}"`);
      c.after(1_000, () => {
        const msg = `Failed to pull image "${image}": failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Aactions%2Fgha-runner-scale-set-controller%3Apull&service=ghcr.io: 403 Forbidden`;
        this.kubelet("Failed", msg, "Warning");
        this.kubelet("Failed", "Error: ErrImagePull", "Warning");
        this.patchPod((p) => markWaiting(p, "listener", "ErrImagePull", msg));
        c.after(5_000, () => {
          this.kubelet("BackOff", `Back-off pulling image "${image}"`);
          this.kubelet("Failed", "Error: ImagePullBackOff", "Warning");
          this.patchPod((p) => markWaiting(p, "listener", "ImagePullBackOff", `Back-off pulling image "${image}"`));
          c.controllerLog("AutoscalingListener", this.alKey(), "info", "Listener pod is not ready", { namespace: CONTROLLER_NS, name: this.name });
          c.after(30_000, cycle);
        });
      });
    };
    cycle();
  }

  private podStarted(): void {
    const c = this.c;
    const image = controllerImage(c.gen);
    this.kubelet("Pulled", `Container image "${image}" already present on machine`);
    this.kubelet("Created", "Created container: listener");
    this.kubelet("Started", "Started container listener");
    const at = formatKubeTime(c.clock.now());
    this.patchPod((p) => markRunning(p, at, true, `10.244.0.${c.rng.int(10, 250)}`));
    if (c.gen === "0.14") {
      this.log("info", "listener", "Starting listener");
      this.log("info", "metrics exporter", "Starting metrics server", { address: ":8080" });
    } else this.log("info", "listener", "Starting listener");
    if (this.set.faults.listenerRateLimited) {
      c.after(1_500, () => this.crash());
      return;
    }
    this.running = true;
    const stats = this.set.stats();
    if (c.gen === "0.14") this.log("info", "listener", "Handling initial session statistics", { totalAssignedJobs: stats.totalAssignedJobs });
    else this.log("info", "listener", "Current runner scale set statistics.", { statistics: JSON.stringify(stats) });
    this.scale(0);
    this.poll();
  }

  /** Rate-limited PAT (seed 004): fatal error, exit 1, controller recreates the pod. */
  private crash(): void {
    const c = this.c;
    this.raw(RATE_LIMIT_ERROR);
    const at = formatKubeTime(c.clock.now());
    this.patchPod((p) => markTerminated(p, at, "listener", 1, "Error", { phase: "Failed" }));
    c.after(500, () => c.controllerLog("AutoscalingListener", this.alKey(), "info", "Listener pod is terminated", { namespace: CONTROLLER_NS, name: this.name, reason: "Error", message: "" }));
    c.after(10_000, () => {
      c.store.delete(RT.pod, CONTROLLER_NS, this.name);
      this.createPod();
    });
  }

  /** Long poll: a message ends it early; otherwise it times out after 50 s and polls again. */
  private poll(): void {
    this.log("info", "listener", "Getting next message", { lastMessageID: this.msgId });
    const seq = ++this.pollSeq;
    this.c.after(LONG_POLL_MS, () => {
      if (seq !== this.pollSeq) return;
      this.scale(0);
      this.poll();
    });
  }

  /** A job message for this scale set (only seen while the listener runs). */
  notify(kind: JobEvent["kind"], job: SimJob, runnerName?: string, result?: string): void {
    if (kind === "started" && job.startedAt) this.jobMetrics.jobStarted(this.set.org, job.repo, job.name, (Date.parse(job.startedAt) - Date.parse(job.createdAt)) / 1000);
    if (kind === "completed" && job.completedAt) {
      this.jobMetrics.jobCompleted(this.set.org, job.repo, job.name, (result ?? "Succeeded").toLowerCase(), (Date.parse(job.completedAt) - Date.parse(job.startedAt ?? job.createdAt)) / 1000);
    }
    if (!this.running) return;
    this.queue.push({ kind, job, runnerName, result });
    if (this.flushTimer === undefined) this.flushTimer = this.c.after(FLUSH_MS, () => this.flush());
  }

  private flush(): void {
    this.flushTimer = undefined;
    const events = this.queue;
    this.queue = [];
    if (!this.running || events.length === 0) return;
    const gen = this.c.gen;
    this.msgId++;
    const stats = this.set.stats();
    if (gen === "0.13") {
      this.log("info", "listener", "Processing message", { messageId: this.msgId, messageType: "RunnerScaleSetJobMessages" });
      this.log("info", "listener", "New runner scale set statistics.", { statistics: stats });
    }
    let completed = 0;
    const assigned = events.filter((e) => e.kind === "assigned");
    if (assigned.length) {
      const requestIds = assigned.map((e) => e.job.id);
      if (gen === "0.13") {
        for (const e of assigned) this.log("info", "listener", "Job available message received", { jobId: e.job.id });
        this.log("info", "listener", "Acquiring jobs", { count: assigned.length, requestIds: JSON.stringify(requestIds) });
        this.log("info", "listener", "Jobs are acquired", { count: assigned.length, requestIds: JSON.stringify(requestIds) });
        for (const e of assigned) this.log("info", "listener", "Job assigned message received", { jobId: e.job.id });
      } else {
        this.log("info", "listener", "Acquiring jobs", { count: assigned.length });
        this.log("info", "listener", "Jobs acquired", { count: assigned.length });
      }
    }
    for (const e of events) {
      if (e.kind === "started" && e.runnerName) {
        if (gen === "0.13") this.log("info", "listener", "Job started message received.", { JobID: actionsJobId(e.job), RunnerId: e.job.runnerId ?? 0 });
        const [owner, repo] = e.job.repo.split("/");
        this.log("info", "worker", "Updating job info for the runner", {
          runnerName: e.runnerName,
          ownerName: owner,
          repoName: repo,
          jobId: actionsJobId(e.job),
          workflowRef: `${e.job.repo}/.github/workflows/${e.job.workflowName}.yml@refs/heads/main`,
          workflowRunId: e.job.runId,
          jobDisplayName: e.job.name,
          requestId: e.job.id,
        });
        if (this.set.writeJobInfo(e.runnerName, e.job)) this.log("info", "worker", "Ephemeral runner status updated with the merge patch successfully.");
        else this.log("info", "worker", "Ephemeral runner not found, skipping patching of ephemeral runner status");
      }
      if (e.kind === "completed") {
        completed++;
        if (gen === "0.13") this.log("info", "listener", "Job completed message received.", { JobID: actionsJobId(e.job), Result: e.result ?? "Succeeded", RunnerId: e.job.runnerId ?? 0, RunnerName: e.runnerName ?? "" });
      }
    }
    this.scale(completed);
    this.poll();
  }

  private scale(jobsCompleted: number): void {
    const spec = this.set.spec;
    const assigned = this.set.stats().totalAssignedJobs;
    const decision = Math.min(spec.minRunners + assigned + (this.set.faults.idleBeyondMin ?? 0), spec.maxRunners);
    const previous = this.desired < 0 ? spec.minRunners : this.desired;
    const fields: Record<string, unknown> = { "assigned job": assigned, decision, min: spec.minRunners, max: spec.maxRunners, currentRunnerCount: this.c.gen === "0.14" ? decision : previous };
    if (this.c.gen === "0.13") fields.jobsCompleted = jobsCompleted;
    this.log("info", "worker", "Calculated target runner count", fields);
    if (decision === this.desired) return;
    this.desired = decision;
    this.patchId++;
    this.set.setReplicas(decision, this.patchId);
    this.log("info", "worker", "Ephemeral runner set scaled.", { namespace: RUNNER_NS, name: this.set.currentErsName, replicas: decision });
  }

  /** Prometheus text for GET …/pods/<listener>:8080/proxy/metrics (0.14 only, while running). */
  metrics(): string | undefined {
    if (this.c.gen !== "0.14" || !this.running) return undefined;
    const stats: ListenerStats = this.set.stats();
    return renderListenerMetrics(
      { ersName: this.set.currentErsName, namespace: RUNNER_NS, organization: this.set.org, stats, minRunners: this.set.spec.minRunners, maxRunners: this.set.spec.maxRunners, desiredRunners: Math.max(0, this.desired) },
      this.jobMetrics,
    );
  }
}
