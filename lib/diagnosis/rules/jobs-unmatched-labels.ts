/**
 * jobs-unmatched-labels: GitHub jobs sit queued because no scale set serves their `runs-on` labels
 * (every label must be the scale set's runnerScaleSetName or one of its runnerScaleSetLabels; `self-hosted`
 * is implicit). ARC never sees these jobs, so nothing scales and nothing logs an error.
 * Suppressed: jobs younger than 2 min, jobs that only name GitHub-hosted images (`ubuntu-latest`…), and
 * jobs whose labels an existing non-ARC self-hosted runner carries.

 */
import type { EvidenceItem, FleetSnapshot, GitHubJob, RunbookStep } from "@/lib/model";
import { servesLabels } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { kubectl, ghJobCmd } from "../helpers/kubectl";
import { cleanSubject } from "../helpers/subject";
import { jobEvidence, oldestWait, queuedJobs, servingSetsOf } from "../helpers/jobs";

const MIN_AGE_SECONDS = 120;
const GITHUB_HOSTED = /^(ubuntu|windows|macos)(-|$)/i;

function labelKey(labels: readonly string[]): string {
  return [...new Set(labels.map((l) => l.toLowerCase()))].sort().join(",");
}

function onlyGitHubHosted(labels: readonly string[]): boolean {
  return labels.length > 0 && labels.every((l) => GITHUB_HOSTED.test(l));
}

function runbook(snapshot: FleetSnapshot, job: GitHubJob, cluster: string | undefined): RunbookStep[] {
  const cols =
    "NAME:.metadata.name,NAMESPACE:.metadata.namespace,RUNS-ON:.spec.runnerScaleSetName,LABELS:.spec.runnerScaleSetLabels,GROUP:.spec.runnerGroup,URL:.spec.githubConfigUrl";
  const steps: RunbookStep[] = [
    {
      action: "List the scale sets and the runs-on names they answer to",
      command: kubectl({ cluster }, `get autoscalingrunnersets -o custom-columns=${cols}`, { allNamespaces: true }),
      tellsYou: "A job is only routed to a scale set when every runs-on label (except self-hosted) is its runnerScaleSetName or one of its runnerScaleSetLabels.",
    },
    {
      action: "Read the job's labels and status on GitHub",
      command: `${ghJobCmd(job.repository, job.id)} --jq '{status, labels, runner_group_name, created_at}'`,
      tellsYou: "The exact runs-on labels GitHub is trying to match; compare them with the RUNS-ON/LABELS columns above.",
    },
    {
      action: "Fix: change runs-on in the workflow to a scale set's name (e.g. `runs-on: <scale-set-name>`), or install a scale set whose runnerScaleSetName (0.14+: runnerScaleSetLabels) covers these labels",
      tellsYou: "Once a scale set matches, its listener sees the job as available/assigned and ARC creates a runner.",
    },
  ];
  if (snapshot.scaleSets.length === 0) steps.shift();
  return steps;
}

