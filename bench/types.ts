import { percentile as percentileOf } from "@/lib/model/stats";

/** One measured figure, with the target the issues name (if any). */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** `value` must be `<=` or `>=` the target to count as met. */
  target?: { op: "<=" | ">="; value: number };
  note?: string;
}

export interface BenchOptions {
  quick: boolean;
  /** Emit progress lines (stderr). */
  log: (msg: string) => void;
}

export interface Benchmark {
  name: string;
  description: string;
  /** Runs only when named (`npm run bench -- NAME`): too long for the default run's 15-minute budget. */
  explicit?: boolean;
  run(opts: BenchOptions): Promise<Figure[]>;
}

export function met(f: Figure): boolean | undefined {
  if (!f.target) return undefined;
  return f.target.op === "<=" ? f.value <= f.target.value : f.value >= f.target.value;
}

/** Nearest-rank percentile (p in 0..100); NaN for no values, so a table shows it as missing. */
export function percentile(values: readonly number[], p: number): number {
  return percentileOf(values, p) ?? Number.NaN;
}
