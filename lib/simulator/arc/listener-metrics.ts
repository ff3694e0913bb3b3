/**
 * The 0.14 listener's Prometheus endpoint (arc-model.md §2.3), rendered as exposition text.
 * Gauges carry `name` = EphemeralRunnerSet name (not the ARS name), as the real listener does.
 */

export interface ListenerStats {
  totalAvailableJobs: number;
  totalAcquiredJobs: number;
  totalAssignedJobs: number;
  totalRunningJobs: number;
  totalRegisteredRunners: number;
  totalBusyRunners: number;
  totalIdleRunners: number;
}

const BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 18, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 150, 180, 210, 240, 300, 360, 420, 480, 540, 600, 900, 1200, 1800, 2400, 3000, 3600];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/** Job counters and histograms of one listener; labels = enterprise, organization, repository, job_name, event_name (+ job_result). */
export class ListenerJobMetrics {
  private readonly started = new Map<string, number>();
  private readonly completed = new Map<string, number>();
  private readonly startup = new Map<string, Histogram>();
  private readonly execution = new Map<string, Histogram>();

  jobStarted(org: string, repo: string, jobName: string, startupSeconds: number): void {
    const key = jobLabels(org, repo, jobName);
    this.started.set(key, (this.started.get(key) ?? 0) + 1);
    observe(this.startup, key, startupSeconds);
  }

  jobCompleted(org: string, repo: string, jobName: string, result: string, executionSeconds: number): void {
    const base = jobLabels(org, repo, jobName);
    const key = `${base},job_result="${result}"`;
    this.completed.set(key, (this.completed.get(key) ?? 0) + 1);
    observe(this.execution, key, executionSeconds);
  }

  render(lines: string[]): void {
    lines.push("# HELP gha_started_jobs_total Total number of jobs started.", "# TYPE gha_started_jobs_total counter");
    for (const [k, v] of this.started) lines.push(`gha_started_jobs_total{${k}} ${v}`);
    lines.push("# HELP gha_completed_jobs_total Total number of jobs completed.", "# TYPE gha_completed_jobs_total counter");
    for (const [k, v] of this.completed) lines.push(`gha_completed_jobs_total{${k}} ${v}`);
    renderHistogram(lines, "gha_job_startup_duration_seconds", "Time spent waiting for workflow job to get started on the runner owned by the scale set (in seconds).", this.startup);
    renderHistogram(lines, "gha_job_execution_duration_seconds", "Time spent executing workflow jobs by the scale set (in seconds).", this.execution);
  }
}

function jobLabels(org: string, repo: string, jobName: string): string {
  const repoName = repo.split("/")[1] ?? repo;
  return `enterprise="",event_name="push",job_name="${esc(jobName)}",organization="${esc(org)}",repository="${esc(repoName)}"`;
}

function esc(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function observe(map: Map<string, Histogram>, key: string, v: number): void {
  let h = map.get(key);
  if (!h) {
    h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    map.set(key, h);
  }
  for (let i = 0; i < BUCKETS.length; i++) if (v <= (BUCKETS[i] ?? Infinity)) h.counts[i] = (h.counts[i] ?? 0) + 1;
  h.sum += v;
  h.count++;
}

function renderHistogram(lines: string[], name: string, help: string, map: Map<string, Histogram>): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
  for (const [k, h] of map) {
    BUCKETS.forEach((b, i) => lines.push(`${name}_bucket{${k},le="${b}"} ${h.counts[i] ?? 0}`));
    lines.push(`${name}_bucket{${k},le="+Inf"} ${h.count}`, `${name}_sum{${k}} ${h.sum}`, `${name}_count{${k}} ${h.count}`);
  }
}

export interface GaugeInput {
  ersName: string;
  namespace: string;
  organization: string;
  stats: ListenerStats;
  minRunners: number;
  maxRunners: number;
  desiredRunners: number;
}

export function renderListenerMetrics(g: GaugeInput, jobs: ListenerJobMetrics): string {
  const labels = `name="${esc(g.ersName)}",namespace="${esc(g.namespace)}",enterprise="",organization="${esc(g.organization)}",repository=""`;
  const gauges: [string, string, number][] = [
    ["gha_assigned_jobs", "Number of jobs assigned to this scale set.", g.stats.totalAssignedJobs],
    ["gha_running_jobs", "Number of jobs running (or about to be run).", g.stats.totalRunningJobs],
    ["gha_registered_runners", "Number of runners registered by the scale set.", g.stats.totalRegisteredRunners],
    ["gha_busy_runners", "Number of registered runners running a job.", g.stats.totalBusyRunners],
    ["gha_idle_runners", "Number of registered runners not running a job.", g.stats.totalIdleRunners],
    ["gha_min_runners", "Minimum number of runners.", g.minRunners],
    ["gha_max_runners", "Maximum number of runners.", g.maxRunners],
    ["gha_desired_runners", "Number of runners desired by the scale set.", g.desiredRunners],
  ];
  const lines: string[] = [];
  for (const [name, help, v] of gauges) lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name}{${labels}} ${v}`);
  jobs.render(lines);
  return lines.join("\n") + "\n";
}
