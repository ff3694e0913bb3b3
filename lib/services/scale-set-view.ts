import type { GitHubJob, RunnerLife, ScaleSetKey } from "@/lib/model";
import type { Store } from "@/lib/store";
import { LISTENER_STALE_MS, listenerFreshness, statusFromFindings } from "./fleet-overview";
import { githubCoverage, indexSources, k8sSourceId, listenerSourceId, reasonOf } from "./health-lookup";
import { jobTargetsSet, percentile } from "./queue";
import { bucketMs, buildSeries } from "./series";
import type { LifeBar, QueueTimeStats, ScaleSetView } from "./types";

export interface ScaleSetViewOptions {
  from: Date;
  to: Date;
  now: Date;
  maxPoints?: number;
  /** Newest lives returned for the swimlane; more are flagged with `livesTruncated`. */
  maxLives?: number;
}

/** How far before the window jobs are looked up: a job queued that long ago can still be waiting. */
const JOB_LOOKBACK_MS = 24 * 3_600_000;

/** One scale set over a window: config, open findings, downsampled timelines, runner lives, events, queue times. */
export async function getScaleSetView(store: Store, key: ScaleSetKey, opts: ScaleSetViewOptions): Promise<ScaleSetView | undefined> {
  const config = await store.getScaleSet(key);
  if (!config) return undefined;
  const { from, to, now } = opts;
  const [findings, samples, livesRes, sourcesList, jobsRaw, pods] = await Promise.all([
    store.listFindings({ key }),
    store.listListenerBuckets({ key, from, to, stepMs: bucketMs(from, to, opts.maxPoints ?? 300) }),
    store.listRunnerLives({ key, from, to, limit: opts.maxLives ?? 5000 }),
    store.listSourceHealth(),
    store.listGitHubJobs({ statuses: ["queued", "in_progress"], since: new Date(from.getTime() - JOB_LOOKBACK_MS) }),
    store.listPods({ cluster: key.cluster }),
  ]);
  const sources = indexSources(sourcesList);
  const coverage = githubCoverage(config, sources);
  const jobs: GitHubJob[] | undefined = coverage.available ? jobsRaw.filter((j) => jobTargetsSet(config, j)) : undefined;

  // Events about this set's objects: the ARS, its runner sets, runners and listener pod.
  const names = new Set<string>([key.name]);
  for (const l of livesRes.lives) names.add(l.name).add(l.ephemeralRunnerSet);
  for (const p of pods) if (p.scaleSet === key.name && p.role === "listener") names.add(p.name);
  // The prefix narrows in SQL; the exact names then drop look-alikes ("web" vs "web-large").
  const events = (await store.listEvents({ cluster: key.cluster, namePrefix: key.name, from, to })).filter((e) => names.has(e.involvedName));

  const series = buildSeries({
    from,
    to,
    maxPoints: opts.maxPoints ?? 300,
    samples: samples.before ? [samples.before, ...samples.buckets] : samples.buckets,
    lives: livesRes.lives,
    jobs,
    min: config.minRunners,
    max: config.maxRunners,
    carryMs: LISTENER_STALE_MS,
    knownSince: knownSince(config.createdAt, samples.before ? [samples.before, ...samples.buckets] : samples.buckets, livesRes.lives),
  });

  const k8s = sources.get(k8sSourceId(key.cluster).toLowerCase());
  const { status, reason } = statusFromFindings(findings, k8s?.state === "unavailable" ? reasonOf(k8s) : undefined);
  const view: ScaleSetView = {
    key,
    generatedAt: now.toISOString(),
    window: { from: from.toISOString(), to: to.toISOString() },
    status,
    config,
    findings,
    listenerStats: listenerFreshness(samples.latest, sources.get(listenerSourceId(key).toLowerCase()), now),
    series: { ...series, githubAvailable: coverage.available },
    lives: livesRes.lives.map(toLifeBar),
    livesTruncated: livesRes.truncated,
    events,
    queueTime: queueTimes(jobs ?? [], from, to),
    sources: sourcesList,
  };
  if (reason) view.statusReason = reason;
  return view;
}

/** Queue-time percentiles (startedAt − createdAt) of jobs that started within the window. */
export function queueTimes(jobs: readonly GitHubJob[], from: Date, to: Date): QueueTimeStats {
  const waits = jobs
    .filter((j) => j.startedAt && Date.parse(j.startedAt) >= from.getTime() && Date.parse(j.startedAt) <= to.getTime())
    .map((j) => Math.max(0, (Date.parse(j.startedAt as string) - Date.parse(j.createdAt)) / 1000))
    .sort((a, b) => a - b);
  const out: QueueTimeStats = { jobs: waits.length };
  const p50 = percentile(waits, 50);
  const p90 = percentile(waits, 90);
  const p99 = percentile(waits, 99);
  if (p50 !== undefined) out.p50Seconds = p50;
  if (p90 !== undefined) out.p90Seconds = p90;
  if (p99 !== undefined) out.p99Seconds = p99;
  return out;
}

/**
 * From when the timelines may show counts: the earliest of the scale set's creation and its first sample or runner
 * life in the window (a set deleted and re-installed under the same name keeps its older history). Earlier buckets
 * are unknown, not zero.
 */
function knownSince(createdAt: string, samples: readonly { at: string }[], lives: readonly { createdAt: string }[]): Date {
  return new Date(Math.min(Date.parse(createdAt), ...samples.map((s) => Date.parse(s.at)), ...lives.map((l) => Date.parse(l.createdAt))));
}

function toLifeBar(l: RunnerLife): LifeBar {
  const bar: LifeBar = { name: l.name, createdAt: l.createdAt, outcome: l.outcome };
  if (l.startedAt) bar.startedAt = l.startedAt;
  if (l.finishedAt) bar.finishedAt = l.finishedAt;
  if (l.deletedAt) bar.deletedAt = l.deletedAt;
  if (l.exitCode !== undefined) bar.exitCode = l.exitCode;
  if (l.job?.displayName) bar.job = { displayName: l.job.displayName };
  return bar;
}
