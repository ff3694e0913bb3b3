import type { PodRole, PodState } from "@/lib/model";
import { COMPONENT, LABEL } from "@/lib/model/arc-labels";
import { toContainerSpec, toContainerStatus } from "./container";
import { arr, compact, iso, meta, obj, str, text } from "./loose";
import { isListenerName, isRunnerName, runnerPodFromWorkflowName, scaleSetFromListenerName, scaleSetFromRunnerName } from "./names";

const POD_PHASES = new Set(["Pending", "Running", "Succeeded", "Failed", "Unknown"]);

/** Role from ARC labels (arc-model §1.1), falling back to ARC naming for label-less pastes. */
export function podRole(labels: Record<string, string>, name = ""): PodRole {
  const component = labels[LABEL.component];
  if (labels[LABEL.runnerPod] !== undefined) return "workflow";
  if (component === COMPONENT.runner || labels[LABEL.ephemeralRunner] === "True") return "runner";
  if (component === COMPONENT.listener) return "listener";
  if (component === COMPONENT.controller || labels[LABEL.partOf] === "gha-rs-controller") return "controller";
  if (runnerPodFromWorkflowName(name)) return "workflow";
  if (isRunnerName(name)) return "runner";
  if (isListenerName(name)) return "listener";
  if (/controller/.test(name) && /gha-rs|actions-runner|arc/.test(name)) return "controller";
  return "other";
}

export function toPodState(pod: unknown, cluster: string): PodState {
  const m = meta(pod);
  const spec = obj(obj(pod).spec);
  const status = obj(obj(pod).status);
  const role = podRole(m.labels, m.name);
  const runnerPod = m.labels[LABEL.runnerPod] ?? (role === "workflow" ? runnerPodFromWorkflowName(m.name) : undefined);
  const conditions = arr(status.conditions).map((c) => {
    const o = obj(c);
    return compact({
      type: str(o.type) ?? "",
      status: str(o.status) ?? "",
      reason: str(o.reason),
      message: text(o.message),
      lastTransitionTime: iso(o.lastTransitionTime),
    });
  });
  const cond = (type: string) => conditions.find((c) => c.type === type && c.status === "True")?.lastTransitionTime;
  const phase = str(status.phase);
  return compact({
    cluster,
    namespace: m.namespace,
    name: m.name,
    uid: m.uid,
    role,
    scaleSet:
      m.labels[LABEL.scaleSetName] ??
      (role === "listener" ? scaleSetFromListenerName(m.name) : scaleSetFromRunnerName(runnerPod ?? m.name)),
    runnerPod,
    labels: m.labels,
    createdAt: m.createdAt,
    phase: phase && POD_PHASES.has(phase) ? (phase as PodState["phase"]) : "Unknown",
    reason: str(status.reason),
    message: text(status.message),
    nodeName: str(spec.nodeName),
    scheduledAt: cond("PodScheduled"),
    startedAt: iso(status.startTime),
    readyAt: cond("Ready"),
    deletionTimestamp: m.deletionTimestamp,
    conditions,
    containers: arr(spec.containers).map(toContainerSpec),
    initContainers: arr(spec.initContainers).map(toContainerSpec),
    containerStatuses: arr(status.containerStatuses).map(toContainerStatus),
    initContainerStatuses: arr(status.initContainerStatuses).map(toContainerStatus),
    volumes: arr(spec.volumes).flatMap((v) => str(obj(v).name) ?? []),
  });
}
