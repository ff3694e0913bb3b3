import type { GitHubState, SimJob, SimRunner, SimWorkflowRun } from "./types";

/**
 * Construction and mutation helpers for the simulated GitHub. The state itself stays a plain,
 * JSON-serializable object; O(1) lookups live in a side index (WeakMap keyed by the state) that
 * the helpers keep in sync. Code that mutates the arrays directly must bump `state.version`,
 * which makes the index rebuild itself on the next lookup.
 */

/** Ids handed out by nextId() start above this, leaving room for hand-picked ids in fixtures. */
const ID_FLOOR = 1000;

export function createGitHubState(init: Partial<GitHubState> = {}): GitHubState {
  const state: GitHubState = {
    orgs: init.orgs ?? [],
    repos: init.repos ?? [],
    runners: init.runners ?? [],
    runnerGroups: init.runnerGroups ?? [],
    runs: init.runs ?? [],
    jobs: init.jobs ?? [],
    tokens: init.tokens ?? [],
    version: init.version ?? 0,
  };
  // a loop, not Math.max(...ids): benchmark states can exceed the argument-count limit
  let last = Math.max(init.lastId ?? 0, ID_FLOOR);
  for (const list of [state.runners, state.runnerGroups, state.runs, state.jobs]) for (const r of list) last = Math.max(last, r.id);
  state.lastId = last;
  return state;
}

/** Deterministic id shared by runners, runs and jobs (GitHub ids are unique across kinds too). */
export function nextId(state: GitHubState): number {
  state.lastId = (state.lastId ?? ID_FLOOR) + 1;
  return state.lastId;
}

interface Index {
  version: number;
  lengths: string;
  runners: SimRunner[];
  runs: SimWorkflowRun[];
  jobs: SimJob[];
  runnerByName: Map<string, SimRunner>;
  runnersByScope: Map<string, SimRunner[]>;
  runById: Map<number, SimWorkflowRun>;
  runsByRepo: Map<string, SimWorkflowRun[]>;
  jobById: Map<number, SimJob>;
  jobsByRun: Map<number, SimJob[]>;
}

const indexes = new WeakMap<GitHubState, Index>();

/** GitHub compares owner and repo names case-insensitively. */
const key = (name: string): string => name.toLowerCase();

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

function pull<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  const at = list ? list.indexOf(v) : -1;
  if (list && at !== -1) list.splice(at, 1);
}

const lengthsOf = (s: GitHubState): string => `${s.runners.length}/${s.runs.length}/${s.jobs.length}`;

function buildIndex(state: GitHubState): Index {
  const idx: Index = {
    version: state.version,
    lengths: lengthsOf(state),
    runners: state.runners,
    runs: state.runs,
    jobs: state.jobs,
    runnerByName: new Map(),
    runnersByScope: new Map(),
    runById: new Map(),
    runsByRepo: new Map(),
    jobById: new Map(),
    jobsByRun: new Map(),
  };
  for (const r of state.runners) {
    idx.runnerByName.set(r.name, r);
    push(idx.runnersByScope, key(r.scope), r);
  }
  for (const run of state.runs) {
    idx.runById.set(run.id, run);
    push(idx.runsByRepo, key(run.repo), run);
  }
  for (const job of state.jobs) {
    idx.jobById.set(job.id, job);
    push(idx.jobsByRun, job.runId, job);
  }
  indexes.set(state, idx);
  return idx;
}

/** The index, rebuilt when the state changed behind the helpers' back. */
function indexOf(state: GitHubState): Index {
  const idx = indexes.get(state);
  const fresh =
    idx &&
    idx.version === state.version &&
    idx.runners === state.runners &&
    idx.runs === state.runs &&
    idx.jobs === state.jobs &&
    idx.lengths === lengthsOf(state);
  return fresh ? idx : buildIndex(state);
}

function bump(state: GitHubState, idx: Index): void {
  state.version++;
  idx.version = state.version;
  idx.lengths = lengthsOf(state);
}

type Stamp = Date | string | undefined;

const iso = (t: Date | string): string => (typeof t === "string" ? t : t.toISOString());

/** Later of two ISO timestamps (ISO-8601 UTC strings compare lexicographically). */
const later = (a: string, b: string | undefined): string => (b !== undefined && b > a ? b : a);

function touchRun(run: SimWorkflowRun | undefined, stamps: (string | undefined)[], now: Stamp): void {
  if (!run) return;
  run.updatedAt = now !== undefined ? iso(now) : stamps.reduce<string>(later, run.updatedAt);
}

// ---- lookups (O(1)) ----

export function getRun(state: GitHubState, id: number): SimWorkflowRun | undefined {
  return indexOf(state).runById.get(id);
}

export function getJob(state: GitHubState, id: number): SimJob | undefined {
  return indexOf(state).jobById.get(id);
}

export function getRunner(state: GitHubState, name: string): SimRunner | undefined {
  return indexOf(state).runnerByName.get(name);
}

/** Runs of `owner/repo` in insertion order. Read-only view: do not mutate. */
export function runsOfRepo(state: GitHubState, repo: string): readonly SimWorkflowRun[] {
  return indexOf(state).runsByRepo.get(key(repo)) ?? [];
}

