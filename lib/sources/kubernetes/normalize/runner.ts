import type { PodState, RunnerJob, RunnerPhase, RunnerState } from "@/lib/model";
import { LABEL } from "@/lib/model/arc-labels";
import { compact, iso, meta, num, obj, str, text } from "./loose";
import { runnerSetFromRunnerName, scaleSetFromRunnerName } from "./names";
import { toPodState } from "./pod";

const RUNNER_PHASES = new Set(["", "Pending", "Running", "Succeeded", "Failed", "Outdated"]);

/**
 * `status.failures`: ≤0.11 `{podUID: true}`, 0.12+ `{podUID: RFC3339}`. Returns the count and
 * the parsable times, oldest first.
 */
export function parseFailures(failures: unknown): { count: number; times: string[] } {
  const entries = Object.values(obj(failures));
  const times = entries.flatMap((v) => iso(v) ?? []).sort();
  return { count: entries.length, times };
}

/** "Has job" per arc-model: `jobId` non-empty (0.13+), else `jobRequestId > 0`. */
export function hasJob(status: unknown): boolean {
  const s = obj(status);
  const jobId = str(s.jobId);
  if (jobId !== undefined && jobId !== "") return true;
  return (num(s.jobRequestId) ?? 0) > 0;
}

export function toRunnerJob(status: unknown): RunnerJob | undefined {
  const s = obj(status);
  if (!hasJob(s) && !str(s.jobRepositoryName) && !str(s.jobDisplayName)) return undefined;
  return compact({
    jobId: str(s.jobId) || undefined,
    jobRequestId: num(s.jobRequestId) || undefined,
    repository: str(s.jobRepositoryName),
    workflowRef: str(s.jobWorkflowRef),
    workflowRunId: num(s.workflowRunId),
    displayName: str(s.jobDisplayName),
  });
}

/** EphemeralRunner (+ its pod if known) → RunnerState. Never copies `runnerJITConfig`. */
export function toRunnerState(er: unknown, pod: unknown, cluster: string): RunnerState {
  const m = meta(er);
  const status = obj(obj(er).status);
  const phase = str(status.phase) ?? "";
  const failures = parseFailures(status.failures);
  const owner = m.ownerReferences.find((r) => r.kind === "EphemeralRunnerSet")?.name;
  const podState: PodState | undefined = pod === undefined ? undefined : toPodState(pod, cluster);
  return compact({
    cluster,
    namespace: m.namespace,
    name: m.name,
    scaleSet: m.labels[LABEL.scaleSetName] ?? scaleSetFromRunnerName(m.name) ?? "",
    ephemeralRunnerSet: owner ?? runnerSetFromRunnerName(m.name) ?? "",
    uid: m.uid,
    createdAt: m.createdAt,
    phase: RUNNER_PHASES.has(phase) ? (phase as RunnerPhase) : "",
    ready: typeof status.ready === "boolean" ? status.ready : undefined,
    reason: str(status.reason),
    message: text(status.message),
    runnerId: num(status.runnerId),
    failureCount: failures.count,
    failureTimes: failures.times,
    job: toRunnerJob(status),
    finalizers: m.finalizers,
    deletionTimestamp: m.deletionTimestamp,
    pod: podState,
  });
}
