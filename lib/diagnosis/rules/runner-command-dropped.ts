/**
 * runner-command-dropped: the runner container starts without `/home/runner/run.sh` (a values override of
 * `template.spec.containers` dropped `command`), so the image's default CMD (`/bin/bash`) exits 0 at once and no
 * runner ever registers a session. Seed 002's root cause; it outranks the registration and failure-loop symptoms.
 * Suppressed: custom images whose default CMD works (lives that took jobs with the same command).
 */
import type { RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { lifeEvidence, runnerEvidence, scaleSetEvidence } from "../helpers/evidence";
import { findScaleSet, forScaleSet, knownScaleSets, sameScaleSet, scaleSetOf, type ScaleSetRef } from "../helpers/group";
import { kubectl } from "../helpers/kubectl";
import { hasJob, isSignificant, lifeSeconds, quickExitGroups, runnerPodCommand, runsRunSh } from "../helpers/lives";
import { earliest, formatDuration } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

const QUICK_EXIT_SECONDS = 5;

function describeCommand(command: readonly string[] | undefined): string {
  return command ? JSON.stringify(command) : "no command (image default CMD)";
}

function runbook(ref: ScaleSetRef): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  return [
    {
      action: "Read the runner container command in the scale set's pod template",
      command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o jsonpath='{.spec.template.spec.containers[?(@.name=="runner")].command}'`),
      tellsYou: 'Empty output means the command was dropped and the image default CMD runs; it must be ["/home/runner/run.sh"].',
    },
    {
      action: "Confirm on the runner pods",
      command: kubectl(
        target,
        `get pods -l actions.github.com/scale-set-name=${ref.name},app.kubernetes.io/component=runner -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.containers[?(@.name=="runner")].command}{"\\n"}{end}'`,
      ),
      tellsYou: "Pods without /home/runner/run.sh never start the runner listener, so they exit 0 in seconds.",
    },
    {
      action: 'Add `command: ["/home/runner/run.sh"]` to the runner container in the Helm values (template.spec.containers) and upgrade the release',
      tellsYou: "New runners start run.sh, register a session and take queued jobs.",
    },
    {
      action: "Check the live AutoscalingRunnerSet matches what Helm rendered (volumes, initContainers, serviceAccountName)",
      command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o yaml`),
      tellsYou: "Fields missing from the live object but present in `helm get manifest` point to a stale object; delete and re-install the scale set.",
    },
  ];
}

export const rule: CatalogRule = {
  id: "runner-command-dropped",
  title: "Runner container command dropped: runners exit before starting",
  severity: "critical",
  rank: 10,
  requires: ["runnerHistory"],
  uses: ["scaleSets", "runners"],
  detects:
    "Runner pods whose `runner` container has no `/home/runner/run.sh` command (a values override dropped it), so the image default CMD exits 0 within seconds and no job is ever picked up.",
  evidenceNeeded:
    "The runner container command on the AutoscalingRunnerSet template, the runner pods or the recorded runner lives, plus lives that exited 0 without a job in under ~5 s.",
  runbookOutline: [
    "Read the runner container command from the AutoscalingRunnerSet pod template (kubectl get autoscalingrunnerset -o jsonpath).",
    "Confirm the command on the runner pods.",
    'Add command: ["/home/runner/run.sh"] to the runner container in the Helm values and upgrade.',
    "Compare the live AutoscalingRunnerSet with the Helm manifest (stale server-side-applied fields).",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    const groups = quickExitGroups(snapshot, ctx.now, QUICK_EXIT_SECONDS);
    for (const ref of knownScaleSets(snapshot)) {
      const group = groups.find((g) => sameScaleSet(g.ref, ref));
      const ended = group?.ended ?? [];
      const quick = group?.quick ?? [];
      const set = findScaleSet(snapshot, ref);
      const templateDropped = !!set?.runnerContainer && !runsRunSh(set.runnerContainer.command, set.runnerContainer.args);
      // A life's command is only meaningful when its pod spec was seen (image recorded).
      const droppedQuick = quick.filter((l) => l.image !== undefined && !runsRunSh(l.command));
      const droppedRunners = forScaleSet(snapshot.runners, ref, scaleSetOf).filter((r) => {
        const c = runnerPodCommand(r);
        return c.known && !runsRunSh(c.command, c.args);
      });
      // Custom images whose default CMD starts the runner do take jobs: never flag those.
      const worked = ended.some((l) => hasJob(l.job) && !runsRunSh(l.command) && l.image !== undefined);
      if (worked) continue;

      const symptomatic = isSignificant(droppedQuick.length, ended.length, 2, 0.5);
      if (!templateDropped && !symptomatic) continue;

      const evidence = [];
      if (set && templateDropped) {
        evidence.push(
          scaleSetEvidence(set, `Runner container in the pod template has ${describeCommand(set.runnerContainer?.command)}`, `image: ${set.runnerContainer?.image ?? "?"}`),
        );
      }
      if (droppedQuick.length > 0) {
        evidence.push({
          observation: `${droppedQuick.length} of ${ended.length} runner lives in the window exited 0 without a job in under ${QUICK_EXIT_SECONDS} s`,
          source: `runner history of ${ref.name}`,
        });
      }
      for (const l of droppedQuick.slice(0, 3)) {
        const secs = lifeSeconds(l);
        evidence.push(lifeEvidence(l, `Started with ${describeCommand(l.command)}, exited ${l.exitCode ?? 0} after ${secs === undefined ? "?" : formatDuration(secs)} without a job`, `image: ${l.image ?? "?"}`));
      }
      for (const r of droppedRunners.slice(0, Math.max(0, 5 - evidence.length))) {
        evidence.push(runnerEvidence(r, `Runner pod has ${describeCommand(runnerPodCommand(r).command)}`));
      }

      const severe = symptomatic || quick.length > 0;
      hits.push({
        subject: scaleSetSubject(ref),
        severity: severe ? "critical" : "warning",
        title: severe ? undefined : "Runner container command dropped from the scale set template",
        explanation:
          "The `runner` container has no `/home/runner/run.sh` command, so Kubernetes runs the image's default CMD (`/bin/bash` for actions-runner), which exits 0 immediately. " +
          "The runner never registers a session, jobs stay queued, and ARC keeps creating runners that die in seconds" +
          (snapshot.clusters.some((c) => /^v?0\.(9|10|11)\./.test(c.controllerVersion ?? "")) ? " until they end as Failed/TooManyPodFailures (ARC ≤0.11)." : "."),
        evidence: evidence.slice(0, 5),
        runbook: runbook(ref),
        differential:
          "An empty JIT config also gives exit-0-in-seconds runners, but with the command set to run.sh and the log \"Not configured. Run config.(sh/cmd)…\"; " +
          '"Registration … was not found" in the runner log is usually a consequence of this, not a separate cause.',
        confidence: templateDropped || droppedQuick.length > 0 ? "high" : "medium",
        since: earliest(droppedQuick.map((l) => l.createdAt)),
      });
    }
    return hits;
  },
};
