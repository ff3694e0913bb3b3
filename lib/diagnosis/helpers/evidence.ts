import type { EvidenceItem, KubeEventRecord, LogRecord, PodState, RunnerLife, RunnerState, ScaleSetState } from "@/lib/model";

const MAX_EXCERPT = 400;

/** Cut long excerpts so a card stays readable; the full line is in the log view. */
export function clip(text: string, max = MAX_EXCERPT): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function withNs(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

const ORIGIN_LABEL: Record<LogRecord["origin"], string> = {
  listener: "listener log",
  controller: "controller log",
  runner: "runner log",
  workflow: "workflow pod log",
  unknown: "pasted log",
};

/** Evidence from one log line; the excerpt is the raw (already redacted) line. */
export function logEvidence(log: LogRecord, observation: string): EvidenceItem {
  return {
    observation,
    source: log.pod ? `${ORIGIN_LABEL[log.origin]} (${withNs(log.namespace, log.pod)})` : ORIGIN_LABEL[log.origin],
    excerpt: clip(log.raw || log.message),
    at: log.time,
    ref: log.pod ? { kind: "log", name: log.pod, namespace: log.namespace, cluster: log.cluster || undefined } : undefined,
  };
}

/** Evidence from a Kubernetes Event: reason, count and message. */
export function eventEvidence(ev: KubeEventRecord, observation?: string): EvidenceItem {
  return {
    observation: observation ?? `${ev.type} event ${ev.reason}${ev.count > 1 ? ` (×${ev.count})` : ""}`,
    source: `Event on ${ev.involvedKind} ${withNs(ev.namespace, ev.involvedName)}`,
    excerpt: clip(ev.message),
    at: ev.lastSeen,
    ref: { kind: "event", name: ev.involvedName, namespace: ev.namespace || undefined, cluster: ev.cluster || undefined },
  };
}

/** Evidence from a runner life (current or already deleted EphemeralRunner). */
export function lifeEvidence(life: RunnerLife, observation: string, excerpt?: string): EvidenceItem {
  return {
    observation,
    source: `EphemeralRunner ${withNs(life.namespace, life.name)}`,
    excerpt: excerpt ? clip(excerpt) : undefined,
    at: life.finishedAt ?? life.createdAt,
    ref: { kind: "runner", name: life.name, namespace: life.namespace || undefined, cluster: life.cluster || undefined },
  };
}

/** Evidence from a current EphemeralRunner. */
export function runnerEvidence(runner: RunnerState, observation: string, excerpt?: string): EvidenceItem {
  return {
    observation,
    source: `EphemeralRunner ${withNs(runner.namespace, runner.name)}`,
    excerpt: excerpt ? clip(excerpt) : undefined,
    at: runner.createdAt,
    ref: { kind: "runner", name: runner.name, namespace: runner.namespace || undefined, cluster: runner.cluster || undefined },
  };
}

/** Evidence from a pod (listener, workflow, runner). */
export function podEvidence(pod: PodState, observation: string, excerpt?: string): EvidenceItem {
  return {
    observation,
    source: `Pod ${withNs(pod.namespace, pod.name)}`,
    excerpt: excerpt ? clip(excerpt) : undefined,
    at: pod.createdAt,
    ref: { kind: "pod", name: pod.name, namespace: pod.namespace || undefined, cluster: pod.cluster || undefined },
  };
}

/** Evidence from a scale set's spec. */
export function scaleSetEvidence(set: ScaleSetState, observation: string, excerpt?: string): EvidenceItem {
  return {
    observation,
    source: `AutoscalingRunnerSet ${withNs(set.namespace, set.name)}`,
    excerpt: excerpt ? clip(excerpt) : undefined,
    ref: { kind: "scaleSet", name: set.name, namespace: set.namespace || undefined, cluster: set.cluster || undefined },
  };
}
