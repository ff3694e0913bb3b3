/**
 * The two pod subresources that are not plain objects: `pods/log` (kubelet log semantics:
 * container choice, sinceTime/sinceSeconds/tailLines/timestamps, follow until the container
 * stops) and `pods/proxy` (named ports resolved through the pod spec, answered by the model).
 */
import type { ServerResponse } from "node:http";
import type { VirtualClock } from "@/lib/simulator/clock";
import { formatLogTimestamp, type LogLine, type PodLogStore } from "./pod-logs";
import { RESOURCE } from "./resources";
import { sendFailure, sendStatus, sendText, startStream } from "./respond";
import { failureStatus, notFoundStatus } from "./status";
import type { KubeStoreImpl } from "./store";
import type { KubeObject, PodProxyHandler } from "./types";

interface ContainerSpec {
  name?: unknown;
  ports?: unknown;
}

function containersOf(pod: KubeObject, field: "containers" | "initContainers" | "ephemeralContainers"): ContainerSpec[] {
  const spec = pod.spec;
  if (typeof spec !== "object" || spec === null) return [];
  const list = (spec as Record<string, unknown>)[field];
  return Array.isArray(list) ? list.filter((c): c is ContainerSpec => typeof c === "object" && c !== null) : [];
}

function names(containers: ContainerSpec[]): string[] {
  return containers.map((c) => c.name).filter((n): n is string => typeof n === "string");
}

function containerTerminated(pod: KubeObject, container: string): boolean {
  const status = pod.status;
  if (typeof status !== "object" || status === null) return false;
  const rec = status as Record<string, unknown>;
  const all = [rec.containerStatuses, rec.initContainerStatuses].flatMap((l) => (Array.isArray(l) ? l : []));
  return all.some((cs: unknown) => {
    if (typeof cs !== "object" || cs === null) return false;
    const c = cs as { name?: unknown; state?: { terminated?: unknown } };
    return c.name === container && c.state?.terminated !== undefined && c.state.terminated !== null;
  });
}

export interface LogRequest {
  res: ServerResponse;
  query: URLSearchParams;
  store: KubeStoreImpl;
  logs: PodLogStore;
  clock: VirtualClock;
  namespace: string;
  pod: string;
  /** Open follow streams, so shutdown can end them. */
  open: Set<() => void>;
}

