import type { LogRecord, RunnerLife, RunnerOutcome, RunnerState } from "@/lib/model";
import { num, obj, str } from "@/lib/sources/kubernetes/normalize/loose";
import { runnerSetFromRunnerName, scaleSetFromRunnerName } from "@/lib/sources/kubernetes/normalize/names";

/**
 * Runner lives reconstructed from what a paste shows: controller lifecycle log lines
 * (arc-model §3.2), listener job-info lines, and runner pods/EphemeralRunners with their
 * container states. One life per runner name.
 */

interface Draft {
  name: string;
  namespace: string;
  cluster: string;
  uid?: string;
  createdAt?: string;
  scheduledAt?: string;
  startedAt?: string;
  readyAt?: string;
  jobAssignedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  outcome?: RunnerOutcome;
  reason?: string;
  message?: string;
  failureCount: number;
  command?: string[];
  image?: string;
  nodeName?: string;
  job?: RunnerLife["job"];
  phases: { phase: string; at: string }[];
  hadJob: boolean;
}

/** Runner name a log record is about: `ephemeralrunner` key (string `ns/name` or object), podName, runnerName. */
export function runnerNameOf(rec: LogRecord): { name?: string; namespace?: string } {
  const f = rec.fields;
  const er = f.ephemeralrunner ?? f.EphemeralRunner;
  if (typeof er === "string") {
    const [a, b] = er.split("/");
    return b ? { namespace: a, name: b } : { name: a };
  }
  const o = obj(er);
  const name = str(o.name) ?? str(f.podName) ?? str(f.runnerName) ?? (rec.logger === "EphemeralRunner" ? str(f.name) : undefined);
  return { name, namespace: str(o.namespace) ?? str(f.namespace) };
}

const earliest = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a < b ? a : b);

