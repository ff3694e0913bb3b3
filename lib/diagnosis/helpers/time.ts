import type { IsoTime } from "@/lib/model";
import { roundMap } from "./index";

/** Parsed epoch ms, or undefined for a missing/unparseable time (pasted data often lacks times). */
export function toMs(t: IsoTime | undefined): number | undefined {
  if (!t) return undefined;
  // rules parse the same timestamps many times a round: parse each once
  const parsed = roundMap<string, number>("parsedTimes");
  let ms = parsed?.get(t);
  if (ms === undefined) {
    ms = Date.parse(t);
    parsed?.set(t, ms);
  }
  return Number.isNaN(ms) ? undefined : ms;
}

/** Seconds from `from` to `to` (negative if `to` is earlier); undefined if either is unknown. */
export function secondsBetween(from: IsoTime | undefined, to: IsoTime | undefined): number | undefined {
  const a = toMs(from);
  const b = toMs(to);
  return a === undefined || b === undefined ? undefined : (b - a) / 1000;
}

/** Age of `t` at `now`, in seconds; undefined if unknown. */
export function ageSeconds(t: IsoTime | undefined, now: Date): number | undefined {
  const ms = toMs(t);
  return ms === undefined ? undefined : (now.getTime() - ms) / 1000;
}

/** True when `t` lies within the last `windowSeconds` before `now` (future times count as within). */
export function withinLast(t: IsoTime | undefined, now: Date, windowSeconds: number): boolean {
  const age = ageSeconds(t, now);
  return age !== undefined && age <= windowSeconds;
}

/** True when `t` is inside [start, now]. Unknown times are treated as inside: pasted evidence has no clock. */
export function inWindow(t: IsoTime | undefined, start: IsoTime, now: Date): boolean {
  const ms = toMs(t);
  if (ms === undefined) return true;
  const s = toMs(start);
  return (s === undefined || ms >= s) && ms <= now.getTime() + 60_000;
}

/** Earliest of the known times. */
export function earliest(times: readonly (IsoTime | undefined)[]): IsoTime | undefined {
  let best: { t: IsoTime; ms: number } | undefined;
  for (const t of times) {
    const ms = toMs(t);
    if (t && ms !== undefined && (!best || ms < best.ms)) best = { t, ms };
  }
  return best?.t;
}

/** Latest of the known times. */
export function latest(times: readonly (IsoTime | undefined)[]): IsoTime | undefined {
  let best: { t: IsoTime; ms: number } | undefined;
  for (const t of times) {
    const ms = toMs(t);
    if (t && ms !== undefined && (!best || ms > best.ms)) best = { t, ms };
  }
  return best?.t;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? hi) + hi) / 2;
}

/** The shared human duration format ("1.2 s", "5 min", "3 h 5 min"), re-exported for the rules. */
export { formatDuration } from "@/lib/model/duration";