/** Jobs of a run (all attempts) in insertion order. Read-only view: do not mutate. */
export function jobsOfRun(state: GitHubState, runId: number): readonly SimJob[] {
  return indexOf(state).jobsByRun.get(runId) ?? [];
}

/** Runners registered at `org` or `owner/repo`, in registration order. Read-only view: do not mutate. */
export function runnersInScope(state: GitHubState, scope: string): readonly SimRunner[] {
  return indexOf(state).runnersByScope.get(key(scope)) ?? [];
}

// ---- mutations (each bumps state.version) ----

export type NewRun = Omit<SimWorkflowRun, "id" | "updatedAt" | "conclusion" | "runAttempt"> &
  Partial<Pick<SimWorkflowRun, "id" | "updatedAt" | "conclusion" | "runAttempt">>;

export function addRun(state: GitHubState, input: NewRun): SimWorkflowRun {
  const idx = indexOf(state);
  const run: SimWorkflowRun = {
    ...input,
    id: input.id ?? nextId(state),
    conclusion: input.conclusion ?? null,
    runAttempt: input.runAttempt ?? 1,
    updatedAt: input.updatedAt ?? later(input.createdAt, input.runStartedAt),
  };
  if (idx.runById.has(run.id)) throw new Error(`workflow run ${run.id} already exists`);
  state.runs.push(run);
  idx.runById.set(run.id, run);
  push(idx.runsByRepo, key(run.repo), run);
  bump(state, idx);
  return run;
}

export type RunPatch = Partial<Omit<SimWorkflowRun, "id" | "repo">>;

/** `now` sets updatedAt; without it updatedAt advances to the latest timestamp in the patch. */
export function updateRun(state: GitHubState, id: number, patch: RunPatch, now?: Stamp): SimWorkflowRun | undefined {
  const idx = indexOf(state);
  const run = idx.runById.get(id);
  if (!run) return undefined;
  Object.assign(run, patch);
  if (patch.updatedAt === undefined) touchRun(run, [patch.runStartedAt], now);
  bump(state, idx);
  return run;
}

export type NewJob = Omit<SimJob, "id" | "status" | "conclusion"> & Partial<Pick<SimJob, "id" | "status" | "conclusion">>;

/** Adds a job (queued unless given) and touches its run. */
export function addJob(state: GitHubState, input: NewJob, now?: Stamp): SimJob {
  const idx = indexOf(state);
  const job: SimJob = { ...input, id: input.id ?? nextId(state), status: input.status ?? "queued", conclusion: input.conclusion ?? null };
  if (idx.jobById.has(job.id)) throw new Error(`job ${job.id} already exists`);
  state.jobs.push(job);
  idx.jobById.set(job.id, job);
  push(idx.jobsByRun, job.runId, job);
  touchRun(idx.runById.get(job.runId), [job.createdAt, job.startedAt, job.completedAt], now);
  bump(state, idx);
  return job;
}

export type JobPatch = Partial<Omit<SimJob, "id" | "runId" | "repo">>;

/** Patches a job and touches its run. Returns undefined for an unknown id. */
export function updateJob(state: GitHubState, id: number, patch: JobPatch, now?: Stamp): SimJob | undefined {
  const idx = indexOf(state);
  const job = idx.jobById.get(id);
  if (!job) return undefined;
  Object.assign(job, patch);
  touchRun(idx.runById.get(job.runId), [patch.startedAt, patch.completedAt], now);
  bump(state, idx);
  return job;
}

export type NewRunner = Omit<SimRunner, "id" | "os" | "status" | "busy"> & Partial<Pick<SimRunner, "id" | "os" | "status" | "busy">>;

/** Registers a runner (online, idle, Linux unless given). Names are unique across the whole state. */
export function registerRunner(state: GitHubState, input: NewRunner): SimRunner {
  const idx = indexOf(state);
  if (idx.runnerByName.has(input.name)) throw new Error(`runner ${input.name} already registered`);
  const runner: SimRunner = { ...input, id: input.id ?? nextId(state), os: input.os ?? "Linux", status: input.status ?? "online", busy: input.busy ?? false };
  state.runners.push(runner);
  idx.runnerByName.set(runner.name, runner);
  push(idx.runnersByScope, key(runner.scope), runner);
  bump(state, idx);
  return runner;
}

/** Deletes a runner registration. Returns false if no runner has that name. */
export function removeRunner(state: GitHubState, name: string): boolean {
  const idx = indexOf(state);
  const runner = idx.runnerByName.get(name);
  if (!runner) return false;
  state.runners.splice(state.runners.indexOf(runner), 1);
  idx.runnerByName.delete(name);
  pull(idx.runnersByScope, key(runner.scope), runner);
  bump(state, idx);
  return true;
}

export type RunnerPatch = Partial<Omit<SimRunner, "id" | "name" | "scope">>;

export function setRunner(state: GitHubState, name: string, patch: RunnerPatch): SimRunner | undefined {
  const idx = indexOf(state);
  const runner = idx.runnerByName.get(name);
  if (!runner) return undefined;
  Object.assign(runner, patch);
  bump(state, idx);
  return runner;
}
