import type { FleetSnapshot, RunnerLife, RunnerState, ScaleSetState } from "@/lib/model";
import { forScaleSet, scaleSetOf } from "./group";
import { hasJob, recentLives } from "./lives";
import { ageSeconds, withinLast } from "./time";

/** A runner younger than this is still starting (scheduling, image pull, registration): not broken yet. */
const STARTING_GRACE_SECONDS = 60;
/** Recent lives looked at to tell a crash loop (runners that end without ever taking a job). */
const RECENT_LIVES_SECONDS = 600;
const MIN_NO_JOB_ENDINGS = 3;

/** Endings of a runner that held a slot and never ran a job (scale-down of an idle runner is not one). */
const NO_JOB_ENDINGS: ReadonlySet<RunnerLife["outcome"]> = new Set(["no-job-exit", "failed", "pod-rejected", "evicted", "oom-killed"]);

/** A current runner that holds a maxRunners slot but cannot take a job: Failed, or past start-up without a running pod. */
export function isBrokenSlot(runner: RunnerState, now: Date): boolean {
  if (runner.deletionTimestamp || hasJob(runner.job)) return false;
  if (runner.phase === "Failed") return true;
  if ((ageSeconds(runner.createdAt, now) ?? 0) < STARTING_GRACE_SECONDS) return false;
  const pod = runner.pod;
  if (!pod || pod.phase !== "Running") return true;
  const container = pod.containerStatuses.find((c) => c.name === "runner");
  return container !== undefined && container.state !== "running";
}

export interface SlotUse {
  /** Current runners (not being deleted). */
  runners: RunnerState[];
  /** Runners running a job. */
  busy: RunnerState[];
  /** Runners holding a slot without being able to work. */
  broken: RunnerState[];
  /** Recent lives that ended without a job, when they outnumber the ones that ran one (runners crash-looping). */
  noJobEndings: RunnerLife[];
}

/** How a scale set's runner slots are used: busy with jobs, or eaten by broken / crash-looping runners. */
export function slotUse(snapshot: FleetSnapshot, set: ScaleSetState, now: Date): SlotUse {
  const ref = scaleSetOf(set) ?? set;
  const runners = forScaleSet(snapshot.runners, ref, scaleSetOf).filter((r) => !r.deletionTimestamp);
  const ended = forScaleSet(recentLives(snapshot, now), ref, scaleSetOf).filter((l) => l.outcome !== "running" && withinLast(l.finishedAt ?? l.deletedAt, now, RECENT_LIVES_SECONDS));
  const noJob = ended.filter((l) => NO_JOB_ENDINGS.has(l.outcome) && !hasJob(l.job) && !l.jobAssignedAt);
  const ranJob = ended.filter((l) => hasJob(l.job) || l.jobAssignedAt);
  return {
    runners,
    busy: runners.filter((r) => hasJob(r.job)),
    broken: runners.filter((r) => isBrokenSlot(r, now)),
    noJobEndings: noJob.length >= MIN_NO_JOB_ENDINGS && noJob.length > ranJob.length ? noJob : [],
  };
}
