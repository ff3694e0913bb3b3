/**
 * `diagnosis`: every simulator scenario at once (the default two-cluster simulation, real-time clock), the real
 * collector with its production intervals (diagnosis every 5 s, listener scrape 15 s, GitHub ≥ 30 s) into PGlite,
 * then: expected findings found, unexpected findings (false alarms), and wall time from a fault's first evidence
 * in the Kubernetes API (bench/evidence.ts) to the finding being stored.
 */
import path from "node:path";
import { openStore } from "@/lib/store";
import { loadCollectorConfig } from "@/lib/collector/config";
import { startCollector } from "@/lib/collector/runtime";
import { startSimulation } from "@/lib/simulator";
import { RT } from "@/lib/simulator/arc/resources";
import type { RuleId } from "@/lib/simulator/scenarios/types";
import type { KubeObject } from "@/lib/simulator/kube/types";
import { POD_LEVEL_RULES, scaleSetOf, showsFault } from "./evidence";
import { benchTempDir } from "./reference-store";
import { summarize, sleep } from "./timing";
import type { Benchmark, BenchOptions, Figure } from "./types";

export interface DiagnosisScore {
  expected: number;
  found: number;
  missed: string[];
  falseAlarms: string[];
  podLevelMs: number[];
  otherMs: number[];
  slow: string[];
}

interface Expect {
  expected: RuleId[];
  acceptable: Set<string>;
}

export async function measureDiagnosis(opts: { runMs: number; log: (m: string) => void }): Promise<DiagnosisScore> {
  const sim = await startSimulation({ seed: 7 });
  const evidenceAt = new Map<string, number>(); // `cluster/set` → first evidence (epoch ms)
  const podSet = new Map<string, string>(); // `cluster/ns/pod` → set
  const unwatch: (() => void)[] = [];
  // events about ARS/ERS/listener objects name the set directly or by prefix
  const setNames = new Map<string, string[]>();
  function setFromName(name: string, cluster: string): string | undefined {
    const names = setNames.get(cluster) ?? Object.values(sim.groundTruth().scaleSets).filter((t) => t.cluster === cluster).map((t) => t.name);
    setNames.set(cluster, names);
    return names.filter((n) => name === n || name.startsWith(`${n}-`)).sort((a, b) => b.length - a.length)[0];
  }
  for (const c of sim.clusters) {
    const mark = (set: string | undefined) => {
      if (!set) return;
      const k = `${c.name}/${set}`;
      if (!evidenceAt.has(k)) evidenceAt.set(k, Date.now());
    };
    const on = (kind: "pod" | "ephemeralrunner" | "event") => (e: { object: KubeObject }) => {
      const o = e.object;
      if (kind === "pod") {
        const set = scaleSetOf(o);
        if (set) podSet.set(`${o.metadata.namespace}/${o.metadata.name}`, set);
        if (showsFault(kind, o)) mark(set);
      } else if (kind === "ephemeralrunner") {
        if (showsFault(kind, o)) mark(scaleSetOf(o));
      } else if (showsFault(kind, o)) {
        const inv = (o.involvedObject ?? {}) as { namespace?: string; name?: string };
        mark(podSet.get(`${inv.namespace}/${inv.name}`) ?? (inv.name ? setFromName(inv.name, c.name) : undefined));
      }
    };
    unwatch.push(c.store.watch(RT.pod, undefined, undefined, on("pod")), c.store.watch(RT.er, undefined, undefined, on("ephemeralrunner")), c.store.watch(RT.event, undefined, undefined, on("event")));
  }

  const store = await openStore({ dir: path.join(benchTempDir("diagnosis"), "pglite") });
  const config = loadCollectorConfig({ KUBECONFIG: sim.kubeconfigPath, GITHUB_API_URL: sim.github.url, GITHUB_TOKEN: sim.github.token });
  const collector = await startCollector({ store, config });
  const firstFinding = new Map<string, number>(); // `cluster/set/rule` → first stored (epoch ms)
  const end = Date.now() + opts.runMs;
  try {
    while (Date.now() < end) {
      await sleep(250);
      const now = Date.now();
      for (const f of await store.listFindings()) {
        const k = `${f.subject.cluster ?? ""}/${f.subject.scaleSet ?? ""}/${f.ruleId}`;
        if (!firstFinding.has(k)) firstFinding.set(k, now);
      }
    }
    const findings = await store.listFindings();
    const truth = sim.groundTruth();
    const bySet = new Map<string, Expect>();
    for (const t of Object.values(truth.scaleSets)) bySet.set(`${t.cluster}/${t.name}`, { expected: t.expected, acceptable: new Set([...t.expected, ...t.alsoAcceptable]) });
    const fleetExpected = truth.fleet.flatMap((f) => f.expected);
    const fleetAcceptable = new Set<string>(truth.fleet.flatMap((f) => [...f.expected, ...f.alsoAcceptable]));

    const score: DiagnosisScore = { expected: 0, found: 0, missed: [], falseAlarms: [], podLevelMs: [], otherMs: [], slow: [] };
    for (const [k, e] of bySet) {
      for (const rule of e.expected) {
        score.expected++;
        const hit = findings.some((f) => `${f.subject.cluster}/${f.subject.scaleSet}` === k && f.ruleId === rule);
        if (!hit) {
          score.missed.push(`${k} ${rule}`);
          continue;
        }
        score.found++;
        const ev = evidenceAt.get(k);
        const at = firstFinding.get(`${k}/${rule}`);
        if (ev === undefined || at === undefined) continue;
        const ms = Math.max(0, at - ev);
        (POD_LEVEL_RULES.has(rule) ? score.podLevelMs : score.otherMs).push(ms);
        if (POD_LEVEL_RULES.has(rule) && ms > 5000) score.slow.push(`${k} ${rule} ${(ms / 1000).toFixed(1)} s`);
      }
    }
    for (const rule of fleetExpected) {
      score.expected++;
      if (findings.some((f) => f.ruleId === rule)) score.found++;
      else score.missed.push(`fleet ${rule}`);
    }
    for (const f of findings) {
      const e = f.subject.scaleSet ? bySet.get(`${f.subject.cluster}/${f.subject.scaleSet}`) : undefined;
      const ok = e ? e.acceptable.has(f.ruleId) : fleetAcceptable.has(f.ruleId);
      if (!ok) score.falseAlarms.push(`${f.subject.cluster ?? "*"}/${f.subject.scaleSet ?? "*"} ${f.ruleId}`);
    }
    return score;
  } finally {
    for (const u of unwatch) u();
    await collector.stop();
    await store.close();
    await sim.stop();
  }
}

