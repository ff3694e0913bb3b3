import { describe, expect, it } from "vitest";
import { listenerSamplesFromMetrics } from "./listener-metrics";

// Body as the 0.14 listener serves it (arc-model.md §2.3): `name` = EphemeralRunnerSet name.
const BODY = `# HELP gha_assigned_jobs Number of jobs assigned to this scale set.
# TYPE gha_assigned_jobs gauge
gha_assigned_jobs{enterprise="",name="web-x7k2p",namespace="arc-runners",organization="acme",repository=""} 4
# HELP gha_running_jobs Number of jobs running (or about to be run).
# TYPE gha_running_jobs gauge
gha_running_jobs{enterprise="",name="web-x7k2p",namespace="arc-runners",organization="acme",repository=""} 3
# TYPE gha_registered_runners gauge
gha_registered_runners{enterprise="",name="web-x7k2p",namespace="arc-runners",organization="acme",repository=""} 5
# TYPE gha_busy_runners gauge
gha_busy_runners{enterprise="",name="web-x7k2p",namespace="arc-runners",organization="acme",repository=""} 3
# TYPE gha_idle_runners gauge
gha_idle_runners{enterprise="",name="web-x7k2p",namespace="arc-runners",organization="acme",repository=""} 2
# TYPE gha_min_runners gauge
gha_min_runners{enterprise="",name="web-x7k2p",namespace="arc-runners",organization="acme",repository=""} 1
# TYPE gha_max_runners gauge
gha_max_runners{enterprise="",name="web-x7k2p",namespace="arc-runners",organization="acme",repository=""} 10
# TYPE gha_desired_runners gauge
gha_desired_runners{enterprise="",name="web-x7k2p",namespace="arc-runners",organization="acme",repository=""} 5
# TYPE gha_started_jobs_total counter
gha_started_jobs_total{enterprise="",event_name="push",job_name="build",organization="acme",repository="web"} 17
`;

describe("listener metrics", () => {
  it("maps the ERS-named gauges back to the scale set and reads every statistic", () => {
    const samples = listenerSamplesFromMetrics(BODY, {
      cluster: "sim-east",
      at: "2026-11-22T10:00:00.000Z",
      resolve: (ers) => (ers === "web-x7k2p" ? { namespace: "arc-runners", scaleSet: "web" } : undefined),
    });
    expect(samples).toEqual([
      {
        cluster: "sim-east",
        namespace: "arc-runners",
        scaleSet: "web",
        at: "2026-11-22T10:00:00.000Z",
        source: "metrics",
        assignedJobs: 4,
        runningJobs: 3,
        registeredRunners: 5,
        busyRunners: 3,
        idleRunners: 2,
        minRunners: 1,
        maxRunners: 10,
        desiredRunners: 5,
      },
    ]);
  });

  it("falls back to the listener pod's scale set when the ERS is not cached, and returns nothing for an empty body", () => {
    const fallback = { namespace: "arc-runners", scaleSet: "web" };
    const [s] = listenerSamplesFromMetrics(BODY, { cluster: "c", at: "2026-11-22T10:00:00.000Z", resolve: () => undefined, fallback });
    expect(s).toMatchObject({ scaleSet: "web", assignedJobs: 4 });
    expect(listenerSamplesFromMetrics("", { cluster: "c", at: "2026-11-22T10:00:00.000Z", resolve: () => undefined, fallback })).toEqual([]);
  });
});
