/**
 * GitHub's side of the simulation: workflow runs and jobs, routing of jobs to scale sets (labels +
 * runner-group access), and the self-hosted runner list. Mutates the shared `GitHubState` through
 * the simulated GitHub's helpers (lib/simulator/github/state.ts), which keep its indexes O(1).
 */
import type { VirtualClock } from "@/lib/simulator/clock";
import type { GitHubState, SimJob, SimRunner, SimRunnerGroup } from "@/lib/simulator/github/types";
import { addJob, addRun, registerRunner, removeRunner, setRunner, updateJob, updateRun } from "@/lib/simulator/github/state";
import { groupAllowsRepo, servesLabels } from "@/lib/model/job-routing";

/** A scale set as GitHub sees it: where its jobs go and who to tell. */
export interface ScaleSetHandle {
  scaleSetId: number;
  runnerScaleSetName: string;
  extraLabels: string[];
  runnerGroup: SimRunnerGroup;
  maxRunners: number;
  /** Called when GitHub assigns a job to this scale set. */
  onJobAssigned(job: SimJob): void;
}

interface HandleQueue {
  handle: ScaleSetHandle;
  queue: SimJob[];
  head: number;
  /** Assigned and not completed (queued + in progress). */
  assigned: number;
}

/** Actions-service job id as ARC 0.13+ stores it in EphemeralRunner `status.jobId` (a string, not the REST id). */
export function actionsJobId(job: Pick<SimJob, "id" | "runId">): string {
  return `${job.id.toString(16)}-${job.runId.toString(16)}`;
}

export type JobChangeListener = (action: "queued" | "in_progress" | "completed", job: SimJob) => void;

export class GitHubSide {
  private readonly handles: HandleQueue[] = [];
  private readonly byScaleSetId = new Map<number, HandleQueue>();
  private readonly jobOwner = new Map<number, HandleQueue>();
  /** Queued jobs no scale set may take (labels unmatched or runner group denies the repo). */
  private readonly unrouted = new Set<SimJob>();
  private nextScaleSetId = 1;
  private nextGroupId = 2;
  private readonly listeners: JobChangeListener[] = [];

  constructor(
    readonly state: GitHubState,
    private readonly clock: VirtualClock,
  ) {
    for (const g of state.runnerGroups) this.nextGroupId = Math.max(this.nextGroupId, g.id + 1);
  }

  onJobChange(listener: JobChangeListener): void {
    this.listeners.push(listener);
  }

