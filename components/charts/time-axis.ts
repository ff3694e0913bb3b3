/** One time axis shared by every timeline on the scale-set page, so charts, swimlane and events line up. */
export const AXIS_MARGIN = { left: 56, right: 16 } as const;

export function timeTicks(from: number, to: number, count = 6): number[] {
  const span = to - from;
  const steps = [60e3, 5 * 60e3, 15 * 60e3, 30 * 60e3, 3600e3, 3 * 3600e3, 6 * 3600e3, 12 * 3600e3, 86400e3];
  const step = steps.find((s) => span / s <= count) ?? 86400e3;
  const first = Math.ceil(from / step) * step;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return ticks;
}

export function tickLabel(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 2 * 86400e3 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}
