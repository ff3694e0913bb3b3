/**
 * The benchmark fleet, written once: a seeded, deterministic ARC fleet as domain records (for seeding the store)
 * and as Kubernetes objects (for driving the simulated API server). The reference fleet is the one the targets
 * are stated for; `--quick` and the growth runs scale it.
 */
import type {
  ClusterInfo,
  DiagnosisResult,
  EphemeralRunnerSetState,
  Finding,
  GitHubJob,
  KubeEventRecord,
  ListenerSample,
  RunnerLife,
  RunnerOutcome,
  RunnerState,
  ScaleSetKey,
  ScaleSetState,
  SourceHealth,
} from "@/lib/model";
import { fingerprint } from "@/lib/diagnosis/fingerprint";
import { Rng } from "@/lib/simulator/arc/random";

export interface FleetShape {
  clusters: number;
  scaleSets: number;
  /** Concurrent runners (current EphemeralRunners) across the fleet. */
  runners: number;
  livesPerHour: number;
  jobsPerDay: number;
  /** Lives in the focus scale set's last 24 h (the one the scale-set view and UI figures open). */
  focusLivesPerDay: number;
}

/** The fleet the targets are stated for. */
export const REFERENCE_FLEET: FleetShape = { clusters: 3, scaleSets: 200, runners: 5000, livesPerHour: 20_000, jobsPerDay: 50_000, focusLivesPerDay: 5000 };

/** `--quick`: a tenth of the reference fleet. */
export const QUICK_FLEET: FleetShape = { clusters: 3, scaleSets: 20, runners: 500, livesPerHour: 2000, jobsPerDay: 5000, focusLivesPerDay: 1000 };

/** The same fleet with `scaleSets` sets: runners, lives and jobs grow in proportion (growth runs). */
export function scaleFleet(base: FleetShape, scaleSets: number): FleetShape {
  const f = scaleSets / base.scaleSets;
  return {
    ...base,
    scaleSets,
    runners: Math.round(base.runners * f),
    livesPerHour: Math.round(base.livesPerHour * f),
    jobsPerDay: Math.round(base.jobsPerDay * f),
  };
}

/** Failure scenarios mixed into the fleet, as the ARC seeds describe them. */
export type FleetFault = "empty-jit-secret" | "oom-killed" | "pods-unschedulable";

export interface FleetSet {
  index: number;
  state: ScaleSetState;
  key: ScaleSetKey;
  runnerSet: EphemeralRunnerSetState;
  /** Share of the fleet's runners and lives. */
  weight: number;
  fault?: FleetFault;
}

export interface Fleet {
  shape: FleetShape;
  now: Date;
  seed: number;
  clusters: ClusterInfo[];
  sets: FleetSet[];
  /** Index 0: the busy set the scale-set view and UI figures open. */
  focus: FleetSet;
  runners: RunnerState[];
  sources: SourceHealth[];
}

const NAMESPACE = "arc-runners";
const ORG = "acme";
const CLUSTER_NAMES = ["prod-us-east", "prod-eu-west", "prod-ap-south", "staging", "prod-us-west"];
const TEAMS = ["web", "api", "mobile", "data", "infra", "ml", "payments", "search", "platform", "docs"];
const KINDS = ["linux-x64", "linux-arm64", "dind", "k8s", "large", "gpu"];
const REPOS = ["acme/shop", "acme/api", "acme/mobile-app", "acme/data-pipeline", "acme/infra", "acme/docs", "acme/search"];
const FAULTS: FleetFault[] = ["empty-jit-secret", "oom-killed", "pods-unschedulable"];
const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

export function clusterName(i: number): string {
  return CLUSTER_NAMES[i % CLUSTER_NAMES.length] ?? `cluster-${i}`;
}

/** Every 40th set (at least one) carries a fault; the focus set stays healthy. */
function faultOf(i: number): FleetFault | undefined {
  if (i === 0 || i % 40 !== 7) return undefined;
  return FAULTS[Math.floor(i / 40) % FAULTS.length];
}

