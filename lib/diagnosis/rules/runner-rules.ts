import type { Rule } from "../rule";
import { rule as runnerCommandDropped } from "./runner-command-dropped";
import { rule as runnerJitConfigEmpty } from "./runner-jit-config-empty";
import { rule as runnerEntrypointMissing } from "./runner-entrypoint-missing";
import { rule as runnerImageWrongArch } from "./runner-image-wrong-arch";
import { rule as podCreateRejected } from "./pod-create-rejected";
import { rule as resourceQuotaExceeded } from "./resource-quota-exceeded";
import { rule as imagePullFailure } from "./image-pull-failure";
import { rule as podsUnschedulable } from "./pods-unschedulable";
import { rule as runnerRegistrationNotFound } from "./runner-registration-not-found";
import { rule as runnerOomKilled } from "./runner-oom-killed";
import { rule as runnerEvicted } from "./runner-evicted";
import { rule as dindNotReady } from "./dind-not-ready";
import { rule as workflowPodFailed } from "./workflow-pod-failed";
import { rule as runnerLostCommunication } from "./runner-lost-communication";
import { rule as runnerFailureLoop } from "./runner-failure-loop";
import { rule as runnerSlowStartup } from "./runner-slow-startup";

/** Runner-level rules (B1), registered explicitly in rank order (no directory scanning). */
export const runnerRules: Rule[] = [
  runnerCommandDropped,
  runnerJitConfigEmpty,
  runnerEntrypointMissing,
  runnerImageWrongArch,
  podCreateRejected,
  resourceQuotaExceeded,
  imagePullFailure,
  podsUnschedulable,
  runnerRegistrationNotFound,
  runnerOomKilled,
  runnerEvicted,
  dindNotReady,
  workflowPodFailed,
  runnerLostCommunication,
  runnerFailureLoop,
  runnerSlowStartup,
];
