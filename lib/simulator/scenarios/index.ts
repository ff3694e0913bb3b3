import { burst } from "./burst";
import { commandDropped } from "./command-dropped";
import { emptyJitSecret } from "./empty-jit-secret";
import { healthy } from "./healthy";
import { invalidPodVolume } from "./invalid-pod-volume";
import { listenerImagePull403 } from "./listener-image-pull-403";
import { listenerRateLimited } from "./listener-rate-limited";
import { oomEvictedLost } from "./oom-evicted-lost";
import { rolloverDeadlock } from "./rollover-deadlock";
import { runnerGroupDenied } from "./runner-group-denied";
import { unmatchedLabels } from "./unmatched-labels";
import { workflowPodFailed } from "./workflow-pod-failed";
import { zombies } from "./zombies";
import type { Scenario } from "./types";

export * from "./types";

/** Every scenario, in the order the default simulation splits them across clusters. */
export const SCENARIOS: readonly Scenario[] = [
  healthy,
  burst,
  emptyJitSecret,
  unmatchedLabels,
  runnerGroupDenied,
  commandDropped,
  invalidPodVolume,
  workflowPodFailed,
  listenerRateLimited,
  listenerImagePull403,
  oomEvictedLost,
  zombies,
  rolloverDeadlock,
];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