export const rule: CatalogRule = {
  id: "jobs-unmatched-labels",
  title: "Jobs queued with runs-on labels no scale set serves",
  severity: "warning",
  rank: 15,
  requires: ["scaleSets", "githubJobs"],
  uses: ["githubRunners"],
  detects:
    "GitHub jobs queued for minutes whose runs-on labels are not all served by any scale set (runnerScaleSetName / runnerScaleSetLabels), so no listener ever sees them.",
  evidenceNeeded: "Queued GitHub jobs with their labels and repository; the scale sets' runnerScaleSetName, extra labels and githubConfigUrl.",
  runbookOutline: [
    "List scale sets with their runnerScaleSetName and labels (kubectl get autoscalingrunnersets -A -o custom-columns).",
    "Read the job's labels (gh api repos/<o>/<r>/actions/jobs/<id>).",
    "Change runs-on to a scale set name, or add a scale set that serves the labels.",
  ],
  evaluate(snapshot, ctx) {
    const live = snapshot.scaleSets.filter((s) => !s.deletedAt);
    const otherRunners = snapshot.slices.githubRunners?.available ? snapshot.github.runners : undefined;
    const unmatched = queuedJobs(snapshot, ctx.now, MIN_AGE_SECONDS).filter((job) => {
      if (job.labels.length === 0 || onlyGitHubHosted(job.labels)) return false;
      if (servingSetsOf(snapshot, job).length > 0) return false;
      // A non-ARC self-hosted runner carrying every label can still take it: not a routing dead end.
      const needed = job.labels.map((l) => l.toLowerCase()).filter((l) => l !== "self-hosted");
      return !otherRunners?.some((r) => needed.length > 0 && needed.every((l) => r.labels.some((x) => x.toLowerCase() === l)));
    });

    const groups = new Map<string, GitHubJob[]>();
    for (const job of unmatched) {
      const k = labelKey(job.labels);
      groups.set(k, [...(groups.get(k) ?? []), job]);
    }

    const clusters = [...new Set(live.map((s) => s.cluster).filter(Boolean))];
    const cluster = clusters.length === 1 ? clusters[0] : undefined;
    const hits: RuleHit[] = [];
    for (const jobs of groups.values()) {
      jobs.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      const first = jobs[0];
      if (!first) continue;
      const labels = first.labels;
      const needed = labels.filter((l) => l.toLowerCase() !== "self-hosted");
      const repos = [...new Set(jobs.map((j) => j.repository))];
      const namesOnly = needed.length === 0;
      const sameNameOtherScope = live.filter((s) => servesLabels(s, labels));

      const evidence: EvidenceItem[] = jobs.slice(0, 4).map((j) => jobEvidence(j, ctx.now));
      evidence.push({
        observation:
          live.length === 0
            ? "No AutoscalingRunnerSet is installed"
            : `Scale sets answer to: ${live
                .slice(0, 8)
                .map((s) => `[${[s.runnerScaleSetName, ...s.extraLabels].join(", ")}]`)
                .join(" ")}${live.length > 8 ? ` and ${live.length - 8} more` : ""}`,
        source: "AutoscalingRunnerSets",
      });

      const explanation = namesOnly
        ? `${jobs.length} job(s) in ${repos.join(", ")} ask only for \`runs-on: [${labels.join(", ")}]\`. ARC scale sets are targeted by their name (runnerScaleSetName) — \`self-hosted\` alone never routes a job to a scale set — so these jobs wait for a runner that will never come (oldest ${oldestWait(jobs, ctx.now)}).`
        : sameNameOtherScope.length > 0
          ? `${jobs.length} job(s) in ${repos.join(", ")} ask for \`runs-on: [${labels.join(", ")}]\`. A scale set with that name exists (${sameNameOtherScope.map((s) => s.name).join(", ")}) but is registered for ${sameNameOtherScope.map((s) => s.githubConfigUrl).join(", ")}, which does not cover these repositories, so the jobs wait (oldest ${oldestWait(jobs, ctx.now)}).`
          : `${jobs.length} job(s) in ${repos.join(", ")} ask for \`runs-on: [${labels.join(", ")}]\`, but no scale set answers to all of these labels. GitHub keeps them queued (oldest ${oldestWait(jobs, ctx.now)}) and ARC never hears about them, so no runner is created and no error is logged anywhere.`;

      hits.push({
        subject: cleanSubject({ cluster, object: `runs-on: [${labels.join(", ")}]` }),
        title: `${jobs.length} job(s) queued for runs-on [${labels.join(", ")}]: no scale set serves these labels`,
        explanation,
        evidence: evidence.slice(0, 5),
        runbook: runbook(snapshot, first, cluster),
        differential:
          "If a scale set does match the labels, look instead at its runner group's repository access (jobs-runner-group-denied) or at the listener statistics (jobs-invisible-to-listener). A typo in runs-on looks the same as a missing scale set: compare the names character by character. GitHub-hosted larger runners with custom labels also show up here while they wait for capacity.",
        confidence: otherRunners ? "high" : "medium",
        since: first.createdAt,
      });
    }
    return hits;
  },
};