  private touch(): void {
    this.state.version++;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  ensureOrg(org: string): void {
    if (!this.state.orgs.includes(org)) this.state.orgs.push(org);
    if (!this.state.runnerGroups.some((g) => g.org === org && g.default)) {
      this.state.runnerGroups.push({ id: 1, org, name: "Default", visibility: "all", default: true, repositories: [] });
      this.touch();
    }
  }

  ensureRepo(repo: string): void {
    const [owner, name] = repo.split("/");
    if (!owner || !name) throw new Error(`bad repo ${repo}`);
    this.ensureOrg(owner);
    if (!this.state.repos.some((r) => r.owner === owner && r.name === name)) {
      this.state.repos.push({ owner, name, private: true });
      this.touch();
    }
  }

  ensureRunnerGroup(org: string, name: string, visibility: SimRunnerGroup["visibility"] = "all", repositories: string[] = []): SimRunnerGroup {
    const found = this.state.runnerGroups.find((g) => g.org === org && g.name.toLowerCase() === name.toLowerCase());
    if (found) return found;
    const group: SimRunnerGroup = { id: this.nextGroupId++, org, name, visibility, default: false, repositories };
    this.state.runnerGroups.push(group);
    this.touch();
    return group;
  }

  /** "Creating a new runner scale set": GitHub hands out the id ARC stores in the `runner-scale-set-id` annotation. */
  createScaleSet(handle: Omit<ScaleSetHandle, "scaleSetId">): ScaleSetHandle {
    const full: ScaleSetHandle = { ...handle, scaleSetId: this.nextScaleSetId++ };
    const q: HandleQueue = { handle: full, queue: [], head: 0, assigned: 0 };
    this.handles.push(q);
    this.byScaleSetId.set(full.scaleSetId, q);
    return full;
  }

  /** Create a workflow run with one job and route it. */
  queueJob(repo: string, workflow: string, jobName: string, labels: string[], beforeRoute?: (job: SimJob) => void): SimJob {
    const at = this.now();
    const name = workflow.replace(/\.ya?ml$/, "");
    const run = addRun(this.state, { repo, name, status: "queued", createdAt: at });
    const job = addJob(this.state, { runId: run.id, repo, name: jobName, workflowName: name, labels, createdAt: at });
    beforeRoute?.(job);
    this.emit("queued", job);
    const target = this.route(job);
    if (target) {
      target.queue.push(job);
      target.assigned++;
      this.jobOwner.set(job.id, target);
      target.handle.onJobAssigned(job);
    } else this.unrouted.add(job);
    return job;
  }

  /** The scale set GitHub would hand the job to: labels match, group allows the repo, least loaded first. */
  private route(job: SimJob): HandleQueue | undefined {
    let best: HandleQueue | undefined;
    let bestLoad = Infinity;
    for (const h of this.handles) {
      if (!servesLabels(h.handle, job.labels)) continue;
      if (groupAllowsRepo(h.handle.runnerGroup, job.repo) !== true) continue;
      const load = h.assigned / Math.max(1, h.handle.maxRunners);
      if (load < bestLoad) {
        best = h;
        bestLoad = load;
      }
    }
    return best;
  }

  /** Oldest job assigned to the scale set that no runner has taken yet. */
  nextQueuedJob(scaleSetId: number): SimJob | undefined {
    const q = this.byScaleSetId.get(scaleSetId);
    if (!q) return undefined;
    while (q.head < q.queue.length) {
      const job = q.queue[q.head];
      if (job && job.status === "queued") return job;
      q.head++;
      if (q.head > 512) {
        q.queue.splice(0, q.head);
        q.head = 0;
      }
    }
    return undefined;
  }

  /** Assigned jobs (queued + running) of a scale set, as the listener's statistics count them. */
  assignedCount(scaleSetId: number): number {
    return this.byScaleSetId.get(scaleSetId)?.assigned ?? 0;
  }

  queuedJobs(scaleSetId: number): SimJob[] {
    const q = this.byScaleSetId.get(scaleSetId);
    if (!q) return [];
    return q.queue.slice(q.head).filter((j) => j.status === "queued");
  }

  /** Queued jobs GitHub could not hand to any scale set, oldest first. */
  unroutedJobs(): SimJob[] {
    const out: SimJob[] = [];
    for (const job of this.unrouted) {
      if (job.status === "queued") out.push(job);
      else this.unrouted.delete(job);
    }
    return out;
  }

  registerRunner(name: string, labels: string[], group: SimRunnerGroup, scope: string, status: SimRunner["status"] = "offline"): SimRunner {
    return registerRunner(this.state, { name, labels, runnerGroupId: group.id, scope, status, busy: false });
  }

  setRunner(name: string, patch: Partial<Pick<SimRunner, "status" | "busy">>): void {
    setRunner(this.state, name, patch);
  }

  removeRunner(name: string): void {
    removeRunner(this.state, name);
  }

  startJob(job: SimJob, runner: SimRunner, group: SimRunnerGroup): void {
    const at = this.now();
    updateJob(this.state, job.id, { status: "in_progress", startedAt: at, runnerId: runner.id, runnerName: runner.name, runnerGroupId: group.id, runnerGroupName: group.name }, at);
    updateRun(this.state, job.runId, { status: "in_progress", runStartedAt: at }, at);
    setRunner(this.state, runner.name, { busy: true });
    this.emit("in_progress", job);
  }

  completeJob(job: SimJob, conclusion: "success" | "failure" | "cancelled"): void {
    if (job.status === "completed") return;
    const at = this.now();
    updateJob(this.state, job.id, { status: "completed", conclusion, completedAt: at }, at);
    updateRun(this.state, job.runId, { status: "completed", conclusion }, at);
    const owner = this.jobOwner.get(job.id);
    if (owner) {
      owner.assigned = Math.max(0, owner.assigned - 1);
      this.jobOwner.delete(job.id);
    }
    this.emit("completed", job);
  }

  /** Drop completed runs/jobs older than `maxAgeMs` so long benchmarks keep a bounded state. */
  prune(maxAgeMs: number): void {
    const cutoff = new Date(this.clock.nowMs() - maxAgeMs).toISOString();
    const old = (iso: string | undefined) => iso !== undefined && iso < cutoff;
    const before = this.state.jobs.length;
    this.state.jobs = this.state.jobs.filter((j) => !(j.status === "completed" && old(j.completedAt)));
    this.state.runs = this.state.runs.filter((r) => !(r.status === "completed" && old(r.updatedAt)));
    if (this.state.jobs.length !== before) this.touch();
  }

  private emit(action: "queued" | "in_progress" | "completed", job: SimJob): void {
    for (const l of this.listeners) l(action, job);
  }
}
