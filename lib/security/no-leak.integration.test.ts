import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driveClock, startSimulatedCollector, waitFor, type SimulatedCollector } from "@/lib/collector/testing/simulated-collector";
import { SECRET_SAMPLES } from "@/lib/redact";
import { buildSnapshot, getFleetOverview, getRunnerDetail, getScaleSetView, getSourceHealth } from "@/lib/services";
import { handleDiagnoseRequest } from "@/lib/evidence/diagnose-request";
import { controllerLine, listenerLine } from "@/lib/simulator/arc/log-lines";
import { CONTROLLER_NS, RT, RUNNER_NS } from "@/lib/simulator/arc/resources";
import type { KubeObject } from "@/lib/simulator/kube/types";
import { dumpStoreText, type DumpedRow } from "./dump-store";

/**
 * Proof that no secret the cluster shows ends up in Runnerscope: every SECRET_SAMPLES value is injected into
 * controller, listener and runner log lines, Kubernetes events and EphemeralRunner status messages of a simulated
 * 0.13 cluster (its listener log is followed), collected over real HTTP into a PGlite store; then the whole store
 * and every service's JSON are searched for the secret values.
 */

const MARK = "[REDACTED:";
const probe = (channel: string, i: number) => `leakprobe-${channel}-${i}`;

let h: SimulatedCollector;
let stopClock: () => void;
let rows: DumpedRow[];
let erNames: string[] = [];

function leaks(text: string): string[] {
  return SECRET_SAMPLES.filter((s) => text.includes(s.secret)).map((s) => s.name);
}

const pods = (ns: string, component: string) =>
  h.sim.clusters[0]!.store.list<KubeObject>(RT.pod, ns).filter((p) => p.metadata.labels?.["app.kubernetes.io/component"] === component && (p.status as { phase?: string } | undefined)?.phase === "Running");

