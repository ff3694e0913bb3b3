import type { ContainerMode, ContainerSpecSummary, ContainerStatusSummary } from "@/lib/model";
import { arr, compact, iso, num, obj, str, strList, strRecord, text } from "./loose";

/** Trims a container spec. Env VALUES are never copied, only names. */
export function toContainerSpec(c: unknown): ContainerSpecSummary {
  const o = obj(c);
  const res = obj(o.resources);
  const requests = strRecord(res.requests);
  const limits = strRecord(res.limits);
  const resources =
    Object.keys(requests).length || Object.keys(limits).length
      ? compact({ requests: Object.keys(requests).length ? requests : undefined, limits: Object.keys(limits).length ? limits : undefined })
      : undefined;
  return compact({
    name: str(o.name) ?? "",
    image: str(o.image) ?? "",
    // null/absent command means the image's default CMD runs: keep it undefined, never []
    command: Array.isArray(o.command) ? strList(o.command) : undefined,
    args: Array.isArray(o.args) ? strList(o.args) : undefined,
    volumeMounts: arr(o.volumeMounts).flatMap((m) => str(obj(m).name) ?? []),
    envNames: arr(o.env).flatMap((e) => str(obj(e).name) ?? []),
    resources,
  });
}

/** Value of one env var used only to classify (never stored). */
function envValue(container: unknown, name: string): string | undefined {
  const e = arr(obj(container).env).find((x) => obj(x).name === name);
  return e === undefined ? undefined : (str(obj(e).value) ?? "");
}

/** Container mode of a pod template or pod spec (`{spec:{containers…}}` or the spec itself). */
export function containerMode(template: unknown): ContainerMode {
  const t = obj(template);
  const spec = t.containers !== undefined || t.initContainers !== undefined ? t : obj(t.spec);
  const all = [...arr(spec.containers), ...arr(spec.initContainers)];
  if (all.some((c) => obj(c).name === "dind")) return "dind";
  for (const c of all) {
    const hooks = envValue(c, "ACTIONS_RUNNER_CONTAINER_HOOKS");
    if (hooks === undefined) continue;
    if (hooks.includes("k8s-novolume") || envValue(c, "ACTIONS_RUNNER_IMAGE") !== undefined) return "kubernetes-novolume";
    return "kubernetes";
  }
  return "default";
}

/** The `runner` container (constant name in ARC), else the first container. */
export function runnerContainerOf(spec: unknown): unknown {
  const cs = arr(obj(spec).containers);
  return cs.find((c) => obj(c).name === "runner") ?? cs[0];
}

/** Pod template path of the container-hook extension, if configured (a file path, not a secret). */
export function hookTemplatePath(spec: unknown): string | undefined {
  for (const c of arr(obj(spec).containers)) {
    const v = envValue(c, "ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE");
    if (v !== undefined && /^\/[\w./-]+$/.test(v)) return v;
  }
  return undefined;
}

export function toContainerStatus(s: unknown): ContainerStatusSummary {
  const o = obj(s);
  const state = obj(o.state);
  const key = state.terminated ? "terminated" : state.waiting ? "waiting" : state.running ? "running" : "unknown";
  const detail = key === "unknown" ? {} : obj(state[key]);
  const last = obj(obj(o.lastState).terminated);
  return compact({
    name: str(o.name) ?? "",
    image: str(o.image) ?? "",
    ready: o.ready === true,
    restartCount: num(o.restartCount) ?? 0,
    state: key,
    reason: str(detail.reason),
    message: text(detail.message),
    exitCode: num(detail.exitCode),
    startedAt: iso(detail.startedAt),
    finishedAt: iso(detail.finishedAt),
    lastTerminated: Object.keys(last).length ? compact({ reason: str(last.reason), exitCode: num(last.exitCode), finishedAt: iso(last.finishedAt) }) : undefined,
  });
}
