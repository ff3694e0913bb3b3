/**
 * `npx tsx scripts/bench-collector.ts [--seconds 30] [--factor 10]`: runs the collector against the full simulated
 * fleet (both clusters, every scenario) on an accelerated clock into an in-memory store and prints throughput,
 * completeness against the simulator's ground truth, write batching and memory as JSON.
 */
import { parseArgs } from "node:util";
import { startSimulation } from "@/lib/simulator";
import { openStore } from "@/lib/store";
import { loadCollectorConfig } from "@/lib/collector/config";
import { startCollector } from "@/lib/collector/runtime";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "30" }, factor: { type: "string", default: "10" } } });
const seconds = Number(values.seconds);
const factor = Number(values.factor);

const sim = await startSimulation({ seed: 11, clock: { kind: "accelerated", factor } });
const store = await openStore({ dir: "memory://" });
const config = loadCollectorConfig({
  KUBECONFIG: sim.kubeconfigPath,
  GITHUB_API_URL: sim.github.url,
  GITHUB_TOKEN: sim.github.token,
  RUNNERSCOPE_LISTENER_SCRAPE_SECONDS: "1",
  RUNNERSCOPE_GITHUB_MIN_INTERVAL_SECONDS: "2",
  RUNNERSCOPE_DIAGNOSIS_SECONDS: "5",
});
const wall0 = Date.now();
const virtual0 = sim.clock.nowMs();
const collector = await startCollector({ store, config, now: () => sim.clock.now() });
await new Promise((r) => setTimeout(r, seconds * 1000));
await collector.flush();

const wall = (Date.now() - wall0) / 1000;
const virtual = (sim.clock.nowMs() - virtual0) / 1000;
const lives = (await store.listRunnerLives({ from: new Date(0), to: new Date(sim.clock.nowMs() + 86_400_000), limit: 1_000_000 })).lives;
const truth = sim.groundTruth();
const truthFinished = Object.values(truth.scaleSets).reduce((n, t) => n + Object.entries(t.lives).reduce((m, [k, v]) => m + (k === "running" ? 0 : (v ?? 0)), 0), 0);
const stats = collector.stats();
const seen = collector.seenRunnerUids();
const recorded = new Set(lives.map((l) => l.uid));
const byOutcome: Record<string, number> = {};
for (const l of lives) byOutcome[l.outcome] = (byOutcome[l.outcome] ?? 0) + 1;
// finished lives per scale set and outcome: collector vs simulator (the simulator counts at its own pace)
const mismatches: string[] = [];
for (const t of Object.values(truth.scaleSets)) {
  const mine: Record<string, number> = {};
  for (const l of lives) if (l.cluster === t.cluster && l.scaleSet === t.name && l.outcome !== "running") mine[l.outcome] = (mine[l.outcome] ?? 0) + 1;
  for (const k of new Set([...Object.keys(mine), ...Object.keys(t.lives).filter((x) => x !== "running")])) {
    const a = mine[k] ?? 0;
    const b = (t.lives as Record<string, number | undefined>)[k] ?? 0;
    if (a !== b) mismatches.push(`${t.cluster}/${t.name} ${k}: collector ${a}, simulator ${b}`);
  }
}
const samples = await store.listListenerSamples({ from: new Date(virtual0), to: new Date(sim.clock.nowMs() + 1000) });

console.log(
  JSON.stringify(
    {
      wallSeconds: wall,
      virtualSeconds: virtual,
      watchEventsPerWallSecond: Math.round(stats.watchEvents / wall),
      watchEvents: stats.watchEvents,
      relists: stats.relists,
      lifeUpdates: stats.lifeUpdates,
      lives: lives.length,
      livesByOutcome: byOutcome,
      groundTruthFinishedLives: truthFinished,
      outcomeMismatches: mismatches,
      runnerUidsSeen: seen.size,
      runnerUidsWithoutLife: [...seen].filter((u) => !recorded.has(u)).length,
      listenerSamples: samples.length,
      flushes: stats.buffer.flushes,
      flushFailures: stats.buffer.failures,
      recordsWritten: stats.buffer.written,
      health: collector.health().map((h) => `${h.id}: ${h.state}${h.lastError && h.state !== "ok" ? ` (${h.lastError.message})` : ""}`),
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    },
    null,
    2,
  ),
);
await collector.stop();
await sim.stop();
await store.close();