export function serveLogs(r: LogRequest): void {
  const { res, query } = r;
  const pod = r.store.getShared(RESOURCE.pods, r.namespace, r.pod);
  if (!pod) return sendStatus(res, notFoundStatus(RESOURCE.pods, r.pod));

  const regular = names(containersOf(pod, "containers"));
  const init = names(containersOf(pod, "initContainers"));
  const ephemeral = names(containersOf(pod, "ephemeralContainers"));
  const known = [...regular, ...init, ...ephemeral];
  let container = query.get("container") ?? "";
  if (!container) {
    const candidates = regular.length > 0 ? regular : r.logs.containers(r.namespace, r.pod);
    if (candidates.length === 1 && candidates[0]) container = candidates[0];
    else {
      const initPart = init.length > 0 ? ` or one of the init containers: [${init.join(" ")}]` : "";
      return sendFailure(res, 400, `a container name must be specified for pod ${r.pod}, choose one of: [${regular.join(" ")}]${initPart}`);
    }
  } else if (known.length > 0 && !known.includes(container)) {
    return sendFailure(res, 400, `container ${container} is not valid for pod ${r.pod}`);
  }

  let sinceMs: number | undefined;
  const sinceTime = query.get("sinceTime");
  const sinceSeconds = query.get("sinceSeconds");
  if (sinceTime && sinceSeconds) return sendFailure(res, 400, "at most one of sinceTime or sinceSeconds may be specified");
  if (sinceTime) {
    sinceMs = Date.parse(sinceTime);
    if (!Number.isFinite(sinceMs)) return sendFailure(res, 400, `invalid sinceTime ${JSON.stringify(sinceTime)}`);
  } else if (sinceSeconds) {
    const s = Number(sinceSeconds);
    if (!Number.isFinite(s) || s < 1) return sendFailure(res, 400, "sinceSeconds must be a positive integer");
    sinceMs = r.clock.nowMs() - s * 1000;
  }
  const tailRaw = query.get("tailLines");
  const tail = tailRaw === null ? undefined : Number(tailRaw);
  const tailLines = tail !== undefined && Number.isFinite(tail) && tail >= 0 ? tail : undefined;
  const timestamps = query.get("timestamps") === "true" || query.get("timestamps") === "1";
  const follow = query.get("follow") === "true" || query.get("follow") === "1";
  const format = (l: LogLine) => (timestamps ? `${formatLogTimestamp(l.atMs)} ${l.text}\n` : `${l.text}\n`);

  const existing = r.logs.read(r.namespace, r.pod, container, { sinceMs, tailLines });
  if (!follow || containerTerminated(pod, container)) {
    return sendText(res, 200, existing.map(format).join(""));
  }

  startStream(res, "text/plain");
  for (const l of existing) res.write(format(l));
  const stopLogs = r.logs.follow(r.namespace, r.pod, container, (l) => {
    if (!res.writableEnded && !res.destroyed) res.write(format(l));
  });
  // like the kubelet, a follow ends when the container stops or the pod goes away
  let stopPodWatch: (() => void) | undefined;
  const finish = () => {
    stopLogs();
    stopPodWatch?.();
    stopPodWatch = undefined;
    r.open.delete(finish);
    if (!res.writableEnded) res.end();
  };
  stopPodWatch = r.store.watch(RESOURCE.pods, r.namespace, r.store.resourceVersion(), (e) => {
    if (e.object.metadata.name !== r.pod) return;
    if (e.type === "DELETED" || containerTerminated(e.object, container)) setImmediate(finish);
  });
  r.open.add(finish);
  res.on("close", finish);
}

export interface ProxyRequest {
  res: ServerResponse;
  method: string;
  store: KubeStoreImpl;
  proxy: PodProxyHandler | undefined;
  namespace: string;
  /** `name`, `name:port` or `scheme:name:port`, as in the URL. */
  target: string;
  /** Path below `/proxy`, with a leading slash; the query string is not forwarded. */
  path: string;
}

/** Resolve a named port (`metrics`) to its containerPort through the pod's containers. */
export function resolvePodPort(pod: KubeObject, port: string): string | undefined {
  if (port === "" || /^\d+$/.test(port)) return port;
  for (const c of [...containersOf(pod, "containers"), ...containersOf(pod, "initContainers")]) {
    if (!Array.isArray(c.ports)) continue;
    for (const p of c.ports as unknown[]) {
      if (typeof p !== "object" || p === null) continue;
      const { name, containerPort } = p as { name?: unknown; containerPort?: unknown };
      if (name === port && typeof containerPort === "number") return String(containerPort);
    }
  }
  return undefined;
}

export function serveProxy(r: ProxyRequest): void {
  const { res } = r;
  const parts = r.target.split(":");
  const [podName = "", port = ""] = parts.length >= 3 ? parts.slice(1) : parts;
  if (r.method !== "GET" && r.method !== "HEAD") return sendFailure(res, 405, `the simulated proxy only supports GET, not ${r.method}`);
  const pod = r.store.getShared(RESOURCE.pods, r.namespace, podName);
  if (!pod) return sendStatus(res, notFoundStatus(RESOURCE.pods, podName));
  const resolved = resolvePodPort(pod, port);
  if (resolved === undefined) return sendStatus(res, failureStatus(503, `no endpoints available for pod "${podName}": port ${port} not found`, "ServiceUnavailable"));
  const answer = r.proxy?.(r.namespace, podName, resolved, r.path);
  if (!answer) return sendStatus(res, failureStatus(503, `no endpoints available for pod "${podName}"`, "ServiceUnavailable"));
  sendText(res, answer.status, answer.body, answer.contentType ?? "text/plain; charset=utf-8");
}
