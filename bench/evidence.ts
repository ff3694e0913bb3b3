/**
 * When a fault first becomes visible in the Kubernetes API, per scale set: the first Warning event, failed or
 * failing EphemeralRunner, runner pod in a bad state, or runner container that ended. Pure over one watch event,
 * so the diagnosis benchmark can stamp the wall-clock time it saw each.
 */
import type { RuleId } from "@/lib/simulator/scenarios/types";
import type { KubeObject } from "@/lib/simulator/kube/types";
import { LABEL } from "@/lib/model/arc-labels";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.flatMap((x) => (obj(x) ? [x as Json] : [])) : []);

const BAD_WAITING = new Set(["ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError", "InvalidImageName"]);

/** Rules about runner pods and EphemeralRunners: the ones the ≤ 5 s target is stated for. */
export const POD_LEVEL_RULES: ReadonlySet<RuleId> = new Set<RuleId>([
  "runner-jit-config-empty",
  "runner-command-dropped",
  "runner-entrypoint-missing",
  "runner-image-wrong-arch",
  "runner-failure-loop",
  "pod-create-rejected",
  "resource-quota-exceeded",
  "pods-unschedulable",
  "image-pull-failure",
  "runner-oom-killed",
  "runner-evicted",
  "workflow-pod-failed",
  "runner-lost-communication",
  "dind-not-ready",
]);

/** Scale set an object belongs to (label), if any. */
export function scaleSetOf(o: KubeObject): string | undefined {
  return o.metadata.labels?.[LABEL.scaleSetName];
}

/** Whether this state of a pod or EphemeralRunner shows something wrong or a runner container that ended. */
export function showsFault(kind: "pod" | "ephemeralrunner" | "event", o: KubeObject): boolean {
  const status = obj(o.status) ?? {};
  if (kind === "event") return o.type === "Warning";
  if (kind === "ephemeralrunner") {
    if (status.phase === "Failed") return true;
    const failures = obj(status.failures);
    return Boolean(failures && Object.keys(failures).length > 0) || (typeof status.reason === "string" && status.reason !== "");
  }
  if (status.phase === "Failed" || status.reason === "Evicted") return true;
  for (const c of [...arr(status.containerStatuses), ...arr(status.initContainerStatuses)]) {
    const state = obj(c.state) ?? {};
    if (obj(state.terminated) && c.name === "runner") return true;
    const t = obj(state.terminated);
    if (t && typeof t.exitCode === "number" && t.exitCode !== 0) return true;
    const w = obj(state.waiting);
    if (w && typeof w.reason === "string" && BAD_WAITING.has(w.reason)) return true;
  }
  return arr(status.conditions).some((c) => c.type === "PodScheduled" && c.status === "False");
}