/** `observedAt` stands in for the creation time of runners the paste shows without any time (they existed then). */
export function buildRunnerLives(logs: LogRecord[], runners: RunnerState[], cluster: string, observedAt: string): RunnerLife[] {
  const drafts = new Map<string, Draft>();
  const draft = (name: string, namespace = ""): Draft => {
    let d = drafts.get(name);
    if (!d) {
      d = { name, namespace, cluster, failureCount: 0, phases: [], hadJob: false };
      drafts.set(name, d);
    }
    if (!d.namespace && namespace) d.namespace = namespace;
    return d;
  };

  for (const rec of logs) {
    if (rec.origin !== "controller" && rec.origin !== "listener") continue;
    const msg = rec.message;
    const at = rec.time;
    if (rec.origin === "listener") {
      if (msg.startsWith("Updating job info for the runner")) {
        const name = str(rec.fields.runnerName);
        if (!name) continue;
        const d = draft(name);
        d.hadJob = true;
        d.jobAssignedAt = earliest(d.jobAssignedAt, at);
        d.job = {
          jobId: str(rec.fields.jobId),
          jobRequestId: num(rec.fields.requestId),
          repository: rec.fields.ownerName && rec.fields.repoName ? `${str(rec.fields.ownerName)}/${str(rec.fields.repoName)}` : undefined,
          workflowRef: str(rec.fields.workflowRef),
          workflowRunId: num(rec.fields.workflowRunId),
          displayName: str(rec.fields.jobDisplayName),
        };
      }
      continue;
    }
    const { name, namespace } = runnerNameOf(rec);
    if (!name || !scaleSetFromRunnerName(name)) continue;
    const d = draft(name, namespace);
    const phase = (p: string) => {
      if (at) d.phases.push({ phase: p, at });
    };
    if (msg.startsWith("Created ephemeral runner pod") || msg.startsWith("Created ephemeral runner secret") || msg.startsWith("Created ephemeral runner JIT config")) {
      d.createdAt = earliest(d.createdAt, at);
      if (msg.startsWith("Created ephemeral runner pod")) phase("Pending");
    } else if (/container is still running/.test(msg)) {
      d.startedAt = earliest(d.startedAt, at);
      if (d.phases[d.phases.length - 1]?.phase !== "Running") phase("Running");
    } else if (msg.startsWith("Updating ephemeral runner status to Failed")) {
      d.outcome = d.outcome ?? "pod-rejected";
      d.finishedAt = d.finishedAt ?? at;
      phase("Failed");
    } else if (msg.startsWith("Updating ephemeral runner status to Outdated")) {
      d.outcome = "outdated";
      d.finishedAt = d.finishedAt ?? at;
      phase("Outdated");
    } else if (msg.startsWith("Updating ephemeral runner status")) {
      const p = str(rec.fields.statusPhase);
      if (p) phase(p);
      if (p === "Running") d.startedAt = earliest(d.startedAt, at);
    } else if (msg.startsWith("Ephemeral runner has finished successfully")) {
      d.exitCode = num(rec.fields.exitCode) ?? 0;
      d.finishedAt = at ?? d.finishedAt;
      d.outcome = "succeeded"; // refined below once job evidence is known
      phase("Succeeded");
    } else if (msg.startsWith("Ephemeral runner container failed")) {
      d.exitCode = num(rec.fields.exitCode);
      d.finishedAt = at ?? d.finishedAt;
      d.outcome = "failed";
      d.failureCount++;
      phase("Failed");
    } else if (msg.startsWith("Pod is in failed phase")) {
      const reason = str(rec.fields.podReason);
      if (reason === "Evicted") d.outcome = "evicted";
      d.reason = reason ?? d.reason;
      d.message = str(rec.fields.podMessage) ?? d.message;
    } else if (msg.startsWith("Failed to create the pod") || /Failed to create (?:the )?pod/.test(str(rec.fields.error) ?? "")) {
      d.outcome = "pod-rejected";
      d.message = str(rec.fields.error) ?? msg;
    }
  }

  for (const r of runners) {
    const d = draft(r.name, r.namespace);
    d.uid = d.uid ?? (r.uid || r.pod?.uid || undefined);
    if (r.createdAt && !r.createdAt.startsWith("1970")) d.createdAt = earliest(d.createdAt, r.createdAt);
    d.failureCount = Math.max(d.failureCount, r.failureCount);
    if (r.job) {
      d.hadJob = true;
      d.job = d.job ?? r.job;
    }
    if (r.phase === "Failed" && r.reason === "InvalidPod") d.outcome = "pod-rejected";
    if (r.phase === "Outdated") d.outcome = "outdated";
    d.reason = r.reason ?? d.reason;
    d.message = r.message ?? d.message;
    if (r.deletionTimestamp && !d.outcome) d.outcome = "deleted";
    const pod = r.pod;
    if (!pod) continue;
    if (pod.createdAt && !pod.createdAt.startsWith("1970")) d.createdAt = earliest(d.createdAt, pod.createdAt);
    d.scheduledAt = d.scheduledAt ?? pod.scheduledAt;
    d.readyAt = d.readyAt ?? pod.readyAt;
    d.nodeName = d.nodeName ?? pod.nodeName;
    const spec = pod.containers.find((c) => c.name === "runner") ?? pod.containers[0];
    if (spec) {
      d.command = d.command ?? spec.command;
      d.image = d.image || spec.image || undefined;
    }
    const st = pod.containerStatuses.find((c) => c.name === "runner") ?? pod.containerStatuses[0];
    if (st) {
      d.startedAt = earliest(d.startedAt, st.startedAt ?? pod.startedAt);
      if (st.state === "terminated") {
        d.finishedAt = d.finishedAt ?? st.finishedAt;
        d.exitCode = d.exitCode ?? st.exitCode;
        if (st.reason === "OOMKilled") d.outcome = "oom-killed";
        else if (!d.outcome || d.outcome === "succeeded") d.outcome = (st.exitCode ?? 0) === 0 ? "succeeded" : "failed";
      }
    }
    if (pod.reason === "Evicted") d.outcome = "evicted";
    if (pod.initContainerStatuses.some((c) => c.state === "terminated" && (c.exitCode ?? 0) !== 0)) d.outcome = d.outcome ?? "failed";
  }

  const lives: RunnerLife[] = [];
  for (const d of drafts.values()) {
    let outcome: RunnerOutcome = d.outcome ?? "running";
    // exit 0 without any job evidence: the runner never took a job
    if (outcome === "succeeded" && !d.hadJob) outcome = "no-job-exit";
    const createdAt = d.createdAt ?? d.startedAt ?? d.finishedAt ?? d.phases[0]?.at ?? observedAt;
    const life: RunnerLife = {
      cluster: d.cluster,
      namespace: d.namespace,
      scaleSet: scaleSetFromRunnerName(d.name) ?? "",
      ephemeralRunnerSet: runnerSetFromRunnerName(d.name) ?? "",
      name: d.name,
      uid: d.uid ?? `paste:${d.namespace}/${d.name}`,
      createdAt,
      outcome,
      failureCount: d.failureCount,
      phases: d.phases,
    };
    const opt: Partial<RunnerLife> = {
      scheduledAt: d.scheduledAt,
      startedAt: d.startedAt,
      readyAt: d.readyAt,
      jobAssignedAt: d.jobAssignedAt,
      finishedAt: d.finishedAt,
      exitCode: d.exitCode,
      reason: d.reason,
      message: d.message,
      command: d.command,
      image: d.image,
      nodeName: d.nodeName,
      job: d.job ? (Object.fromEntries(Object.entries(d.job).filter(([, v]) => v !== undefined)) as RunnerLife["job"]) : undefined,
    };
    for (const [k, v] of Object.entries(opt)) if (v !== undefined) (life as unknown as Record<string, unknown>)[k] = v;
    lives.push(life);
  }
  return lives.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
