import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { SourceHealth } from "@/lib/model";
import type { FleetOverview, ScaleSetRow } from "@/lib/services/types";
import { createRunnerscopeMetrics, setCollectorLag } from "./registry";
import { renderMetrics } from "./render";

function row(name: string, cluster: string, patch: Partial<ScaleSetRow> = {}): ScaleSetRow {
  return {
    key: { cluster, namespace: "arc-runners", name },
    status: "healthy",
    runners: { busy: 0, idle: 0, pending: 0, failed: 0, total: 0 },
    listener: { stats: { state: "ok" } },
    queue: { available: true, queued: 0 },
    findings: [],
    config: { containerMode: "dind", runnerGroup: "Default", githubConfigUrl: "https://github.com/acme", labels: [name], phase: "Running" },
    ...patch,
  };
}

const source = (id: string, kind: SourceHealth["kind"], state: SourceHealth["state"]): SourceHealth => ({ id, kind, label: id, state });
const finding = (ruleId: string, severity: "critical" | "warning" | "info") => ({ ruleId, severity, title: ruleId, fingerprint: `${ruleId}-fp`, firstSeen: "2026-11-22T11:00:00Z" });

const overview: FleetOverview = {
  generatedAt: "2026-11-22T12:00:00Z",
  simulated: false,
  clusters: [{ name: "prod" }, { name: "edge" }],
  sources: [source("k8s:prod", "kubernetes", "ok"), source("k8s:edge", "kubernetes", "unavailable"), source("github:acme", "github", "degraded"), source("webhooks", "webhooks", "unavailable")],
  unhealthySources: [],
  totals: { scaleSets: 3, byStatus: { healthy: 0, warning: 0, critical: 1, unknown: 2 }, runners: { busy: 3, idle: 1, pending: 2, failed: 1 }, activeFindings: { critical: 1, warning: 2, info: 0 } },
  scaleSets: [
    row("web", "prod", {
      status: "critical",
      runners: { busy: 3, idle: 1, pending: 2, failed: 1, total: 7 },
      queue: { available: true, queued: 4, oldestQueuedAt: "2026-11-22T11:40:00Z", oldestQueueAgeSeconds: 1200 },
      findings: [finding("runner-image-wrong-arch", "critical"), finding("runner-failure-loop", "warning"), finding("runner-failure-loop", "warning")],
    }),
    row("gpu", "prod", { status: "unknown", queue: { available: false, reason: "no GitHub source watches other-org" } }),
    row("arm", "edge", { status: "unknown", statusReason: "k8s:edge is unavailable", runners: { busy: 5, idle: 0, pending: 0, failed: 0, total: 5 } }),
  ],
  fleetFindings: [],
};

/** Sample lines only (no HELP/TYPE), for the given metric. */
function samples(text: string, metric: string): string[] {
  return text.split("\n").filter((l) => l.startsWith(`${metric}{`) || l.startsWith(`${metric} `));
}

