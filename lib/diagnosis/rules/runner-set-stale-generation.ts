/**
 * runner-set-stale-generation: a scale set has had more than one EphemeralRunnerSet for more than 5 min and an
 * older one (earlier creationTimestamp / different runner-spec-hash) still has runners. After a spec change ARC
 * drains the old generation; idle old runners keep running the previous spec and block cleanup.
 * Severity: warning when old runners sit idle (no job), info when every old runner is busy (a normal drain).

 */
import type { EvidenceItem } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { runnerEvidence } from "../helpers/evidence";
import { kubectl } from "../helpers/kubectl";
import { ageSeconds, formatDuration } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";
import { ersEvidence, generationSteps, generationsOf } from "../helpers/generations";

const COEXIST_SECONDS = 300;

export const rule: CatalogRule = {
  id: "runner-set-stale-generation",
  title: "Old EphemeralRunnerSet generation still has runners",
  severity: "warning",
  rank: 40,
  requires: ["scaleSets", "runnerSets"],
  uses: ["runners"],
  detects: "More than one EphemeralRunnerSet for a scale set for more than 5 minutes, with runners left in an older generation (idle ones do not drain on their own).",
  evidenceNeeded: "EphemeralRunnerSets of the scale set (creation time, runner-spec-hash, counts) and the runners of the older sets with their jobs.",
  runbookOutline: [
    "List the EphemeralRunnerSets oldest first with their spec hash.",
    "See which old-generation runners still hold a job.",
    "Delete idle old-generation EphemeralRunners (never ones with a job).",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    for (const set of snapshot.scaleSets) {
      if (set.deletedAt) continue;
      const gens = generationsOf(snapshot, set);
      if (!gens) continue;
      const coexist = ageSeconds(gens.newest.createdAt, ctx.now) ?? 0;
      if (coexist < COEXIST_SECONDS) continue;
      const withRunners = gens.old.filter((g) => g.count > 0);
      if (withRunners.length === 0) continue;
      const oldCount = withRunners.reduce((n, g) => n + g.count, 0);
      const idle = withRunners.flatMap((g) => g.idle);
      const runnersKnown = snapshot.slices.runners?.available;
      const evidence: EvidenceItem[] = [
        ersEvidence(gens.newest, ctx.now, "Newest", gens.newest.status.currentReplicas ?? gens.newest.replicas),
        ...withRunners.slice(0, 2).map((g) => ersEvidence(g.ers, ctx.now, "Older", g.count)),
        ...idle.slice(0, 2).map((r) => runnerEvidence(r, `Idle runner of the old generation ${r.ephemeralRunnerSet} (no job)`)),
      ];
      const busyOnly = runnersKnown && idle.length === 0;
      const steps = generationSteps(set);
      const firstIdle = idle[0];
      if (firstIdle) {
        steps.push({
          action: "Delete the idle old-generation runners (only those without a job)",
          command: kubectl(set, `delete ephemeralrunner ${idle.map((r) => r.name).slice(0, 5).join(" ")}`),
          tellsYou: "Once the old set has no runners the controller removes it and only the current spec runs.",
        });
      }
      hits.push({
        subject: scaleSetSubject(set),
        severity: busyOnly ? "info" : "warning",
        title: `${set.name} has ${gens.old.length + 1} runner-set generations for ${formatDuration(coexist)} (${oldCount} old runner(s)${runnersKnown ? `, ${idle.length} idle` : ""})`,
        explanation:
          `${set.name}'s spec changed ${formatDuration(coexist)} ago and ARC created ${gens.newest.name}, but ${withRunners.map((g) => g.ers.name).join(", ")} still hold${withRunners.length === 1 ? "s" : ""} ${oldCount} runner(s) on the previous spec. ` +
          (busyOnly
            ? "All of them are running jobs, so this is a normal drain that ends when those jobs finish."
            : "Idle old runners still take jobs with the old template and keep the old set alive; with the eventual update strategy they also hold back the new listener."),
        evidence: evidence.slice(0, 5),
        runbook: steps,
        differential:
          "With no listener pod and the scale set in phase Pending this is a rollover deadlock (listener-rollover-deadlock, critical). Old runners that all hold jobs are a normal drain.",
        confidence: runnersKnown ? "high" : "medium",
        since: gens.newest.createdAt,
      });
    }
    return hits;
  },
};