export function generateFleet(shape: FleetShape, opts: { now: Date; seed?: number }): Fleet {
  const seed = opts.seed ?? 1;
  const rng = new Rng(seed);
  const clusters: ClusterInfo[] = Array.from({ length: shape.clusters }, (_, i) => ({ name: clusterName(i), controllerVersion: i % 2 ? "0.13.1" : "0.14.2", controllerNamespace: "arc-systems" }));
  // Heavy-tailed set sizes (a few busy sets, many small ones), like real fleets; the focus set is the busiest.
  const raw = Array.from({ length: shape.scaleSets }, (_, i) => (i === 0 ? 0 : 1 / (1 + (i % 25))));
  const focusShare = Math.min(0.5, shape.focusLivesPerDay / Math.max(1, shape.livesPerHour * 24));
  const rest = raw.reduce((a, b) => a + b, 0) || 1;
  const sets: FleetSet[] = raw.map((w, i) => {
    const cluster = clusterName(i % shape.clusters);
    const name = `${TEAMS[i % TEAMS.length]}-${KINDS[Math.floor(i / TEAMS.length) % KINDS.length]}-${i}`;
    const gen = i % shape.clusters % 2 ? "0.13.1" : "0.14.2";
    const fault = faultOf(i);
    const ersName = `${name}-${rng.suffix(5)}`;
    const state: ScaleSetState = {
      cluster,
      namespace: NAMESPACE,
      name,
      uid: rng.uuid(),
      createdAt: iso(opts.now.getTime() - 30 * 24 * HOUR),
      githubConfigUrl: `https://github.com/${ORG}`,
      githubConfigSecret: `${name}-gha-rs-github-secret`,
      runnerGroup: "Default",
      runnerScaleSetName: name,
      extraLabels: [],
      minRunners: i % 3 === 0 ? 1 : 0,
      maxRunners: 200,
      phase: gen === "0.14.2" ? "Running" : "unknown",
      version: gen,
      containerMode: i % 4 === 2 ? "kubernetes" : "dind",
      scaleSetId: 100 + i,
      runnerContainer: { name: "runner", image: "ghcr.io/actions/actions-runner:2.334.0", command: ["/home/runner/run.sh"], volumeMounts: ["work"], envNames: ["DOCKER_HOST"] },
      templateVolumes: ["work", "dind-sock", "dind-externals"],
      status: {},
      updateStrategy: "immediate",
    };
    const runnerSet: EphemeralRunnerSetState = {
      cluster,
      namespace: NAMESPACE,
      name: ersName,
      scaleSet: name,
      uid: rng.uuid(),
      createdAt: state.createdAt,
      replicas: 0,
      phase: gen === "0.14.2" ? "Running" : "unknown",
      runnerSpecHash: rng.hex(10),
      status: {},
    };
    const weight = i === 0 ? focusShare : (w / rest) * (1 - focusShare);
    return { index: i, state, key: { cluster, namespace: NAMESPACE, name }, runnerSet, weight, fault };
  });

  // Current runners, spread by weight: 60 % busy, 30 % idle, 10 % pending; failing sets hold pending/failed ones.
  const runners: RunnerState[] = [];
  let left = shape.runners;
  sets.forEach((s, i) => {
    const n = i === sets.length - 1 ? left : Math.min(left, Math.round(shape.runners * s.weight));
    left -= n;
    for (let r = 0; r < n; r++) runners.push(currentRunner(s, rng, opts.now.getTime(), r));
    s.state.status = { currentRunners: n, pendingEphemeralRunners: Math.round(n * 0.1), runningEphemeralRunners: n - Math.round(n * 0.1), failedEphemeralRunners: 0 };
    s.runnerSet.replicas = n;
  });

  const nowIso = opts.now.toISOString();
  const sources: SourceHealth[] = [
    { id: "store", kind: "store", label: "History store", state: "ok", lastSuccess: nowIso },
    { id: `github:${ORG}`, kind: "github", label: `GitHub ${ORG}`, state: "ok", lastSuccess: nowIso, detail: "budget 4,310/5,000" },
    ...clusters.map((c): SourceHealth => ({ id: `k8s:${c.name}`, kind: "kubernetes", label: `Kubernetes API ${c.name}`, state: "ok", lastSuccess: nowIso })),
  ];
  return { shape, now: opts.now, seed, clusters, sets, focus: sets[0]!, runners, sources };
}

function runnerName(s: FleetSet, rng: Rng): string {
  return `${s.runnerSet.name}-runner-${rng.suffix(5)}`;
}