describe("renderMetrics", () => {
  it("exposes findings per scale set, rule and severity", async () => {
    const text = await renderMetrics(overview, createRunnerscopeMetrics({ defaultMetrics: false }));
    expect(samples(text, "runnerscope_findings_active").sort()).toEqual([
      'runnerscope_findings_active{cluster="prod",namespace="arc-runners",scale_set="web",rule="runner-failure-loop",severity="warning"} 2',
      'runnerscope_findings_active{cluster="prod",namespace="arc-runners",scale_set="web",rule="runner-image-wrong-arch",severity="critical"} 1',
    ]);
  });

  it("omits queue series where GitHub data is unavailable, and the oldest age when nothing waits", async () => {
    const text = await renderMetrics(overview, createRunnerscopeMetrics({ defaultMetrics: false }));
    expect(samples(text, "runnerscope_queue_jobs").sort()).toEqual([
      'runnerscope_queue_jobs{cluster="edge",namespace="arc-runners",scale_set="arm"} 0',
      'runnerscope_queue_jobs{cluster="prod",namespace="arc-runners",scale_set="web"} 4',
    ]);
    expect(samples(text, "runnerscope_queue_oldest_age_seconds")).toEqual(['runnerscope_queue_oldest_age_seconds{cluster="prod",namespace="arc-runners",scale_set="web"} 1200']);
  });

  it("omits runner counts for a cluster whose API is unavailable instead of reporting stale numbers", async () => {
    const text = await renderMetrics(overview, createRunnerscopeMetrics({ defaultMetrics: false }));
    const runners = samples(text, "runnerscope_runners");
    expect(runners.filter((l) => l.includes('scale_set="web"'))).toEqual([
      'runnerscope_runners{cluster="prod",namespace="arc-runners",scale_set="web",state="busy"} 3',
      'runnerscope_runners{cluster="prod",namespace="arc-runners",scale_set="web",state="idle"} 1',
      'runnerscope_runners{cluster="prod",namespace="arc-runners",scale_set="web",state="pending"} 2',
      'runnerscope_runners{cluster="prod",namespace="arc-runners",scale_set="web",state="failed"} 1',
    ]);
    expect(runners.filter((l) => l.includes('scale_set="gpu"'))).toHaveLength(4);
    expect(runners.filter((l) => l.includes('cluster="edge"'))).toEqual([]);
  });

  it("marks the current status of each scale set with 1", async () => {
    const text = await renderMetrics(overview, createRunnerscopeMetrics({ defaultMetrics: false }));
    const ones = samples(text, "runnerscope_scale_set_status").filter((l) => l.endsWith(" 1"));
    expect(ones.sort()).toEqual([
      'runnerscope_scale_set_status{cluster="edge",namespace="arc-runners",scale_set="arm",status="unknown"} 1',
      'runnerscope_scale_set_status{cluster="prod",namespace="arc-runners",scale_set="gpu",status="unknown"} 1',
      'runnerscope_scale_set_status{cluster="prod",namespace="arc-runners",scale_set="web",status="critical"} 1',
    ]);
    expect(samples(text, "runnerscope_scale_set_status")).toHaveLength(12);
  });

  it("maps source health to 1 / 0.5 / 0", async () => {
    const text = await renderMetrics(overview, createRunnerscopeMetrics({ defaultMetrics: false }));
    expect(samples(text, "runnerscope_source_up").sort()).toEqual([
      'runnerscope_source_up{source="github:acme",kind="github"} 0.5',
      'runnerscope_source_up{source="k8s:edge",kind="kubernetes"} 0',
      'runnerscope_source_up{source="k8s:prod",kind="kubernetes"} 1',
      'runnerscope_source_up{source="webhooks",kind="webhooks"} 0',
    ]);
  });

  it("drops series of scale sets that disappeared since the last scrape", async () => {
    const m = createRunnerscopeMetrics({ defaultMetrics: false });
    await renderMetrics(overview, m);
    const text = await renderMetrics({ ...overview, scaleSets: [row("gpu", "prod")] }, m);
    expect(text).not.toContain('scale_set="web"');
    expect(samples(text, "runnerscope_findings_active")).toEqual([]);
  });

  it("keeps concurrent scrapes whole", async () => {
    const m = createRunnerscopeMetrics({ defaultMetrics: false });
    const other: FleetOverview = { ...overview, scaleSets: [row("solo", "prod", { queue: { available: true, queued: 9 } })] };
    const [a, b] = await Promise.all([renderMetrics(overview, m), renderMetrics(other, m)]);
    expect(samples(a, "runnerscope_queue_jobs")).toHaveLength(2);
    expect(samples(b, "runnerscope_queue_jobs")).toEqual(['runnerscope_queue_jobs{cluster="prod",namespace="arc-runners",scale_set="solo"} 9']);
  });

  it("exposes the collector lag only once the collector reports it, and the default process metrics", async () => {
    const m = createRunnerscopeMetrics();
    expect(samples(await renderMetrics(overview, m), "runnerscope_collector_lag_seconds")).toEqual([]);
    setCollectorLag(42.5, m);
    const text = await renderMetrics(overview, m);
    expect(samples(text, "runnerscope_collector_lag_seconds")).toEqual(["runnerscope_collector_lag_seconds 42.5"]);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    setCollectorLag(undefined, m);
    expect(samples(await renderMetrics(overview, m), "runnerscope_collector_lag_seconds")).toEqual([]);
  });
});

describe("the example alert rules", () => {
  it("only use metrics and labels Runnerscope exposes", async () => {
    const file = path.join(import.meta.dirname, "../../deploy/alerts/prometheus-rules.yaml");
    const doc = parse(readFileSync(file, "utf8")) as { spec: { groups: { rules: { expr: string }[] }[] } };
    const exprs = doc.spec.groups.flatMap((g) => g.rules.map((r) => r.expr));
    expect(exprs.length).toBeGreaterThan(0);
    const m = createRunnerscopeMetrics({ defaultMetrics: false });
    setCollectorLag(1, m);
    const text = await renderMetrics(overview, m);
    for (const expr of exprs) {
      for (const name of expr.match(/runnerscope_[a-z_]+/g) ?? []) {
        expect(m.registry.getSingleMetric(name), `${name} in "${expr}"`).toBeDefined();
        const sample = samples(text, name)[0] ?? "";
        for (const label of [...expr.matchAll(/by \(([^)]*)\)/g)].flatMap((x) => (x[1] ?? "").split(",").map((s) => s.trim()))) {
          expect(sample, `${name} should carry label ${label}`).toContain(`${label}="`);
        }
      }
    }
  });
});
