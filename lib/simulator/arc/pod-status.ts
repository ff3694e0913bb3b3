/**
 * Pod status transitions the way kubelet and the scheduler write them: PodScheduled, Initialized,
 * ContainersReady, Ready conditions; container states waiting → running → terminated.
 */
import type { KubeObject } from "@/lib/simulator/kube/types";
import type { Json } from "./resources";

type Cond = { type: string; status: "True" | "False"; lastTransitionTime: string; reason?: string; message?: string; lastProbeTime: null };

function status(pod: KubeObject): Json {
  if (typeof pod.status !== "object" || pod.status === null) pod.status = {};
  return pod.status as Json;
}

function setCondition(pod: KubeObject, c: Omit<Cond, "lastProbeTime">): void {
  const st = status(pod);
  const list = (Array.isArray(st.conditions) ? st.conditions : []) as Cond[];
  const at = list.findIndex((x) => x.type === c.type);
  const next: Cond = { ...c, lastProbeTime: null };
  if (at >= 0) {
    if (list[at]?.status === c.status && list[at]?.reason === c.reason) return;
    list[at] = next;
  } else list.push(next);
  st.conditions = list;
}

function containerNames(pod: KubeObject, key: "containers" | "initContainers"): { name: string; image: string }[] {
  const spec = pod.spec as Json | undefined;
  const list = (spec?.[key] ?? []) as Json[];
  return list.map((c) => ({ name: String(c.name), image: String(c.image) }));
}

export function markUnschedulable(pod: KubeObject, at: string, message: string): void {
  setCondition(pod, { type: "PodScheduled", status: "False", reason: "Unschedulable", message, lastTransitionTime: at });
}

export function markScheduled(pod: KubeObject, at: string, node: string): void {
  (pod.spec as Json).nodeName = node;
  setCondition(pod, { type: "PodScheduled", status: "True", lastTransitionTime: at });
  const st = status(pod);
  st.hostIP = "10.0.3.17";
  st.startTime = at;
  st.containerStatuses = containerNames(pod, "containers").map((c) => ({
    name: c.name,
    image: c.image,
    imageID: "",
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason: "ContainerCreating" } },
    lastState: {},
  }));
  setCondition(pod, { type: "Initialized", status: "True", lastTransitionTime: at });
  setCondition(pod, { type: "Ready", status: "False", reason: "ContainersNotReady", message: "containers with unready status: [runner]", lastTransitionTime: at });
}

/** Containers started; `ready` decides the Ready condition. Init containers (dind) shown as completed/running. */
export function markRunning(pod: KubeObject, at: string, ready: boolean, podIp: string): void {
  const st = status(pod);
  st.phase = "Running";
  st.podIP = podIp;
  st.podIPs = [{ ip: podIp }];
  const inits = containerNames(pod, "initContainers");
  if (inits.length) {
    st.initContainerStatuses = inits.map((c) =>
      c.name === "dind"
        ? { name: c.name, image: c.image, imageID: "", ready: true, restartCount: 0, started: true, state: { running: { startedAt: at } }, lastState: {} }
        : { name: c.name, image: c.image, imageID: "", ready: true, restartCount: 0, started: false, state: { terminated: { exitCode: 0, reason: "Completed", startedAt: at, finishedAt: at } }, lastState: {} },
    );
  }
  st.containerStatuses = containerNames(pod, "containers").map((c) => ({
    name: c.name,
    image: c.image,
    imageID: `${c.image.split(":")[0]}@sha256:3c1cbbd4e7d6c1b5f1b3c8c2a7f1d8e0a4b6c9d2e5f8a1b4c7d0e3f6a9b2c5d8`,
    containerID: `containerd://${podIp.replace(/\./g, "")}a1b2c3`,
    ready,
    restartCount: 0,
    started: true,
    state: { running: { startedAt: at } },
    lastState: {},
  }));
  setCondition(pod, { type: "ContainersReady", status: ready ? "True" : "False", lastTransitionTime: at, ...(ready ? {} : { reason: "ContainersNotReady", message: "containers with unready status: [runner]" }) });
  setCondition(pod, { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: at, ...(ready ? {} : { reason: "ContainersNotReady", message: "containers with unready status: [runner]" }) });
}

export function markReady(pod: KubeObject, at: string): void {
  const st = status(pod);
  for (const c of (st.containerStatuses ?? []) as Json[]) c.ready = true;
  setCondition(pod, { type: "ContainersReady", status: "True", lastTransitionTime: at });
  setCondition(pod, { type: "Ready", status: "True", lastTransitionTime: at });
}

/** Container `name` terminated; pod phase follows (restartPolicy Never). */
export function markTerminated(
  pod: KubeObject,
  at: string,
  container: string,
  exitCode: number,
  reason: string,
  pod_: { phase: "Succeeded" | "Failed"; reason?: string; message?: string },
): void {
  const st = status(pod);
  const statuses = (st.containerStatuses ?? []) as Json[];
  for (const c of statuses) {
    if (c.name !== container) continue;
    const running = (c.state as Json | undefined)?.running as Json | undefined;
    c.state = { terminated: { exitCode, reason, startedAt: running?.startedAt ?? at, finishedAt: at, containerID: c.containerID } };
    c.ready = false;
    c.started = false;
  }
  st.phase = pod_.phase;
  if (pod_.reason) st.reason = pod_.reason;
  if (pod_.message) st.message = pod_.message;
  setCondition(pod, { type: "ContainersReady", status: "False", reason: pod_.phase === "Succeeded" ? "PodCompleted" : "PodFailed", lastTransitionTime: at });
  setCondition(pod, { type: "Ready", status: "False", reason: pod_.phase === "Succeeded" ? "PodCompleted" : "PodFailed", lastTransitionTime: at });
}

export function markWaiting(pod: KubeObject, container: string, reason: string, message: string): void {
  const st = status(pod);
  for (const c of (st.containerStatuses ?? []) as Json[]) if (c.name === container) c.state = { waiting: { reason, message } };
}
