/**
 * Next poll delay from the remaining rate-limit budget: spend at most `share` (50 %) of what remains until the reset,
 * given what one cycle cost last time (304s are free). Never faster than `minMs`; when the budget is gone, wait for
 * the reset.
 */
export function nextPollDelayMs(p: {
  remaining: number;
  resetAtMs: number;
  nowMs: number;
  cycleCost: number;
  minMs: number;
  maxMs?: number;
  share?: number;
}): number {
  const maxMs = p.maxMs ?? 15 * 60_000;
  const untilReset = Math.max(0, p.resetAtMs - p.nowMs);
  if (p.remaining <= 0) return Math.min(maxMs, Math.max(p.minMs, untilReset + 1000));
  const spendable = p.remaining * (p.share ?? 0.5);
  const cost = Math.max(1, p.cycleCost);
  const cycles = spendable / cost;
  if (cycles < 1) return Math.min(maxMs, Math.max(p.minMs, untilReset + 1000));
  return Math.min(maxMs, Math.max(p.minMs, Math.ceil(untilReset / cycles)));
}
