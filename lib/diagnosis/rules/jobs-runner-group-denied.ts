/**
 * jobs-runner-group-denied: a queued job's labels match a scale set, but the scale set's GitHub runner group
 * (visibility `selected`) does not list the job's repository, so GitHub never offers the job to it.
 * Suppressed: jobs another matching scale set may run; groups we could not read; `private` groups and public-repo
 * restrictions (repository visibility is not in the snapshot, so we cannot tell).
 */
import type { EvidenceItem, GitHubJob, GitHubRunnerGroup, RunbookStep, ScaleSetState } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { scaleSetEvidence } from "../helpers/evidence";
import { kubectl } from "../helpers/kubectl";
import { scaleSetSubject } from "../helpers/subject";
import { groupDenies, jobEvidence, oldestWait, queuedJobs, runnerGroupOf, servingSetsOf } from "../helpers/jobs";

const MIN_AGE_SECONDS = 60;

function runbook(set: ScaleSetState, group: GitHubRunnerGroup, repo: string): RunbookStep[] {
  return [
    {
      action: "Confirm which runner group the scale set registers into",
      command: kubectl(set, `get autoscalingrunnerset ${set.name} -o jsonpath='{.spec.runnerGroup}{"\\n"}{.metadata.annotations.actions\\.github\\.com/runner-group-name}'`),
      tellsYou: `Should print "${group.name}"; an empty spec value means the Default group.`,
    },
    {
      action: "List the repositories the runner group allows",
      command: `gh api orgs/${group.org}/actions/runner-groups/${group.id}/repositories --paginate --jq '.repositories[].full_name'`,
      tellsYou: `If ${repo} is missing, GitHub never offers its jobs to this scale set's runners.`,
    },
    {
      action: `Fix: add ${repo} to the runner group (Org settings → Actions → Runner groups → ${group.name}), or point the scale set at a group that allows it`,
      command: `gh api -X PUT orgs/${group.org}/actions/runner-groups/${group.id}/repositories/$(gh api repos/${repo} --jq .id)`,
      tellsYou: "The queued jobs become available to the listener within its next poll and ARC scales up.",
    },
  ];
}

export const rule: CatalogRule = {
  id: "jobs-runner-group-denied",
  title: "Jobs queued: the scale set's runner group does not allow the repository",
  severity: "warning",
  rank: 15,
  requires: ["scaleSets", "githubJobs", "githubRunnerGroups"],
  detects:
    "Queued jobs whose runs-on labels match a scale set, while the scale set's runner group (visibility: selected) does not list the job's repository, so GitHub never assigns them.",
  evidenceNeeded: "Queued GitHub jobs, the scale set's runnerGroup and githubConfigUrl, the org's runner groups with visibility and repository list.",
  runbookOutline: [
    "Confirm the scale set's runner group (spec.runnerGroup / runner-group-name annotation).",
    "List the group's allowed repositories (gh api orgs/<org>/actions/runner-groups/<id>/repositories).",
    "Add the repository to the group or use a group that allows it.",
  ],
  evaluate(snapshot, ctx) {
    const denied = new Map<ScaleSetState, GitHubJob[]>();
    for (const job of queuedJobs(snapshot, ctx.now, MIN_AGE_SECONDS)) {
      const serving = servingSetsOf(snapshot, job);
      if (serving.length === 0) continue;
      if (!serving.every((s) => groupDenies(runnerGroupOf(snapshot, s), job.repository))) continue;
      for (const s of serving) {
        const jobs = denied.get(s);
        if (jobs) jobs.push(job);
        else denied.set(s, [job]);
      }
    }

    const hits: RuleHit[] = [];
    for (const [set, jobs] of denied) {
      const group = runnerGroupOf(snapshot, set);
      if (!group) continue;
      jobs.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const repos = [...new Set(jobs.map((j) => j.repository))];
      const allowed = group.repositories;
      const evidence: EvidenceItem[] = [
        {
          observation: `Runner group "${group.name}" has visibility "selected" and allows ${allowed.length} repositor${allowed.length === 1 ? "y" : "ies"}; ${repos.join(", ")} ${repos.length === 1 ? "is" : "are"} not among them`,
          source: `GitHub runner group ${group.org}/${group.name} (id ${group.id})`,
          excerpt: allowed.length ? `allowed: ${allowed.slice(0, 6).join(", ")}${allowed.length > 6 ? ", …" : ""}` : "allowed: (none)",
        },
        scaleSetEvidence(set, `Scale set registers its runners in runner group "${set.runnerGroup || "Default"}"`, `runnerGroup: ${set.runnerGroup || "(default)"}`),
        ...jobs.slice(0, 3).map((j) => jobEvidence(j, ctx.now)),
      ];
      hits.push({
        subject: scaleSetSubject(set),
        title: `Runner group "${group.name}" does not allow ${repos.length === 1 ? repos[0] : `${repos.length} repositories`}: ${jobs.length} job(s) stuck`,
        explanation:
          `${jobs.length} job(s) from ${repos.join(", ")} target ${set.name} (runs-on matches), but ${set.name} registers its runners in runner group "${group.name}", which only admits selected repositories. ` +
          `GitHub therefore never hands these jobs to the scale set: the listener reports no assigned jobs and the jobs wait (oldest ${oldestWait(jobs, ctx.now)}) until they time out.`,
        evidence: evidence.slice(0, 5),
        runbook: runbook(set, group, repos[0] ?? "<owner>/<repo>"),
        differential:
          "Labels that match no scale set look the same on GitHub (jobs-unmatched-labels); a group restricted to selected workflows (restricted_to_workflows) or one that disallows public repositories also blocks jobs but is not checked here.",
        confidence: "high",
        since: jobs[0]?.createdAt,
      });
    }
    return hits;
  },
};
