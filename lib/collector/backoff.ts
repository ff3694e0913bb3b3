/** Exponential backoff with full jitter bounds: 1 s, 2 s, 4 s … capped. `attempt` starts at 0. */
export function backoffMs(attempt: number, opts: { baseMs?: number; maxMs?: number; random?: () => number } = {}): number {
  const base = opts.baseMs ?? 1000;
  const max = opts.maxMs ?? 60_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  const r = opts.random ?? Math.random;
  // half fixed, half jitter: never hammers, never waits 0
  return Math.round(ceiling / 2 + (ceiling / 2) * r());
}
