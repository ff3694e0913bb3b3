import type { Rule } from "../rule";
import { rule as arcVersionMismatch } from "./arc-version-mismatch";
import { rule as githubAuthFailure } from "./github-auth-failure";
import { rule as githubNetworkError } from "./github-network-error";
import { rule as githubRateLimit } from "./github-rate-limit";
import { rule as githubRunnerOrphaned } from "./github-runner-orphaned";
import { rule as jobAtRisk } from "./job-at-risk";
import { rule as jobsInvisibleToListener } from "./jobs-invisible-to-listener";
import { rule as jobsRunnerGroupDenied } from "./jobs-runner-group-denied";
import { rule as jobsUnmatchedLabels } from "./jobs-unmatched-labels";
import { rule as listenerCrashLoop } from "./listener-crash-loop";
import { rule as listenerMissing } from "./listener-missing";
import { rule as listenerRolloverDeadlock } from "./listener-rollover-deadlock";
import { rule as listenerStatsStale } from "./listener-stats-stale";
import { rule as runnerIdleBeyondMin } from "./runner-idle-beyond-min";
import { rule as runnerSetStaleGeneration } from "./runner-set-stale-generation";
import { rule as scaleSetAtMax } from "./scale-set-at-max";
import { rule as scaleSetMinMaxInvalid } from "./scale-set-min-max-invalid";

/** B1b's queue, listener, GitHub, zombie and configuration rules, registered explicitly. */
export const queueAndControlPlaneRules: Rule[] = [
  jobsUnmatchedLabels,
  jobsRunnerGroupDenied,
  jobsInvisibleToListener,
  scaleSetAtMax,
  listenerMissing,
  listenerRolloverDeadlock,
  listenerStatsStale,
  listenerCrashLoop,
  githubRateLimit,
  githubAuthFailure,
  githubNetworkError,
  runnerIdleBeyondMin,
  githubRunnerOrphaned,
  jobAtRisk,
  runnerSetStaleGeneration,
  arcVersionMismatch,
  scaleSetMinMaxInvalid,
];
