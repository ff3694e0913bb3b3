/**
 * listener-missing: a scale set has no listener pod (component runner-scale-set-listener, labelled with its
 * scale-set name and namespace) and no fresh listener statistics. Without a listener nobody asks GitHub for
 * jobs, so nothing scales: critical when jobs are queued for it.
 * Suppressed: scale sets created in the last 2 min (listener still coming up), sets being deleted, and sets
 * with listener samples in the last 2 min (the pod list may be scoped to other namespaces).

 */
import type { EvidenceItem, FleetSnapshot, RunbookStep, ScaleSetState } from "@/lib/model";
import { COMPONENT, LABEL } from "@/lib/model/arc-labels";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { podEvidence, scaleSetEvidence } from "../helpers/evidence";
import { controllerLogsCmd, kubectl, controllerNamespaceOf, controllerTarget } from "../helpers/kubectl";
import { ageSeconds, formatDuration, latest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";
import { jobEvidence, oldestWait, queuedJobsFor } from "../helpers/jobs";
import { listenerPodsFor, samplesFor } from "../helpers/listener";

const GRACE_SECONDS = 120;

/** Label selector of a scale set's AutoscalingListener and listener pod. */
function listenerSelector(set: Pick<ScaleSetState, "namespace" | "name">): string {
  return `${LABEL.component}=${COMPONENT.listener},${LABEL.scaleSetName}=${set.name}${set.namespace ? `,${LABEL.scaleSetNamespace}=${set.namespace}` : ""}`;
}

function runbook(snapshot: FleetSnapshot, set: ScaleSetState): RunbookStep[] {
  const ctl = controllerTarget(snapshot, set.cluster);
  return [
    {
      action: "Look for the AutoscalingListener and its pod in the controller namespace",
      command: kubectl(ctl, `get autoscalinglisteners,pods -l ${listenerSelector(set)}`),
      tellsYou: "No AutoscalingListener: the controller never created one (see its log). A listener but no pod: pod creation is failing.",
    },
    {
      action: "Read the scale set status",
      command: kubectl(set, `get autoscalingrunnerset ${set.name} -o jsonpath='{.status}'`),
      tellsYou: "phase Pending (0.14+) means the controller saw a spec change and has not brought the listener up yet.",
    },
    {
      action: "Read what the controller says about this scale set's listener",
      command: controllerLogsCmd(ctl, set.name),
      tellsYou: 'Look for "Creating a new AutoscalingListener", "Waiting for the running and pending runners to finish" (rollover) or version-mismatch deletions.',
    },
    {
      action: "Check the controller itself is running",
      command: kubectl(ctl, `get pods -l ${LABEL.component}=${COMPONENT.controller}`),
      tellsYou: "A controller that is down or crash-looping creates no listeners for any scale set.",
    },
  ];
}

export const rule: CatalogRule = {
  id: "listener-missing",
  title: "Scale set has no listener",
  severity: "warning",
  rank: 35,
  requires: ["scaleSets", "pods"],
  uses: ["listenerStats", "githubJobs", "clusterInfo"],
  detects: "A scale set with no listener pod in the controller namespace and no recent listener statistics: nothing asks GitHub for its jobs, so it never scales.",
  evidenceNeeded: "The AutoscalingRunnerSet, the pod list of the controller namespace (listener pods by label), recent listener samples; queued GitHub jobs raise the severity.",
  runbookOutline: [
    "kubectl get autoscalinglisteners,pods -l <listener selector> in the controller namespace.",
    "Read the AutoscalingRunnerSet status (phase).",
    "Grep the controller log for the scale set.",
    "Check the controller pod is running.",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    const statsOk = snapshot.slices.listenerStats?.available;
    const jobsOk = snapshot.slices.githubJobs?.available;
    for (const set of snapshot.scaleSets) {
      if (set.deletedAt) continue;
      if ((ageSeconds(set.createdAt, ctx.now) ?? Infinity) < GRACE_SECONDS) continue;
      if (listenerPodsFor(snapshot, set).length > 0) continue;
      const samples = statsOk ? samplesFor(snapshot, set) : [];
      const lastSample = latest(samples.map((s) => s.at));
      const lastAge = ageSeconds(lastSample, ctx.now);
      if (lastAge !== undefined && lastAge < GRACE_SECONDS) continue;

      const jobs = jobsOk ? queuedJobsFor(snapshot, set, ctx.now, 30) : [];
      const ctlNs = controllerNamespaceOf(snapshot, set.cluster);
      const evidence: EvidenceItem[] = [
        {
          observation: `No listener pod labelled ${LABEL.scaleSetName}=${set.name} in ${ctlNs ?? "the controller namespace"}`,
          source: `pods${ctlNs ? ` in ${ctlNs}` : ""}${set.cluster ? ` (${set.cluster})` : ""}`,
        },
      ];
      if (set.phase !== "unknown") evidence.push(scaleSetEvidence(set, `Scale set phase is ${set.phase}`, `status.phase: ${set.phase}`));
      if (statsOk) {
        evidence.push({
          observation: lastSample ? `Last listener statistics ${formatDuration(lastAge ?? 0)} ago` : "No listener statistics in the window",
          source: "listener statistics",
          at: lastSample,
        });
      }
      const controller = snapshot.pods.find((p) => p.role === "controller" && (!set.cluster || p.cluster === set.cluster));
      if (controller && controller.phase !== "Running") evidence.push(podEvidence(controller, `ARC controller pod is ${controller.phase}`));
      if (!controller) evidence.push({ observation: "No ARC controller pod found either: nothing can create listeners", source: `pods${ctlNs ? ` in ${ctlNs}` : ""}` });
      evidence.push(...jobs.slice(0, 2).map((j) => jobEvidence(j, ctx.now)));

      const queued = jobs.length > 0;
      const outdated = set.phase === "Outdated";
      hits.push({
        subject: scaleSetSubject(set),
        severity: queued ? "critical" : "warning",
        title: outdated
          ? `${set.name} is Outdated: its runner version is deprecated and ARC removed the listener`
          : queued
            ? `No listener for ${set.name}: ${jobs.length} job(s) queued, nothing scales`
            : `No listener pod for ${set.name}`,
        explanation:
          (outdated
            ? `A runner of ${set.name} exited with code 7 ("Runner is deprecated"), so ARC 0.14 marked the scale set Outdated and tore down its listener; update the runner image (template.spec.containers[runner].image) to a supported actions-runner version. `
            : "") +
          `Scale set ${set.name} has no listener pod, so no process holds its message session with GitHub: new jobs are never acquired and ARC does not scale it. ` +
          (queued ? `${jobs.length} job(s) for it are waiting (oldest ${oldestWait(jobs, ctx.now)}).` : "Jobs sent to it will queue until a listener comes back."),
        evidence: evidence.slice(0, 5),
        runbook: runbook(snapshot, set),
        differential:
          "Several EphemeralRunnerSets with idle old-generation runners and the log \"Waiting for the running and pending runners to finish\" mean a rollover deadlock (listener-rollover-deadlock); a controller log \"Autoscaling runner set version doesn't match the build version\" means a version mismatch; a listener pod that exists but restarts is a crash loop.",
        confidence: statsOk ? "high" : "medium",
        since: lastSample,
      });
    }
    return hits;
  },
};
