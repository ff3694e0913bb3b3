/** Display formatting shared by pages, the wall and incident snapshots. Pure and locale-stable. */

import { formatDuration } from "@/lib/model/duration";

/** The shared duration format ("45 s", "12 min", "3 h 5 min", "2 d 4 h"), one implementation for UI and diagnosis. */
export { formatDuration };

/** Precise short durations for runner lives: "0.8 s", "1.6 s", "42 s", "3 min". */
export function formatLifetime(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms / 1000);
}

/** "3 min ago" relative to `now` (both ISO or Date). Server passes `now` so markup is stable across hydration. */
export function formatAgo(at: string | Date | undefined, now: string | Date): string {
  if (!at) return "never";
  const diff = (new Date(now).getTime() - new Date(at).getTime()) / 1000;
  if (diff < 0) return "just now";
  if (diff < 5) return "just now";
  return `${formatDuration(diff)} ago`;
}

/** "2026-11-22 15:04:05 UTC" */
export function formatTimestamp(at: string | Date | undefined): string {
  if (!at) return "—";
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return "—";
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "15:04:05" in UTC */
export function formatClock(at: string | Date): string {
  return new Date(at).toISOString().slice(11, 19);
}

export function formatCount(n: number | undefined | null): string {
  if (n === undefined || n === null || !Number.isFinite(n)) return "—";
  return n.toLocaleString("en-US");
}
