/**
 * Container log storage for the simulated API server: the ARC model appends lines, the server
 * serves them (`GET …/pods/{name}/log`) with the kubelet's filters and follow semantics.
 */
import type { VirtualClock } from "@/lib/simulator/clock";
import type { PodLogSink } from "./types";

export interface LogLine {
  /** Virtual time of the line, ms since the epoch. */
  atMs: number;
  text: string;
}

export interface LogReadOptions {
  /** Only lines at or after this instant. */
  sinceMs?: number;
  /** Only the last N lines (applied after `sinceMs`). */
  tailLines?: number;
}

export type LogFollower = (line: LogLine) => void;

export interface PodLogStore extends PodLogSink {
  read(namespace: string, pod: string, container: string, opts?: LogReadOptions): LogLine[];
  /** Receive lines appended from now on. Returns unsubscribe. */
  follow(namespace: string, pod: string, container: string, onLine: LogFollower): () => void;
  /** Containers that have logged anything for this pod. */
  containers(namespace: string, pod: string): string[];
  /** Forget a pod's logs (pod deleted). */
  deletePod(namespace: string, pod: string): void;
}

export interface PodLogOptions {
  /** Lines kept per container; older ones are dropped like a rotated kubelet log (default 10,000). */
  maxLinesPerContainer?: number;
}

/** RFC3339 with nine fractional digits, the prefix the kubelet writes for `timestamps=true`. */
export function formatLogTimestamp(atMs: number): string {
  return new Date(atMs).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}

export function createPodLogs(clock: VirtualClock, opts: PodLogOptions = {}): PodLogStore {
  const max = Math.max(1, opts.maxLinesPerContainer ?? 10_000);
  const lines = new Map<string, LogLine[]>();
  const followers = new Map<string, Set<LogFollower>>();
  const key = (ns: string, pod: string, container: string) => `${ns}/${pod}/${container}`;
  const podPrefix = (ns: string, pod: string) => `${ns}/${pod}/`;

  return {
    append(namespace, pod, container, line, at) {
      const k = key(namespace, pod, container);
      let buf = lines.get(k);
      if (!buf) {
        buf = [];
        lines.set(k, buf);
      }
      // the model passes virtual time; fall back to the clock if it passes an invalid date
      const atMs = Number.isFinite(at.getTime()) ? at.getTime() : clock.nowMs();
      const entry = { atMs, text: line.replace(/\r?\n$/, "") };
      buf.push(entry);
      if (buf.length > max * 1.25) buf.splice(0, buf.length - max);
      for (const f of [...(followers.get(k) ?? [])]) f(entry);
    },

    read(namespace, pod, container, readOpts = {}) {
      let buf = lines.get(key(namespace, pod, container)) ?? [];
      if (buf.length > max) buf = buf.slice(buf.length - max);
      const since = readOpts.sinceMs;
      if (since !== undefined) buf = buf.filter((l) => l.atMs >= since);
      const tail = readOpts.tailLines;
      if (tail !== undefined && tail >= 0) buf = tail === 0 ? [] : buf.slice(-tail);
      return buf.slice();
    },

    follow(namespace, pod, container, onLine) {
      const k = key(namespace, pod, container);
      let set = followers.get(k);
      if (!set) {
        set = new Set();
        followers.set(k, set);
      }
      set.add(onLine);
      return () => {
        set.delete(onLine);
        if (set.size === 0) followers.delete(k);
      };
    },

    containers(namespace, pod) {
      const prefix = podPrefix(namespace, pod);
      return [...lines.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    },

    deletePod(namespace, pod) {
      const prefix = podPrefix(namespace, pod);
      for (const k of [...lines.keys()]) if (k.startsWith(prefix)) lines.delete(k);
    },
  };
}