function currentRunner(s: FleetSet, rng: Rng, now: number, r: number): RunnerState {
  const roll = rng.next();
  const phase: RunnerState["phase"] = s.fault === "pods-unschedulable" || roll < 0.1 ? "Pending" : "Running";
  const busy = phase === "Running" && roll < 0.7;
  const name = runnerName(s, rng);
  const out: RunnerState = {
    cluster: s.key.cluster,
    namespace: NAMESPACE,
    name,
    scaleSet: s.key.name,
    ephemeralRunnerSet: s.runnerSet.name,
    uid: rng.uuid(),
    createdAt: iso(now - rng.int(10_000, 40 * MIN)),
    phase,
    ready: phase === "Running",
    runnerId: 100_000 + s.index * 10_000 + r,
    failureCount: 0,
    failureTimes: [],
    finalizers: ["ephemeralrunner.actions.github.com/finalizer", "ephemeralrunner.actions.github.com/runner-registration-finalizer"],
  };
  if (busy) out.job = { jobRequestId: rng.int(1, 1e9), repository: rng.pick(REPOS), workflowRef: `${rng.pick(REPOS)}/.github/workflows/ci.yml@refs/heads/main`, displayName: "build" };
  return out;
}

/** Lives per hour of one set. */
export function setLivesPerHour(fleet: Fleet, s: FleetSet): number {
  return fleet.shape.livesPerHour * s.weight;
}

/** Share of lives that run a job: jobs per day over lives per day (the rest are idle runners scaled away, or faults). */
function jobShare(shape: FleetShape): number {
  return Math.min(1, shape.jobsPerDay / Math.max(1, shape.livesPerHour * 24));
}

/**
 * Runner lives of the given sets created in [from, to), oldest first, in batches (so a day of the reference fleet,
 * ~480,000 lives, never sits in memory at once). Finished lives are ended before `fleet.now`.
 */
export function* generateLives(fleet: Fleet, opts: { from: Date; to: Date; sets?: readonly FleetSet[]; batch?: number; seed?: number }): Generator<RunnerLife[]> {
  const rng = new Rng((opts.seed ?? fleet.seed) * 7 + 3);
  const sets = opts.sets ?? fleet.sets;
  const batch = opts.batch ?? 2000;
  const share = jobShare(fleet.shape);
  const span = opts.to.getTime() - opts.from.getTime();
  let out: RunnerLife[] = [];
  for (const s of sets) {
    const n = Math.round((setLivesPerHour(fleet, s) * span) / HOUR);
    const step = n > 0 ? span / n : span;
    for (let i = 0; i < n; i++) {
      const created = opts.from.getTime() + i * step + rng.next() * step * 0.5;
      out.push(life(s, rng, created, fleet.now.getTime(), share));
      if (out.length >= batch) {
        yield out;
        out = [];
      }
    }
  }
  if (out.length) yield out;
}

function life(s: FleetSet, rng: Rng, created: number, now: number, share: number): RunnerLife {
  const name = runnerName(s, rng);
  const scheduled = created + rng.int(500, 3000);
  const started = scheduled + rng.int(4000, 15_000);
  const base: RunnerLife = {
    cluster: s.key.cluster,
    namespace: NAMESPACE,
    scaleSet: s.key.name,
    ephemeralRunnerSet: s.runnerSet.name,
    name,
    uid: rng.uuid(),
    createdAt: iso(created),
    scheduledAt: iso(scheduled),
    failureCount: 0,
    command: ["/home/runner/run.sh"],
    image: "ghcr.io/actions/actions-runner:2.334.0",
    nodeName: `ip-10-0-${rng.int(0, 63)}-${rng.int(1, 254)}.ec2.internal`,
    outcome: "running",
    phases: [{ phase: "Pending", at: iso(created) }],
  };
  if (s.fault === "pods-unschedulable") {
    delete base.scheduledAt;
    delete base.nodeName;
    return end(base, Math.min(now - 1000, created + rng.int(5, 15) * MIN), "deleted", now, { reason: "Unschedulable", message: "0/40 nodes are available: 40 Insufficient cpu." });
  }
  base.startedAt = iso(started);
  base.readyAt = iso(started + 800);
  base.phases.push({ phase: "Running", at: iso(started) });
  if (s.fault === "empty-jit-secret") {
    return end(base, started + rng.int(1000, 2000), "no-job-exit", now, { exitCode: 0, message: "An error occurred: Not configured. Run config.(sh/cmd) to configure the runner." });
  }
  if (!rng.chance(share)) return end(base, started + rng.int(2, 30) * MIN, "deleted", now, {});
  const assigned = started + rng.int(1000, 30_000);
  base.jobAssignedAt = iso(assigned);
  const repo = rng.pick(REPOS);
  base.job = { jobId: rng.uuid(), jobRequestId: rng.int(1, 1e9), repository: repo, workflowRef: `${repo}/.github/workflows/ci.yml@refs/heads/main`, workflowRunId: rng.int(1e6, 1e9), displayName: rng.pick(["build", "test", "lint", "deploy", "e2e"]) };
  const finished = assigned + rng.int(1, 25) * MIN;
  if (s.fault === "oom-killed" && rng.chance(0.3)) return end(base, finished, "oom-killed", now, { exitCode: 137, reason: "OOMKilled" });
  return rng.chance(0.04) ? end(base, finished, "failed", now, { exitCode: 1, reason: "Error" }) : end(base, finished, "succeeded", now, { exitCode: 0, reason: "Completed" });
}

