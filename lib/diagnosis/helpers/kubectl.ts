import type { FleetSnapshot } from "@/lib/model";
import { LABEL } from "@/lib/model/arc-labels";

/** Where a kubectl command runs. Unknown cluster ⇒ no `--context`; unknown namespace ⇒ `<namespace>` placeholder. */
export interface KubeTarget {
  cluster?: string;
  namespace?: string;
}

/** `kubectl [--context c] -n ns <args>`; `allNamespaces` gives `-A`, `clusterScoped` (nodes…) no namespace. */
export function kubectl(target: KubeTarget, args: string, opts: { allNamespaces?: boolean; clusterScoped?: boolean } = {}): string {
  const parts = ["kubectl"];
  if (target.cluster) parts.push(`--context ${target.cluster}`);
  if (opts.allNamespaces) parts.push("-A");
  else if (!opts.clusterScoped) parts.push(`-n ${target.namespace || "<namespace>"}`);
  parts.push(args);
  return parts.join(" ");
}

/** Label selector for the runners of a scale set (works for ephemeralrunners and pods). */
export function runnerSelector(scaleSet: string): string {
  return `${LABEL.scaleSetName}=${scaleSet},${LABEL.component}=runner`;
}

/** `kubectl get ephemeralrunners -l …scale-set-name=<set>` with wide-ish columns. */
export function getRunnersCmd(target: KubeTarget, scaleSet: string, extra = ""): string {
  return kubectl(target, `get ephemeralrunners -l ${LABEL.scaleSetName}=${scaleSet}${extra ? ` ${extra}` : ""}`);
}

export function describeCmd(target: KubeTarget, kind: string, name: string): string {
  return kubectl(target, `describe ${kind} ${name}`);
}

export function getYamlCmd(target: KubeTarget, kind: string, name: string): string {
  return kubectl(target, `get ${kind} ${name} -o yaml`);
}

/** `kubectl logs <pod> [-c container] [--previous] [--tail N]`. */
export function logsCmd(target: KubeTarget, pod: string, opts: { container?: string; previous?: boolean; tail?: number } = {}): string {
  const bits = [`logs ${pod}`];
  if (opts.container) bits.push(`-c ${opts.container}`);
  if (opts.previous) bits.push("--previous");
  if (opts.tail) bits.push(`--tail ${opts.tail}`);
  return kubectl(target, bits.join(" "));
}

/** Events about one object, newest last. */
export function eventsForCmd(target: KubeTarget, name: string): string {
  return kubectl(target, `get events --field-selector involvedObject.name=${name} --sort-by=.lastTimestamp`);
}

/**
 * Controller logs filtered by a message fragment. Uses the controller pod when known, else the chart's default
 * deployment name (release `arc`).
 */
export function controllerLogsCmd(target: KubeTarget, grep: string, controllerPod?: string): string {
  return `${kubectl(target, `logs ${controllerPod ?? "deploy/arc-gha-rs-controller"} --since=30m`)} | grep '${grep.replace(/'/g, "'\\''")}'`;
}

/** The jsonpath expression printing one pod's runner container command. */
export function runnerCommandJsonpath(): string {
  return `-o jsonpath='{.spec.containers[?(@.name=="runner")].command}'`;
}

/** `gh api repos/<o>/<r>/actions/jobs/<id>`. */
export function ghJobCmd(repository: string, jobId: number | string): string {
  return `gh api repos/${repository}/actions/jobs/${jobId}`;
}

/** Name of the ARC controller pod of a cluster, when the snapshot has it. */
export function controllerPodName(snapshot: Pick<FleetSnapshot, "pods">, cluster: string | undefined): string | undefined {
  return snapshot.pods.find((p) => p.role === "controller" && (!cluster || !p.cluster || p.cluster === cluster))?.name;
}

/** The ARC controller namespace of a cluster (where listeners live), if known. */
export function controllerNamespaceOf(snapshot: FleetSnapshot, cluster: string | undefined): string | undefined {
  const info = snapshot.clusters.find((c) => c.name === cluster) ?? (snapshot.clusters.length === 1 ? snapshot.clusters[0] : undefined);
  if (info?.controllerNamespace) return info.controllerNamespace;
  const pod = snapshot.pods.find((p) => (p.role === "controller" || p.role === "listener") && (!cluster || !p.cluster || p.cluster === cluster));
  return pod?.namespace;
}

/** `kubectl` target for the controller namespace; a named placeholder when it is unknown. */
export function controllerTarget(snapshot: FleetSnapshot, cluster: string | undefined): { cluster?: string; namespace: string } {
  return { cluster, namespace: controllerNamespaceOf(snapshot, cluster) ?? "<controller-namespace>" };
}
