import type { FleetSnapshot, RunnerJob, RunnerLife, RunnerState } from "@/lib/model";
import { inWindow, secondsBetween } from "./time";
import { groupLives, type ScaleSetRef } from "./group";
import { freeze, memo } from "./index";

/** "Has job" per ARC: jobId non-empty (0.13+), else jobRequestId > 0. */
export function hasJob(job: RunnerJob | undefined): boolean {
  return !!job && (!!job.jobId || (job.jobRequestId ?? 0) > 0);
}

/** How long the runner container ran (start → finish), falling back to creation → finish/deletion. */
export function lifeSeconds(life: RunnerLife): number | undefined {
  const end = life.finishedAt ?? life.deletedAt;
  return secondsBetween(life.startedAt ?? life.createdAt, end);
}

/** Lives created inside the snapshot window (up to now). Shared within a round: do not mutate. */
export function recentLives(snapshot: FleetSnapshot, now: Date): readonly RunnerLife[] {
  return memo(snapshot, `recentLives@${now.getTime()}`, () => freeze(snapshot.runnerHistory.filter((l) => inWindow(l.createdAt, snapshot.windowStart, now))));
}

/** Lives that have ended (anything but running). */
export function endedLives(lives: readonly RunnerLife[]): RunnerLife[] {
  return lives.filter((l) => l.outcome !== "running");
}

/**
 * The signature of a runner that never worked: exited 0 without ever taking a job, within `maxSeconds`.
 * The runner container almost always exits 0 (run-helper maps codes), so exit 0 alone proves nothing.
 */
export function isQuickNoJobExit(life: RunnerLife, maxSeconds: number): boolean {
  if (hasJob(life.job) || life.jobAssignedAt) return false;
  if (life.outcome !== "no-job-exit" && !(life.outcome === "succeeded" && life.exitCode === 0)) return false;
  if (life.exitCode !== undefined && life.exitCode !== 0) return false;
  const s = lifeSeconds(life);
  // Measured from creation (no start time) the figure includes scheduling and image pull: allow twice as long.
  return s !== undefined && s <= (life.startedAt ? maxSeconds : maxSeconds * 2);
}

/**
 * True when a container runs the runner entrypoint (`…/run.sh`) via `command`, or via `args` when `command` is unset
 * (args then replace the actions-runner image's default CMD).
 */
export function runsRunSh(command: readonly string[] | undefined, args?: readonly string[]): boolean {
  const argv = command ?? args;
  return !!argv && argv.some((c) => /(^|\/)run\.sh(\s|$)/.test(c));
}

/** The runner container's command on a current runner's pod, if the pod spec is known. */
export function runnerPodCommand(runner: RunnerState): { known: boolean; command?: string[]; args?: string[] } {
  const c = runner.pod?.containers.find((x) => x.name === "runner");
  return c ? { known: true, command: c.command, args: c.args } : { known: false };
}

/** A noticeable share: at least `min` items and at least `ratio` of the total. */
export function isSignificant(n: number, total: number, min = 3, ratio = 0.5): boolean {
  return n >= min && total > 0 && n / total >= ratio;
}

/** Per scale set: its recent ended lives and the ones that exited 0 without a job within `maxSeconds`. */
export interface QuickExitGroup {
  ref: ScaleSetRef;
  ended: RunnerLife[];
  quick: RunnerLife[];
}

export function quickExitGroups(snapshot: FleetSnapshot, now: Date, maxSeconds: number): QuickExitGroup[] {
  return [...groupLives(endedLives(recentLives(snapshot, now))).values()].map(({ ref, items }) => ({
    ref,
    ended: items,
    quick: items.filter((l) => isQuickNoJobExit(l, maxSeconds)),
  }));
}
