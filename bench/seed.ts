/**
 * Seeds a store with a generated fleet through the store's own batched write API (the path the collector uses).
 */
import type { Store } from "@/lib/store";
import { eventsOf, findingsOf, generateLives, generateSamples, jobsOf, listenerSources, queuedJobs, type Fleet, type FleetSet } from "./fleet";

export interface SeedCounts {
  scaleSets: number;
  runners: number;
  lives: number;
  samples: number;
  events: number;
  jobs: number;
  findings: number;
}

export interface SeedOptions {
  /** Hours of history for every set (lives, samples, events, jobs). */
  historyHours: number;
  /** Hours of history for the focus set (24 for the scale-set view figure); at least `historyHours`. */
  focusHours?: number;
  /** Listener sample interval (ms). */
  sampleStepMs?: number;
  log?: (msg: string) => void;
}

const HOUR = 3_600_000;

/** Current state (sets, runners, findings, queue, health) plus history; returns what was written. */
export async function seedStore(store: Store, fleet: Fleet, opts: SeedOptions): Promise<SeedCounts> {
  const counts: SeedCounts = { scaleSets: fleet.sets.length, runners: fleet.runners.length, lives: 0, samples: 0, events: 0, jobs: 0, findings: 0 };
  await store.upsertClusterInfo(fleet.clusters);
  await store.upsertSourceHealth([...fleet.sources, ...listenerSources(fleet)]);
  await store.upsertScaleSets(fleet.sets.map((s) => s.state), fleet.now);
  await store.upsertRunnerSets(fleet.sets.map((s) => s.runnerSet), fleet.now);
  await store.upsertRunners(fleet.runners);
  const findings = findingsOf(fleet);
  await store.recordFindings(findings, fleet.now);
  counts.findings = findings.findings.length;
  const queue = queuedJobs(fleet);
  await store.upsertGitHubJobs(queue);
  counts.jobs += queue.length;

  const focusHours = Math.max(opts.focusHours ?? opts.historyHours, opts.historyHours);
  const now = fleet.now.getTime();
  const parts: { sets: FleetSet[]; hours: number }[] = [{ sets: fleet.sets.slice(1), hours: opts.historyHours }, { sets: [fleet.focus], hours: focusHours }];
  for (const part of parts) {
    if (part.hours <= 0 || part.sets.length === 0) continue;
    const from = new Date(now - part.hours * HOUR);
    for (const lives of generateLives(fleet, { from, to: fleet.now, sets: part.sets })) {
      const jobs = jobsOf(fleet, lives);
      const events = eventsOf(lives);
      await store.upsertRunnerLives(lives);
      await store.upsertGitHubJobs(jobs);
      await store.upsertEvents(events);
      counts.lives += lives.length;
      counts.jobs += jobs.length;
      counts.events += events.length;
    }
    for (const samples of generateSamples(fleet, { from, to: fleet.now, sets: part.sets, stepMs: opts.sampleStepMs })) {
      await store.appendListenerSamples(samples);
      counts.samples += samples.length;
    }
    opts.log?.(`seeded ${part.sets.length} set(s) × ${part.hours} h: ${counts.lives.toLocaleString("en-US")} lives, ${counts.samples.toLocaleString("en-US")} samples so far`);
  }
  return counts;
}
