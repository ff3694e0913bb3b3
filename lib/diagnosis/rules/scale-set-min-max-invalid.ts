/**
 * scale-set-min-max-invalid: minRunners/maxRunners that cannot work as intended.
 * - minRunners > maxRunners (warning): the listener's desired count min(min + assigned, max) is capped below min.
 * - maxRunners = 0 (warning; critical when jobs are queued for it): the scale set never creates a runner.
 * - maxRunners unset / 2147483647 (info): unbounded scale-up (deskrun's "installed without min/max got min 0 and
 *   max int32").
 * Suppressed: explicit, consistent bounds.
 */
import type { EvidenceItem, RunbookStep, ScaleSetState, Severity } from "@/lib/model";
import { SEVERITY_ORDER } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { scaleSetEvidence } from "../helpers/evidence";
import { kubectl } from "../helpers/kubectl";
import { scaleSetSubject } from "../helpers/subject";
import { jobEvidence, queuedJobsFor } from "../helpers/jobs";

const INT32_MAX = 2147483647;

function fmt(v: number | undefined): string {
  return v === undefined ? "unset" : String(v);
}

function runbook(set: ScaleSetState): RunbookStep[] {
  return [
    {
      action: "Read the bounds on the live object",
      command: kubectl(set, `get autoscalingrunnerset ${set.name} -o jsonpath='min={.spec.minRunners} max={.spec.maxRunners}{"\\n"}'`),
      tellsYou: "Empty values mean the field is unset: ARC then uses min 0 and max 2147483647.",
    },
    {
      action: "Read the values the release was installed with",
      command: `helm${set.cluster ? ` --kube-context ${set.cluster}` : ""} get values ${set.name} -n ${set.namespace || "<namespace>"}`,
      tellsYou: "Where minRunners/maxRunners come from (missing keys, typos, an override that set 0).",
    },
    {
      action: "Set explicit bounds (0 ≤ minRunners ≤ maxRunners, maxRunners sized to the cluster) in the values and upgrade the release",
      tellsYou: "The listener's desired runner count is min(minRunners + assigned jobs, maxRunners).",
    },
  ];
}

export const rule: CatalogRule = {
  id: "scale-set-min-max-invalid",
  title: "Scale set minRunners/maxRunners misconfigured",
  severity: "warning",
  rank: 10,
  requires: ["scaleSets"],
  uses: ["githubJobs"],
  detects: "minRunners greater than maxRunners, maxRunners 0 (never scales), or maxRunners unset/int32 (unbounded).",
  evidenceNeeded: "The AutoscalingRunnerSet spec minRunners/maxRunners; queued GitHub jobs raise maxRunners 0 to critical.",
  runbookOutline: ["Read spec.minRunners/maxRunners.", "helm get values for the release.", "Set explicit bounds and upgrade."],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    for (const set of snapshot.scaleSets) {
      if (set.deletedAt) continue;
      const { minRunners: min, maxRunners: max } = set;
      const problems: { severity: Severity; title: string; text: string }[] = [];
      if (max === 0) {
        const jobs = snapshot.slices.githubJobs?.available ? queuedJobsFor(snapshot, set, ctx.now, 60) : [];
        problems.push({
          severity: jobs.length ? "critical" : "warning",
          title: jobs.length ? `${set.name} has maxRunners 0 with ${jobs.length} job(s) queued` : `${set.name} has maxRunners 0: it never creates runners`,
          text: "maxRunners is 0, so ARC never creates a runner for this scale set; jobs routed to it wait until they time out (the listener may still acquire them).",
        });
      } else if (min !== undefined && max !== undefined && min > max) {
        problems.push({
          severity: "warning",
          title: `${set.name} has minRunners ${min} > maxRunners ${max}`,
          text: `minRunners (${min}) is larger than maxRunners (${max}); the desired count is capped at ${max}, so the warm pool you asked for never exists.`,
        });
      }
      if (max === undefined || max >= INT32_MAX) {
        problems.push({
          severity: "info",
          title: `${set.name} has no maxRunners: scale-up is unbounded`,
          text: `maxRunners is ${max === undefined ? "unset" : "2147483647"}${min === undefined ? " and minRunners is unset" : ""}, so ARC uses min ${min ?? 0} and max 2147483647: a burst of jobs (or a runaway workflow) can create as many runner pods as the cluster accepts.`,
        });
      }
      const worst = [...problems].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])[0];
      if (!worst) continue;
      const evidence: EvidenceItem[] = [scaleSetEvidence(set, `spec.minRunners ${fmt(min)}, spec.maxRunners ${fmt(max)}`, `minRunners: ${fmt(min)}\nmaxRunners: ${fmt(max)}`)];
      if (max === 0 && snapshot.slices.githubJobs?.available) evidence.push(...queuedJobsFor(snapshot, set, ctx.now, 60).slice(0, 3).map((j) => jobEvidence(j, ctx.now)));
      hits.push({
        subject: scaleSetSubject(set),
        severity: worst.severity,
        title: worst.title,
        explanation: problems.map((p) => p.text).join(" "),
        evidence,
        runbook: runbook(set),
        differential: "A scale set at a sensible maxRunners that is simply full is scale-set-at-max, not a configuration error.",
        confidence: "high",
      });
    }
    return hits;
  },
};
