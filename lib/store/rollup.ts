import type { ListenerSample } from "@/lib/model";

export const BUCKET_MS = 5 * 60_000;

export const FIGURES = [
  "availableJobs",
  "acquiredJobs",
  "assignedJobs",
  "runningJobs",
  "registeredRunners",
  "busyRunners",
  "idleRunners",
  "desiredRunners",
  "minRunners",
  "maxRunners",
  "lastMessageId",
] as const satisfies readonly (keyof ListenerSample)[];

export interface Rollup {
  sample: ListenerSample;
  samples: number;
}

export function bucketStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
}

/**
 * Folds samples into 5-minute buckets per scale set, keeping the maximum of each figure: a queue spike or
 * a burst of busy runners must survive the roll-up, an average would flatten it. Max is associative, so an
 * existing roll-up can be passed in as `prior` and merged with late samples.
 */
export function rollupSamples(samples: readonly ListenerSample[], prior: readonly Rollup[] = []): Rollup[] {
  const out = new Map<string, Rollup>();
  const add = (s: ListenerSample, count: number) => {
    const at = bucketStart(new Date(s.at)).toISOString();
    const key = JSON.stringify([s.cluster, s.namespace, s.scaleSet, at]);
    const cur = out.get(key);
    if (!cur) {
      const sample: ListenerSample = { cluster: s.cluster, namespace: s.namespace, scaleSet: s.scaleSet, at, source: s.source };
      for (const f of FIGURES) if (s[f] !== undefined) sample[f] = s[f];
      out.set(key, { sample, samples: count });
      return;
    }
    cur.samples += count;
    for (const f of FIGURES) {
      const v = s[f];
      if (v !== undefined) cur.sample[f] = Math.max(cur.sample[f] ?? v, v);
    }
  };
  for (const r of prior) add(r.sample, r.samples);
  for (const s of samples) add(s, 1);
  return [...out.values()];
}