function end(l: RunnerLife, at: number, outcome: RunnerOutcome, now: number, extra: Partial<RunnerLife>): RunnerLife {
  if (at >= now) return l; // still running at `now`
  const out: RunnerLife = { ...l, ...extra, outcome, finishedAt: iso(at), deletedAt: iso(at + 1500) };
  out.phases = [...l.phases, { phase: outcome === "succeeded" || outcome === "no-job-exit" ? "Succeeded" : "Failed", at: iso(at) }];
  return out;
}

/** Listener samples every `stepMs` (15 s by default) for the given sets over [from, to), in batches. */
export function* generateSamples(fleet: Fleet, opts: { from: Date; to: Date; sets?: readonly FleetSet[]; stepMs?: number; batch?: number }): Generator<ListenerSample[]> {
  const step = opts.stepMs ?? 15_000;
  const batch = opts.batch ?? 5000;
  const rng = new Rng(fleet.seed * 11 + 5);
  let out: ListenerSample[] = [];
  for (const s of opts.sets ?? fleet.sets) {
    const size = Math.max(1, Math.round(fleet.shape.runners * s.weight));
    for (let t = opts.from.getTime(); t < opts.to.getTime(); t += step) {
      // a daily curve: busier in the working day
      const load = 0.5 + 0.5 * Math.sin(((t / HOUR) % 24) * (Math.PI / 12));
      const busy = Math.round(size * load * 0.8);
      const idle = Math.max(0, Math.round(size * 0.2) + rng.int(-1, 1));
      out.push({
        cluster: s.key.cluster,
        namespace: NAMESPACE,
        scaleSet: s.key.name,
        at: iso(t),
        source: s.state.version === "0.14.2" ? "metrics" : "log",
        availableJobs: rng.int(0, 3),
        acquiredJobs: busy,
        assignedJobs: busy,
        runningJobs: busy,
        registeredRunners: busy + idle,
        busyRunners: busy,
        idleRunners: idle,
        desiredRunners: busy + idle,
        minRunners: s.state.minRunners,
        maxRunners: s.state.maxRunners,
        lastMessageId: Math.floor(t / 1000),
      });
      if (out.length >= batch) {
        yield out;
        out = [];
      }
    }
  }
  if (out.length) yield out;
}

/** GitHub jobs of the lives that ran one (completed), plus a small queue of waiting jobs per set. */
export function jobsOf(fleet: Fleet, lives: readonly RunnerLife[]): GitHubJob[] {
  return lives.flatMap((l): GitHubJob[] => {
    if (!l.job?.jobRequestId || !l.jobAssignedAt) return [];
    const done = l.outcome !== "running";
    return [
      {
        id: l.job.jobRequestId,
        runId: l.job.workflowRunId ?? 1,
        repository: l.job.repository ?? "acme/shop",
        name: l.job.displayName ?? "build",
        workflowName: "CI",
        status: done ? "completed" : "in_progress",
        conclusion: done ? (l.outcome === "succeeded" ? "success" : "failure") : null,
        labels: [l.scaleSet],
        createdAt: iso(Date.parse(l.createdAt) - 2000),
        startedAt: l.jobAssignedAt,
        completedAt: done ? (l.finishedAt ?? null) : null,
        runnerName: l.name,
        runnerGroupName: "Default",
      },
    ];
  });
}

