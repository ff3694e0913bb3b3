import type { LogRecord } from "@/lib/model";

/**
 * Lines worth keeping as diagnosis evidence (arc-model.md §2.2, §3.2): warnings and errors, plus ARC lifecycle
 * messages that explain failures even at info level. Everything else is dropped to keep the store bounded.
 */
const KNOWN = [
  // per-runner lifecycle: lets rules time a runner from secret creation to exit
  "Created ephemeral runner JIT config",
  "Created ephemeral runner secret",
  "Created ephemeral runner pod",
  "Autoscaling runner set version doesn't match the build version",
  "Application returned an error",
  "Unable to create message session",
  "Ephemeral runner container failed",
  "Pod is in failed phase",
  "Pod has a failed init container",
  "Backing off the next reconciliation",
  "has failed more than 5 times",
  "Updating ephemeral runner status to Failed",
  "Updating ephemeral runner status to Outdated",
  "faulty entrypoint",
  "Resource quota is exceeded",
  "Runner job is still running",
  "Latest runner set spec hash does not match",
  "Ephemeral runner set is outdated",
  "Ephemeral runner has finished successfully",
  "Ephemeral runner not found, skipping patching",
  "Listener pod is terminated",
  "Listener pod is evicted",
  "Listener pod is not ready",
  "RunnerScaleSetListener is out of date",
  "version doesn't match the build version",
];

const RUNNER_NOTABLE = /error|fail|denied|forbidden|not found|not configured|exit|unauthori[sz]ed|rate limit|cannot|unable|docker|VssOAuth/i;

export function isNotableLog(rec: LogRecord): boolean {
  if (rec.level === "warn" || rec.level === "error" || rec.level === "fatal") return true;
  if (KNOWN.some((k) => rec.message.includes(k))) return true;
  return (rec.origin === "runner" || rec.origin === "workflow") && RUNNER_NOTABLE.test(rec.message);
}
