import { ApiError } from "./api-error";

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Longest window a view may span: roll-ups keep 90 days. */
export const MAX_WINDOW_MS = 90 * 86_400_000;

/** "15m", "1h", "24h", "7d" → milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNITS[m[2] as string] ?? 0);
  return ms > 0 ? ms : undefined;
}

/**
 * Resolves `from`/`to` (ISO) and `window` (duration) query values into a time range. `to` defaults to now,
 * `from` to `to − window` (window defaults to `defaultWindow`). Throws ApiError(422) on nonsense.
 */
export function resolveWindow(q: { from?: string | null; to?: string | null; window?: string | null }, now: Date, defaultWindow = "1h"): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now;
  if (Number.isNaN(to.getTime())) throw new ApiError(422, "invalid_window", `"to" is not a valid time: ${q.to}`);
  let from: Date;
  if (q.from) {
    from = new Date(q.from);
    if (Number.isNaN(from.getTime())) throw new ApiError(422, "invalid_window", `"from" is not a valid time: ${q.from}`);
  } else {
    const ms = parseDuration(q.window ?? defaultWindow);
    if (ms === undefined) throw new ApiError(422, "invalid_window", `"window" must look like 15m, 1h, 24h or 7d, got: ${q.window}`);
    from = new Date(to.getTime() - ms);
  }
  if (from >= to) throw new ApiError(422, "invalid_window", `"from" must be before "to"`);
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS) throw new ApiError(422, "invalid_window", "window longer than 90 days");
  return { from, to };
}