/** Jobs waiting right now: a couple per set, many on the unschedulable sets. */
export function queuedJobs(fleet: Fleet): GitHubJob[] {
  const rng = new Rng(fleet.seed * 13 + 1);
  return fleet.sets.flatMap((s) =>
    Array.from({ length: s.fault === "pods-unschedulable" ? 25 : rng.int(0, 2) }, (_, i): GitHubJob => ({
      id: 2e9 + s.index * 1000 + i,
      runId: 3e9 + s.index * 1000 + i,
      repository: rng.pick(REPOS),
      name: "build",
      workflowName: "CI",
      status: "queued",
      conclusion: null,
      labels: [s.key.name],
      createdAt: iso(fleet.now.getTime() - rng.int(5, 900) * 1000),
      startedAt: null,
      completedAt: null,
      runnerName: null,
    })),
  );
}

/** Kubernetes events: one Scheduled/Started per life, warnings for the faults. */
export function eventsOf(lives: readonly RunnerLife[]): KubeEventRecord[] {
  return lives.map((l): KubeEventRecord => {
    const warn = l.outcome === "oom-killed" || (l.outcome === "deleted" && l.reason === "Unschedulable");
    const at = l.startedAt ?? l.createdAt;
    return {
      cluster: l.cluster,
      namespace: l.namespace,
      uid: `ev-${l.uid}`,
      involvedKind: "Pod",
      involvedName: l.name,
      reason: warn ? (l.outcome === "oom-killed" ? "OOMKilling" : "FailedScheduling") : "Started",
      message: warn ? (l.message ?? "Memory cgroup out of memory") : "Started container runner",
      type: warn ? "Warning" : "Normal",
      count: 1,
      firstSeen: at,
      lastSeen: at,
      source: warn ? "default-scheduler" : "kubelet",
    };
  });
}

const FAULT_RULE: Record<FleetFault, { ruleId: string; title: string; severity: Finding["severity"] }> = {
  "empty-jit-secret": { ruleId: "runner-jit-config-empty", title: "Runners start with an empty JIT config and exit", severity: "critical" },
  "oom-killed": { ruleId: "runner-oom-killed", title: "Runner containers are OOM-killed mid-job", severity: "warning" },
  "pods-unschedulable": { ruleId: "pods-unschedulable", title: "Runner pods cannot be scheduled", severity: "critical" },
};

const FOCUS_RULE = { ruleId: "runner-slow-startup", title: "Runners take long to become ready", severity: "warning" as const };

/** The open findings of the faulty sets, as the engine would have stored them. */
export function findingsOf(fleet: Fleet): DiagnosisResult {
  const now = fleet.now.toISOString();
  const findings = fleet.sets.flatMap((s): Finding[] => {
    // the focus set carries one warning so its page shows a diagnosis card (the ui figure waits for one)
    const r = s.fault ? FAULT_RULE[s.fault] : s.index === 0 ? FOCUS_RULE : undefined;
    if (!r) return [];
    const subject = { cluster: s.key.cluster, namespace: s.key.namespace, scaleSet: s.key.name };
    return [
      {
        ruleId: r.ruleId,
        severity: r.severity,
        subject,
        title: r.title,
        explanation: `${s.key.name}: ${r.title.toLowerCase()}.`,
        evidence: [{ observation: r.title, source: `AutoscalingRunnerSet ${s.key.namespace}/${s.key.name}`, at: now }],
        runbook: [{ action: "Inspect the runners", command: `kubectl -n ${s.key.namespace} get ephemeralrunners -l actions.github.com/scale-set-name=${s.key.name}`, tellsYou: "which runners fail and how" }],
        confidence: "high",
        firstSeen: iso(fleet.now.getTime() - 20 * MIN),
        lastSeen: now,
        fingerprint: fingerprint(r.ruleId, subject),
      },
    ];
  });
  return { findings, notEvaluated: [], evaluatedAt: now };
}

/** Listener health entries per set (all fresh). */
export function listenerSources(fleet: Fleet): SourceHealth[] {
  return fleet.sets.map((s) => ({ id: `listener:${s.key.cluster}/${s.key.namespace}/${s.key.name}`, kind: "listener", label: `Listener ${s.key.name}`, state: "ok", lastSuccess: fleet.now.toISOString() }));
}
