import type { GitHubJob, ListenerSample, RunnerLife, RunnerOutcome } from "@/lib/model";
import { queuedAt } from "./queue";
import type { SeriesPoint } from "./types";

type ListenerField = "available" | "acquired" | "assigned" | "running" | "desired" | "registered" | "busy" | "idle";

const FAILED: ReadonlySet<RunnerOutcome> = new Set(["failed", "pod-rejected", "evicted", "oom-killed"]);

export interface SeriesInput {
  from: Date;
  to: Date;
  maxPoints: number;
  samples: readonly ListenerSample[];
  lives: readonly RunnerLife[];
  /** Jobs for this scale set; undefined when GitHub data is unavailable (queued stays unknown). */
  jobs?: readonly GitHubJob[];
  min?: number;
  max?: number;
  /** A listener value is carried into later empty buckets for at most this long. */
  carryMs: number;
  /** Before this (the scale set's creation or the start of Runnerscope's records) nothing is known: buckets stay empty, not 0. */
  knownSince?: Date;
}

/** Bucket width: the window split into at most `maxPoints`, rounded up to whole seconds (10 s minimum). */
export function bucketMs(from: Date, to: Date, maxPoints: number): number {
  const span = Math.max(1, to.getTime() - from.getTime());
  return Math.max(10_000, Math.ceil(span / Math.max(1, maxPoints) / 1000) * 1000);
}

/**
 * Downsamples a scale set's history into ≤ maxPoints buckets. Listener figures take the bucket's maximum
 * (a spike must stay visible, as in the 5-minute roll-ups) and are carried forward briefly over gaps;
 * pending/failed come from runner lives, GitHub queued from job timestamps at each bucket's end.
 */
export function buildSeries(input: SeriesInput): { bucketSeconds: number; points: SeriesPoint[] } {
  const step = bucketMs(input.from, input.to, input.maxPoints);
  const start = input.from.getTime();
  const count = Math.max(1, Math.ceil((input.to.getTime() - start) / step));
  const points: SeriesPoint[] = Array.from({ length: count }, (_, i) => {
    const p: SeriesPoint = { t: new Date(start + i * step).toISOString() };
    if (input.min !== undefined) p.min = input.min;
    if (input.max !== undefined) p.max = input.max;
    return p;
  });
  const idx = (ms: number) => Math.floor((ms - start) / step);

  const listenerFields = [
    ["availableJobs", "available"],
    ["acquiredJobs", "acquired"],
    ["assignedJobs", "assigned"],
    ["runningJobs", "running"],
    ["desiredRunners", "desired"],
    ["registeredRunners", "registered"],
    ["busyRunners", "busy"],
    ["idleRunners", "idle"],
  ] as const satisfies readonly (readonly [keyof ListenerSample, ListenerField])[];
  const seen = new Array<boolean>(count).fill(false);
  let before: ListenerSample | undefined; // newest sample before the window, to seed the first buckets
  for (const s of input.samples) {
    const at = Date.parse(s.at);
    const i = idx(at);
    if (i < 0) {
      if (!before || Date.parse(before.at) < at) before = s;
      continue;
    }
    const p = points[i];
    if (!p || i >= count) continue;
    seen[i] = true;
    for (const [from, to] of listenerFields) {
      const v = s[from];
      if (v !== undefined) p[to] = Math.max(p[to] ?? v, v);
    }
    if (input.min === undefined && s.minRunners !== undefined) p.min = s.minRunners;
    if (input.max === undefined && s.maxRunners !== undefined) p.max = s.maxRunners;
  }
  let last: { values: Partial<Record<ListenerField, number>>; at: number } | undefined;
  if (before) {
    const values: Partial<Record<ListenerField, number>> = {};
    for (const [from, to] of listenerFields) if (before[from] !== undefined) values[to] = before[from];
    last = { values, at: Date.parse(before.at) };
  }
  points.forEach((p, i) => {
    if (seen[i]) {
      last = { values: p, at: start + i * step };
      return;
    }
    if (last && start + (i + 1) * step - last.at <= input.carryMs) for (const [, to] of listenerFields) if (last.values[to] !== undefined) p[to] = last.values[to];
  });

  for (const p of points) {
    p.pending = 0;
    p.failed = 0;
  }
  for (const l of input.lives) {
    const created = Date.parse(l.createdAt);
    const started = l.startedAt ? Date.parse(l.startedAt) : Infinity;
    const ended = l.finishedAt ? Date.parse(l.finishedAt) : l.deletedAt ? Date.parse(l.deletedAt) : Infinity;
    const until = Math.min(started, ended);
    for (let i = Math.max(0, idx(created)); i < count; i++) {
      const end = start + (i + 1) * step;
      if (until <= end) break;
      const p = points[i] as SeriesPoint;
      if (created <= end) p.pending = (p.pending ?? 0) + 1;
    }
    if (FAILED.has(l.outcome) && Number.isFinite(ended)) {
      const p = points[idx(ended)];
      if (p) p.failed = (p.failed ?? 0) + 1;
    }
  }

  if (input.jobs) {
    for (let i = 0; i < count; i++) {
      const end = Math.min(start + (i + 1) * step, input.to.getTime());
      (points[i] as SeriesPoint).githubQueued = input.jobs.reduce((n, j) => (queuedAt(j, end) ? n + 1 : n), 0);
    }
  }
  if (input.knownSince) {
    const known = input.knownSince.getTime();
    for (let i = 0; i < count && start + (i + 1) * step <= known; i++) points[i] = { t: (points[i] as SeriesPoint).t };
  }
  return { bucketSeconds: step / 1000, points };
}