async function run(opts: BenchOptions): Promise<Figure[]> {
  const runMs = opts.quick ? 8_000 : 90_000;
  const s = await measureDiagnosis({ runMs, log: opts.log });
  const pod = summarize(s.podLevelMs);
  const other = summarize(s.otherMs);
  if (s.missed.length) opts.log(`missed: ${s.missed.join("; ")}`);
  if (s.falseAlarms.length) opts.log(`false alarms: ${s.falseAlarms.join("; ")}`);
  if (s.slow.length) opts.log(`pod-level findings slower than 5 s: ${s.slow.join("; ")}`);
  const span = `${runMs / 1000} s real time, all 13 scenarios on 2 clusters`;
  return [
    { bench: "diagnosis", metric: "expected findings found", value: s.found, unit: `of ${s.expected}`, target: { op: ">=", value: s.expected }, note: s.missed.length ? `missed: ${s.missed.join("; ")}` : span },
    { bench: "diagnosis", metric: "unexpected findings (false alarms)", value: s.falseAlarms.length, unit: "findings", target: { op: "<=", value: 0 }, note: s.falseAlarms.length ? s.falseAlarms.join("; ") : span },
    {
      bench: "diagnosis",
      metric: "evidence → finding p95 (pod-level)",
      value: pod.p95 / 1000,
      unit: "s",
      target: { op: "<=", value: 5 },
      note: `n=${pod.n}, p50 ${(pod.p50 / 1000).toFixed(1)} s, max ${(pod.max / 1000).toFixed(1)} s; diagnosis every 5 s${s.slow.length ? `; slow: ${s.slow.join("; ")}` : ""}`,
    },
    { bench: "diagnosis", metric: "evidence → finding p95 (other faults)", value: other.p95 / 1000, unit: "s", note: `n=${other.n}, listener/GitHub/queue faults (need minutes of history by design)` },
  ];
}

export const diagnosisBench: Benchmark = { name: "diagnosis", description: "findings over every simulator scenario: found, false alarms, time to finding", run };
