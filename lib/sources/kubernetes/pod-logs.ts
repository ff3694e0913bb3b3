import type { LogRecord, PodState } from "@/lib/model";
import { parseLogLine } from "@/lib/evidence/log-line";
import { redactValue } from "@/lib/redact";
import type { HealthRegistry } from "@/lib/collector/health";
import type { ClusterConfig } from "./kubeconfigs";
import { errorMessage, statusOf } from "./kube-request";
import { followPodLog, type LogFollow } from "./log-follower";
import { isNotableLog } from "./notable-logs";

export interface PodLogView {
  controllerPods(cluster: string): PodState[];
  runnerPods(cluster: string): PodState[];
}

export function podLogsHealthId(cluster: string): string {
  return `k8s-logs:${cluster}`;
}

/**
 * Follows the ARC controller's log and runner containers' logs and keeps the notable lines (redacted) as evidence.
 * Runner pods live seconds to hours: each started runner container is read once to its end; at most
 * `maxRunnerFollows` at a time so a burst cannot open thousands of streams.
 */
export function startPodLogs(opts: {
  cluster: ClusterConfig;
  view: PodLogView;
  health: HealthRegistry;
  onLogs(records: LogRecord[]): void;
  intervalMs?: number;
  maxRunnerFollows?: number;
  now?: () => Date;
}): { tick(): void; stop(): Promise<void> } {
  const cluster = opts.cluster.name;
  const now = opts.now ?? (() => new Date());
  const healthId = podLogsHealthId(cluster);
  opts.health.register({ id: healthId, kind: "kubernetes", label: `Pod logs ${cluster}` });
  const follows = new Map<string, LogFollow>();
  const done = new Set<string>();
  const forbiddenNs = new Set<string>();
  let stopped = false;

  function follow(pod: PodState, container: string, origin: LogRecord["origin"], again: boolean): void {
    const key = `${pod.uid}/${container}`;
    if (follows.has(key) || (done.has(key) && !again) || forbiddenNs.has(pod.namespace)) return;
    const f = followPodLog(opts.cluster.kc, { namespace: pod.namespace, pod: pod.name, container, tailLines: origin === "controller" ? 200 : undefined }, (line) => {
      const parsed = parseLogLine(line);
      if (!parsed) return;
      const rec: LogRecord = redactValue({ ...parsed, cluster, namespace: pod.namespace, pod: pod.name, container, origin: parsed.origin === "unknown" ? origin : parsed.origin });
      if (isNotableLog(rec)) opts.onLogs([rec]);
    });
    follows.set(key, f);
    void f.done.then((err) => {
      follows.delete(key);
      done.add(key);
      if (stopped) return;
      const at = now().toISOString();
      const status = statusOf(err);
      // a runner pod deleted before we got to its log is normal (404): not a source failure
      if (err === undefined || status === 404) {
        opts.health.success(healthId, pod.namespace, at);
        return;
      }
      if (status === 403) {
        forbiddenNs.add(pod.namespace);
        opts.health.failure(healthId, pod.namespace, at, `pods/log forbidden in namespace ${pod.namespace}`);
      } else opts.health.failure(healthId, pod.namespace, at, `log of ${pod.namespace}/${pod.name}: ${errorMessage(err)}`);
    });
  }

  function tick(): void {
    if (stopped) return;
    const alive = new Set<string>();
    for (const pod of opts.view.controllerPods(cluster)) {
      const c = pod.containers[0]?.name ?? "manager";
      alive.add(`${pod.uid}/${c}`);
      // the controller runs for days: follow it again whenever its stream ends
      if (pod.phase === "Running") follow(pod, c, "controller", true);
    }
    let budget = (opts.maxRunnerFollows ?? 50) - [...follows.keys()].length;
    for (const pod of opts.view.runnerPods(cluster)) {
      alive.add(`${pod.uid}/runner`);
      const runner = pod.containerStatuses.find((c) => c.name === "runner");
      if (!runner || (runner.state !== "running" && runner.state !== "terminated")) continue;
      if (budget <= 0) break;
      if (!follows.has(`${pod.uid}/runner`) && !done.has(`${pod.uid}/runner`)) budget--;
      follow(pod, "runner", "runner", false);
    }
    for (const [key, f] of follows) if (!alive.has(key)) f.stop();
    for (const key of done) if (!alive.has(key)) done.delete(key);
  }

  const timer = setInterval(tick, opts.intervalMs ?? 2000);
  timer.unref?.();
  tick();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      for (const f of follows.values()) f.stop();
    },
  };
}
