/** Time windows for the scale-set page; the choice lives in the URL (`?window=1h` or `?from=…&to=…`). */
export const WINDOWS = { "15m": 15 * 60e3, "1h": 3600e3, "6h": 6 * 3600e3, "24h": 24 * 3600e3, "7d": 7 * 24 * 3600e3 } as const;
export type WindowName = keyof typeof WINDOWS;
export const DEFAULT_WINDOW: WindowName = "1h";

export interface ResolvedWindow {
  name: WindowName | "custom";
  from: Date;
  to: Date;
}

function isWindowName(v: string | undefined): v is WindowName {
  return v !== undefined && v in WINDOWS;
}

/** From URL params: a named window ending now, or a custom `from`/`to` (ISO) range, clamped to sane bounds. */
export function resolveWindow(params: { window?: string; from?: string; to?: string }, now: Date): ResolvedWindow {
  const from = params.from ? new Date(params.from) : undefined;
  const to = params.to ? new Date(params.to) : undefined;
  if (from && !Number.isNaN(from.getTime())) {
    const end = to && !Number.isNaN(to.getTime()) && to > from ? to : now;
    return { name: "custom", from, to: end };
  }
  const name = isWindowName(params.window) ? params.window : DEFAULT_WINDOW;
  return { name, from: new Date(now.getTime() - WINDOWS[name]), to: now };
}
