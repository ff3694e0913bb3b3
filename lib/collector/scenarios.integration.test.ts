import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredFinding } from "@/lib/store";
import type { GroundTruth } from "@/lib/simulator";
import { startSimulatedCollector, type SimulatedCollector } from "./testing/simulated-collector";

/**
 * Scenario conformance: every scenario of the default simulation (two clusters, ARC 0.14 metrics + 0.13 logs),
 * collected over real HTTP into PGlite, diagnosed after enough virtual time for the slowest evidence (idle and
 * stale-generation thresholds are 10 and 5 min). Each failure gives its expected finding; healthy sets give none.
 */

/** Virtual time the fleet runs before the final diagnosis: past the 10-min idle threshold with margin. */
const RUN_MS = 11.5 * 60_000;
/** Virtual time per clock step. */
const STEP_MS = 2_000;
/**
 * Source cadence in virtual time, as in production: the default listener scrape (15 s), and the GitHub poll interval
 * the poller's budget pacing gives this fleet (~80 requests a cycle on a 5,000/h token: about a minute).
 */
const LISTENER_SCRAPE_MS = 15_000;
const GITHUB_POLL_MS = 60_000;
/** Diagnosis rounds during the run (false alarms anywhere in them count), after a warm-up. */
const DIAGNOSE_EVERY_MS = 180_000;
const WARMUP_MS = 3 * 60_000;

let h: SimulatedCollector;
let truth: GroundTruth;
let wallMs = 0;

/** Runs the fleet for `RUN_MS` of virtual time, with source polls and diagnosis rounds at production cadence. */
async function runFleet(): Promise<void> {
  const { sim, collector } = h;
  const start = sim.clock.nowMs();
  let nextScrape = start;
  let nextPoll = start;
  let nextDiagnosis = start + WARMUP_MS;
  while (sim.clock.nowMs() - start < RUN_MS) {
    await sim.clock.advance(STEP_MS);
    // let watch events and log lines reach the collector in real time before time moves on
    await new Promise((r) => setTimeout(r, 5));
    const now = sim.clock.nowMs();
    if (now >= nextScrape) {
      nextScrape += LISTENER_SCRAPE_MS;
      await Promise.all(collector.clusters.map((c) => c.listener.tick()));
    }
    if (now >= nextPoll) {
      nextPoll += GITHUB_POLL_MS;
      await collector.github?.pollNow();
    }
    if (now >= nextDiagnosis) {
      nextDiagnosis += DIAGNOSE_EVERY_MS;
      await collector.diagnoseNow();
    }
  }
  await Promise.all(collector.clusters.map((c) => c.listener.tick()));
  await collector.github?.pollNow();
  await new Promise((r) => setTimeout(r, 200));
  await collector.diagnoseNow();
}

interface Row {
  set: string;
  expected: string[];
  acceptable: string[];
  /** Open at the end. */
  got: string[];
  /** Fired in any round after the warm-up. */
  ever: string[];
}

function rows(open: StoredFinding[], all: StoredFinding[]): Row[] {
  const idsFor = (list: StoredFinding[], cluster: string | undefined, namespace: string | undefined, name: string | undefined) =>
    [...new Set(list.filter((f) => f.subject.cluster === cluster && f.subject.namespace === namespace && f.subject.scaleSet === name).map((f) => f.ruleId))].sort();
  const out: Row[] = Object.values(truth.scaleSets).map((t) => ({
    set: `${t.cluster}/${t.name} (${t.scenario})`,
    expected: t.expected,
    acceptable: t.alsoAcceptable,
    got: idsFor(open, t.cluster, t.namespace, t.name),
    ever: idsFor(all, t.cluster, t.namespace, t.name),
  }));
  // findings on no scale set (fleet-wide, per cluster or namespace), or on one the simulation does not have
  const known = (f: StoredFinding) => Object.values(truth.scaleSets).some((t) => t.cluster === f.subject.cluster && t.namespace === f.subject.namespace && t.name === f.subject.scaleSet);
  const fleet = (list: StoredFinding[]) => [...new Set(list.filter((f) => !f.subject.scaleSet || !known(f)).map((f) => f.ruleId))].sort();
  out.push({
    set: "fleet (no known scale set)",
    expected: [...new Set(truth.fleet.flatMap((f) => f.expected))],
    acceptable: [...new Set(truth.fleet.flatMap((f) => f.alsoAcceptable))],
    got: fleet(open),
    ever: fleet(all),
  });
  return out;
}

function table(list: Row[]): string {
  const fmt = (ids: string[]) => (ids.length ? ids.join(",") : "—");
  const lines = list.map((r) => {
    const missing = r.expected.filter((id) => !r.got.includes(id));
    const extra = r.ever.filter((id) => !r.expected.includes(id) && !r.acceptable.includes(id));
    const mark = missing.length || extra.length ? "✗" : "✓";
    return `${mark} ${r.set.padEnd(46)} expected ${fmt(r.expected).padEnd(36)} got ${fmt(r.got)}${extra.length ? `  UNEXPECTED ${extra.join(",")}` : ""}`;
  });
  return `\n${lines.join("\n")}\n(wall ${Math.round(wallMs / 1000)} s)`;
}

beforeAll(async () => {
  const started = Date.now();
  // the test drives listener scrapes and GitHub polls itself, at production cadence in virtual time
  h = await startSimulatedCollector({ seed: 11, env: { RUNNERSCOPE_LISTENER_SCRAPE_SECONDS: "3600", RUNNERSCOPE_GITHUB_MIN_INTERVAL_SECONDS: "3600" } });
  await runFleet();
  truth = h.sim.groundTruth();
  wallMs = Date.now() - started;
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

describe("every simulated scenario, collected over HTTP and diagnosed", () => {
  it("gives each failing scale set its expected findings, and healthy sets none (no false alarms)", async () => {
    const list = rows(await h.store.listFindings({}), await h.store.listFindings({ includeResolved: true }));
    const report = table(list);
    if (process.env.RUNNERSCOPE_SCENARIO_TABLE) console.log(report);
    expect(Object.keys(truth.scaleSets).length).toBeGreaterThanOrEqual(20);
    for (const r of list) {
      for (const id of r.expected) expect(r.got, `${r.set}: missing ${id}${report}`).toContain(id);
      const allowed = new Set([...r.expected, ...r.acceptable]);
      expect(
        r.ever.filter((id) => !allowed.has(id)),
        `${r.set}: unexpected findings${report}`,
      ).toEqual([]);
    }
  });
});
