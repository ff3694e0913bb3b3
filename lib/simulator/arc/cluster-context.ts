/**
 * What every scale set of one simulated cluster shares: the clock, the object store, pod logs,
 * the controller's log, kubelet/scheduler events and GitHub.
 */
import type { VirtualClock } from "@/lib/simulator/clock";
import type { KubeStore, PodLogSink } from "@/lib/simulator/kube/types";
import type { GitHubSide } from "./github-side";
import type { KubeEvents } from "./kube-events";
import { controllerLine, type ArcGen } from "./log-lines";
import type { Rng } from "./random";
import { CONTROLLER_NS } from "./resources";

const LOG_GRACE_MS = 60_000;

export type ControllerKind = "AutoscalingRunnerSet" | "EphemeralRunnerSet" | "EphemeralRunner" | "AutoscalingListener";

export class ClusterContext {
  constructor(
    readonly name: string,
    readonly gen: ArcGen,
    readonly clock: VirtualClock,
    readonly store: KubeStore,
    readonly logs: PodLogSink,
    readonly rng: Rng,
    readonly events: KubeEvents,
    readonly github: GitHubSide,
    readonly controllerPod: string,
    readonly nodes: string[],
    private readonly forgetLogs?: (namespace: string, pod: string) => void,
  ) {}

  /** A deleted pod's logs stay readable for a grace period (collectors fetch them on the DELETED event), then go. */
  podDeleted(namespace: string, pod: string): void {
    const forget = this.forgetLogs;
    if (forget) this.clock.setTimeout(() => forget(namespace, pod), LOG_GRACE_MS);
  }

  /** One controller log line (container `manager` of the controller pod). */
  controllerLog(kind: ControllerKind, key: string, level: "debug" | "info" | "error", message: string, fields: Record<string, unknown> = {}): void {
    const at = this.clock.now();
    this.logs.append(CONTROLLER_NS, this.controllerPod, "manager", controllerLine(this.gen, at, level, kind, key, message, fields), at);
  }

  after(ms: number, fn: () => void): number {
    return this.clock.setTimeout(fn, ms);
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }
}