beforeAll(async () => {
  h = await startSimulatedCollector({ seed: 11, clusters: [{ name: "sim-west", arc: "0.13", scenarios: ["healthy"] }] });
  stopClock = driveClock(h.sim, 250, 25);
  const cluster = h.sim.clusters[0]!;
  // wait until the collector follows the controller, the listener and at least one running runner
  const running = await waitFor("running controller, listener and runner pods", async () => {
    const ctl = pods(CONTROLLER_NS, "controller-manager");
    const lis = pods(CONTROLLER_NS, "runner-scale-set-listener");
    const run = pods(RUNNER_NS, "runner");
    return ctl.length && lis.length && run.length ? { ctl, lis, run } : undefined;
  }, 30_000);
  await new Promise((r) => setTimeout(r, 1500)); // the log followers tick every 2 s at most
  const at = () => h.sim.clock.now();
  SECRET_SAMPLES.forEach((s, i) => {
    for (const p of running.ctl) cluster.logs.append(CONTROLLER_NS, p.metadata.name, "manager", controllerLine("0.13", at(), "error", "EphemeralRunner", `${RUNNER_NS}/x`, `Application returned an error ${probe("controller", i)}`, { error: s.text }), at());
    for (const p of running.lis) cluster.logs.append(CONTROLLER_NS, p.metadata.name, "listener", listenerLine("0.13", at(), "error", "listener", `Error getting message ${probe("listener", i)}: ${s.text}`), at());
    // runner output is plain text: a multi-line value arrives as several lines
    for (const p of running.run) for (const line of `Error: ${probe("runner", i)} ${s.text}`.split("\n")) cluster.logs.append(RUNNER_NS, p.metadata.name, "runner", line, at());
    const pod = running.run[i % running.run.length]!;
    cluster.store.create<KubeObject>(RT.event, {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${pod.metadata.name}.leak${i}`, namespace: RUNNER_NS },
      involvedObject: { kind: "Pod", namespace: RUNNER_NS, name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: "v1" },
      reason: "Failed",
      message: `Error: ${probe("event", i)} ${s.text}`,
      type: "Warning",
      source: { component: "kubelet" },
      firstTimestamp: at().toISOString(),
      lastTimestamp: at().toISOString(),
      count: 1,
    });
  });
  // EphemeralRunner status.message (the controller copies API errors there)
  const ers = cluster.store.list<KubeObject>(RT.er, RUNNER_NS);
  erNames = ers.map((e) => e.metadata.name);
  ers.forEach((er, j) => {
    const s = SECRET_SAMPLES[j % SECRET_SAMPLES.length]!;
    cluster.store.patch<KubeObject>(RT.er, RUNNER_NS, er.metadata.name, (o) => {
      o.status = { ...((o.status as Record<string, unknown> | undefined) ?? {}), message: `${probe("er", j)} ${s.text}`, reason: "RegistrationFailed" };
    });
  });
  await waitFor(
    "probes from every channel stored",
    async () => {
      await h.collector.flush();
      const text = (await dumpStoreText(h.store)).map((r) => r.text).join("\n");
      return ["controller", "listener", "runner", "event"].every((c) => text.includes(probe(c, SECRET_SAMPLES.length - 1)));
    },
    30_000,
  );
  await h.collector.diagnoseNow();
  await h.collector.flush();
  rows = await dumpStoreText(h.store);
}, 90_000);

afterAll(async () => {
  stopClock?.();
  await h?.stop();
});

describe("no secret leaves the cluster through Runnerscope", () => {
  it("stores no secret value in any column of any table", () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(new Set(rows.map((r) => r.table)).size).toBeGreaterThan(5);
    const found = rows.flatMap((r) => leaks(r.text).map((name) => `${r.table}: ${name}`));
    expect(found).toEqual([]);
  });

  it("stored the injected lines redacted, not dropped", () => {
    const logText = (channel: string, i: number) => rows.filter((r) => r.text.includes(`${probe(channel, i)}`));
    const missing: string[] = [];
    const unmarked: string[] = [];
    SECRET_SAMPLES.forEach((s, i) => {
      for (const channel of ["controller", "listener", "runner", "event"]) {
        const hits = logText(channel, i);
        if (hits.length === 0) missing.push(`${channel}/${s.name}`);
        // runner lines are split: only the first line carries the probe, and it must carry the marker if its
        // part of the secret was on it (single-line samples)
        else if (!(channel === "runner" && s.text.includes("\n")) && !hits.some((r) => r.text.includes(MARK))) unmarked.push(`${channel}/${s.name}`);
      }
    });
    expect(missing).toEqual([]);
    expect(unmarked).toEqual([]);
    // EphemeralRunner status messages: the current runner rows and runner lives carry them, redacted
    const erRows = rows.filter((r) => r.text.includes(probe("er", 0).slice(0, -1)));
    expect(erRows.length).toBeGreaterThan(0);
    expect(erRows.filter((r) => !r.text.includes(MARK)).map((r) => r.table)).toEqual([]);
  });

  it("shows no secret in any service response", async () => {
    const now = h.sim.clock.now();
    const from = new Date(now.getTime() - 3_600_000);
    const outputs: Record<string, unknown> = {
      fleet: await getFleetOverview(h.store, { now }),
      sources: await getSourceHealth(h.store),
      snapshot: await buildSnapshot(h.store, { now, window: 3_600_000 }),
      findings: await h.store.listFindings({ includeResolved: true }),
    };
    const sets = await h.store.listScaleSets();
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) outputs[`scaleSet ${s.name}`] = await getScaleSetView(h.store, s, { from, to: now, now });
    const runnerNames = new Set([...erNames, ...(await h.allLives()).map((l) => l.name)]);
    let details = 0;
    for (const name of runnerNames) {
      const d = await getRunnerDetail(h.store, "sim-west", RUNNER_NS, name);
      if (d) {
        details++;
        outputs[`runner ${name}`] = d;
      }
    }
    expect(details).toBeGreaterThan(0);
    const found = Object.entries(outputs).flatMap(([k, v]) => leaks(JSON.stringify(v)).map((n) => `${k}: ${n}`));
    expect(found).toEqual([]);
    // the redacted lines are what the user sees in place of the secret
    expect(JSON.stringify(outputs.snapshot)).toContain(MARK);
  });

  it("POST /api/diagnose returns findings about the paste without echoing its secrets", async () => {
    const lines = SECRET_SAMPLES.map((s, i) =>
      controllerLine("0.13", new Date("2026-03-01T04:00:00Z"), "error", "EphemeralRunner", `${RUNNER_NS}/web-x7k2p-runner-q9zt${i}`, "Failed to create the pod", { error: s.text.replaceAll("\n", "\\n") }),
    );
    const paste = [...lines, ...SECRET_SAMPLES.map((s) => s.text)].join("\n");
    const res = await handleDiagnoseRequest(new Request("http://127.0.0.1/api/diagnose", { method: "POST", body: paste, headers: { "content-type": "text/plain" } }));
    expect(res.status).toBe(200);
    expect(leaks(JSON.stringify(res.body))).toEqual([]);
    expect(res.body).toMatchObject({ parsed: { controllerLogLines: SECRET_SAMPLES.length } });
  });
});
