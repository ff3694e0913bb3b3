import type { GitHubJob } from "@/lib/model";
import type { Store } from "@/lib/store";
import type { RunnerDetail } from "./types";

/** Everything known about one ephemeral runner (ER name = pod name = GitHub runner name), alive or gone. */
export async function getRunnerDetail(store: Store, cluster: string, namespace: string, name: string): Promise<RunnerDetail | undefined> {
  const [lives, current, pods, githubJobs, logs] = await Promise.all([
    store.runnerLivesByName(cluster, namespace, name),
    store.getCurrentRunner(cluster, namespace, name),
    store.listPods({ cluster, namespace, name }),
    store.listGitHubJobs({ runnerName: name }),
    store.listLogLines({ cluster, namespace, pod: name, limit: 500 }),
  ]);
  if (lives.length === 0 && !current) return undefined;
  const firstSeen = [current?.createdAt, ...lives.map((l) => l.createdAt)].filter((x): x is string => !!x).sort()[0] ?? new Date(0).toISOString();
  const events = await store.listEvents({ cluster, namespace, involvedNames: [name], from: new Date(firstSeen), to: new Date("9999-12-31T00:00:00Z") });

  const pod = current?.pod ?? pods[0];
  const lastLife = lives.at(-1);
  const job = current?.job ?? lastLife?.job;
  const detail: RunnerDetail = {
    cluster,
    namespace,
    name,
    lives,
    containers: pod?.containerStatuses ?? [],
    initContainers: pod?.initContainerStatuses ?? [],
    failures: { count: current?.failureCount ?? lastLife?.failureCount ?? 0, times: current?.failureTimes ?? [] },
    events,
    logs,
  };
  if (current) detail.current = current;
  if (pod) detail.pod = pod;
  if (job) detail.job = job;
  const githubJob = pickJob(githubJobs, job?.workflowRunId);
  if (githubJob) detail.githubJob = githubJob;
  return detail;
}

/** A runner runs one job; prefer the one from the run ARC recorded, else the newest. */
function pickJob(jobs: readonly GitHubJob[], runId: number | undefined): GitHubJob | undefined {
  return jobs.find((j) => runId !== undefined && j.runId === runId) ?? jobs.at(-1);
}
