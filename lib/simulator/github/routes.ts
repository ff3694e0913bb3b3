import { groupAllowsRepo } from "@/lib/model/job-routing";
import { paginate } from "./paginate";
import { fullName, jobAttempt, jobJson, repoJson, runJson, runnerGroupJson, runnerJson } from "./render";
import { getJob, getRun, jobsOfRun, runnersInScope, runsOfRepo } from "./state";
import type { GitHubState, SimRepo, SimRunner, SimWorkflowRun } from "./types";

/**
 * Read-only REST routes of the simulated GitHub: (state, URL) → status + JSON body (+ Link).
 * Auth, budget, ETags, faults and latency are the server's job (server.ts).
 */

export interface RouteResult {
  status: number;
  body: unknown;
  link?: string;
}

const NOT_FOUND: RouteResult = {
  status: 404,
  body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" },
};

const RUN_STATUSES = new Set(["queued", "in_progress", "completed", "waiting", "requested", "pending"]);
/** GitHub caps filtered workflow-run queries at 1,000 results. */
const FILTERED_RUNS_CAP = 1000;

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function findRepo(state: GitHubState, owner: string, name: string): SimRepo | undefined {
  return state.repos.find((r) => same(r.owner, owner) && same(r.name, name));
}

const hasOrg = (state: GitHubState, org: string): boolean => state.orgs.some((o) => same(o, org));

function listed<T>(all: readonly T[], url: URL, key: string, render: (item: T) => unknown): RouteResult {
  const { items, link } = paginate(all, url);
  return { status: 200, body: { total_count: all.length, [key]: items.map(render) }, link };
}

function runnerList(all: readonly SimRunner[], url: URL): RouteResult {
  const name = url.searchParams.get("name");
  return listed(name === null ? all : all.filter((r) => r.name === name), url, "runners", runnerJson);
}

/** `status` accepts statuses and conclusions, as on GitHub. Newest first. */
function runList(state: GitHubState, repo: string, url: URL, apiBase: string): RouteResult {
  const status = url.searchParams.get("status");
  const all = [...runsOfRepo(state, repo)].reverse();
  const match = (r: SimWorkflowRun): boolean => (RUN_STATUSES.has(status ?? "") ? r.status === status : r.conclusion === status);
  const runs = status === null ? all : all.filter(match).slice(0, FILTERED_RUNS_CAP);
  return listed(runs, url, "workflow_runs", (r) => runJson(r, apiBase));
}

function repoRoutes(state: GitHubState, owner: string, name: string, rest: string[], url: URL, apiBase: string): RouteResult {
  const repo = findRepo(state, owner, name);
  if (!repo) return NOT_FOUND;
  const full = fullName(repo);
  if (rest.length === 0) return { status: 200, body: repoJson(repo) };
  if (rest[0] !== "actions") return NOT_FOUND;
  const [, section, id, sub] = rest;

  if (section === "runners" && id === undefined) return runnerList(runnersInScope(state, full), url);
  if (section === "runs" && id === undefined) return runList(state, full, url, apiBase);
  if (section === "runs" && id !== undefined) {
    const run = getRun(state, Number(id));
    if (!run || !same(run.repo, full) || rest.length > 4) return NOT_FOUND;
    if (sub === undefined) return { status: 200, body: runJson(run, apiBase) };
    if (sub !== "jobs") return NOT_FOUND;
    // filter=latest (default) hides jobs of earlier attempts
    const all = url.searchParams.get("filter") === "all";
    const jobs = jobsOfRun(state, run.id).filter((j) => all || jobAttempt(j, run) === run.runAttempt);
    return listed(jobs, url, "jobs", (j) => jobJson(j, run, apiBase));
  }
  if (section === "jobs" && id !== undefined && sub === undefined) {
    const job = getJob(state, Number(id));
    if (!job || !same(job.repo, full)) return NOT_FOUND;
    return { status: 200, body: jobJson(job, getRun(state, job.runId), apiBase) };
  }
  return NOT_FOUND;
}

function orgRoutes(state: GitHubState, org: string, rest: string[], url: URL, apiBase: string): RouteResult {
  if (!hasOrg(state, org)) return NOT_FOUND;
  const [first, section, id, sub] = rest;
  if (first === "repos" && rest.length === 1) {
    const repos = state.repos.filter((r) => same(r.owner, org));
    const { items, link } = paginate(repos, url);
    return { status: 200, body: items.map(repoJson), link };
  }
  if (first !== "actions" || rest.length > 4) return NOT_FOUND;
  if (section === "runners" && id === undefined) return runnerList(runnersInScope(state, org), url);
  if (section !== "runner-groups") return NOT_FOUND;

  const groups = state.runnerGroups.filter((g) => same(g.org, org));
  if (id === undefined) {
    const visibleTo = url.searchParams.get("visible_to_repository");
    const repo = visibleTo === null ? undefined : findRepo(state, org, visibleTo);
    const visible =
      visibleTo === null
        ? groups
        : groups.filter((g) => repo !== undefined && (groupAllowsRepo(g, fullName(repo)) || (g.visibility === "private" && repo.private)));
    return listed(visible, url, "runner_groups", (g) => runnerGroupJson(g, apiBase));
  }
  const group = groups.find((g) => g.id === Number(id));
  if (!group) return NOT_FOUND;
  if (sub === undefined) return { status: 200, body: runnerGroupJson(group, apiBase) };
  if (sub === "runners") return runnerList(runnersInScope(state, org).filter((r) => r.runnerGroupId === group.id), url);
  if (sub === "repositories") {
    // GitHub only keeps an access list for `selected` groups
    const repos = group.repositories.flatMap((full) => {
      const [owner = "", name = ""] = full.split("/");
      return findRepo(state, owner, name) ?? [];
    });
    return listed(repos, url, "repositories", repoJson);
  }
  return NOT_FOUND;
}

/** `url` is the absolute request URL (origin from the Host header); `apiBase` its origin. */
export function route(state: GitHubState, url: URL): RouteResult {
  const apiBase = url.origin;
  let parts: string[];
  try {
    parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return NOT_FOUND;
  }
  const [head, a, b, ...rest] = parts;
  if (head === "repos" && a !== undefined && b !== undefined) return repoRoutes(state, a, b, rest, url, apiBase);
  if (head === "orgs" && a !== undefined) return orgRoutes(state, a, parts.slice(2), url, apiBase);
  if (head === "installation" && a === "repositories" && b === undefined) {
    return listed(state.repos, url, "repositories", repoJson);
  }
  if (head === "user" && a === undefined) return { status: 200, body: { login: "runnerscope-sim", id: 1, type: "User" } };
  return NOT_FOUND;
}
