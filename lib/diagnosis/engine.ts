import type { DataSlice, DiagnosisResult, Finding, FleetSnapshot, NotEvaluated } from "@/lib/model";
import { SEVERITY_ORDER } from "@/lib/model";
import type { Rule, RuleHit } from "./rule";
import { allRules } from "./rules";
import { fingerprint } from "./fingerprint";
import { cleanSubject, subjectLabel } from "./helpers/subject";
import { withSnapshotIndex } from "./helpers/index";

export interface DiagnoseContext {
  now: Date;
  /** Findings from the previous run, so firstSeen survives across runs. */
  previous?: Finding[];
}

const CONFIDENCE_ORDER: Record<Finding["confidence"], number> = { high: 0, medium: 1, low: 2 };

function unavailableReason(snapshot: FleetSnapshot, slice: DataSlice): string | undefined {
  return snapshot.slices[slice]?.reason;
}

/**
 * What a rule needs that the snapshot does not have: each unavailable `requires` slice, and each `requiresAny`
 * group with none of its alternatives available (as one entry, "a or b", with the reasons).
 */
function missingSlices(rule: Pick<Rule, "requires" | "requiresAny">, snapshot: FleetSnapshot): NotEvaluated["missing"] {
  const available = (s: DataSlice) => snapshot.slices[s]?.available === true;
  const missing: NotEvaluated["missing"] = rule.requires.filter((s) => !available(s)).map((s) => ({ slice: s, reason: unavailableReason(snapshot, s) }));
  for (const group of rule.requiresAny ?? []) {
    if (group.length === 0 || group.some(available)) continue;
    missing.push({ slice: group.join(" or "), reason: alternativesReason(snapshot, group) });
  }
  return missing;
}

/** One reason when all alternatives share it (the usual "not in the paste"), else "slice: reason" per alternative. */
function alternativesReason(snapshot: FleetSnapshot, group: readonly DataSlice[]): string | undefined {
  const reasons = group.map((s) => unavailableReason(snapshot, s));
  if (reasons.every((r) => r === reasons[0])) return reasons[0];
  return group.flatMap((s, i) => (reasons[i] ? [`${s}: ${reasons[i]}`] : [])).join("; ");
}

function toFinding(rule: Rule, hit: RuleHit, now: string, previous: Map<string, Finding>): Finding {
  const subject = cleanSubject(hit.subject);
  const fp = fingerprint(rule.id, subject);
  const finding: Finding = {
    ruleId: rule.id,
    severity: hit.severity ?? rule.severity,
    subject,
    title: hit.title ?? rule.title,
    explanation: hit.explanation,
    evidence: hit.evidence,
    runbook: hit.runbook,
    confidence: hit.confidence,
    firstSeen: previous.get(fp)?.firstSeen ?? hit.since ?? now,
    lastSeen: now,
    fingerprint: fp,
  };
  if (hit.differential) finding.differential = hit.differential;
  return finding;
}

/**
 * Runs every rule over the snapshot. A rule whose required slices (all of `requires`, one of each `requiresAny`
 * group) are unavailable, or that throws, is reported
 * in `notEvaluated` — never as healthy, and never crashing the run.
 */
export function diagnose(snapshot: FleetSnapshot, ctx: DiagnoseContext, rules: readonly Rule[] = allRules): DiagnosisResult {
  const now = ctx.now.toISOString();
  const previous = new Map((ctx.previous ?? []).map((f) => [f.fingerprint, f]));
  const rank = new Map(rules.map((r) => [r.id, r.rank]));
  const findings: Finding[] = [];
  const notEvaluated: NotEvaluated[] = [];

  // one index of the snapshot shared by every rule of the round (keeps the round linear in fleet size)
  withSnapshotIndex(snapshot, () => {
    for (const rule of rules) {
      const missing = missingSlices(rule, snapshot);
      if (missing.length > 0) {
        notEvaluated.push({ ruleId: rule.id, title: rule.title, missing });
        continue;
      }
      try {
        for (const hit of rule.evaluate(snapshot, { now: ctx.now })) findings.push(toFinding(rule, hit, now, previous));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        notEvaluated.push({ ruleId: rule.id, title: rule.title, missing: [{ slice: "rule-error", reason: message }] });
      }
    }
  });

  findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (rank.get(a.ruleId) ?? 0) - (rank.get(b.ruleId) ?? 0) ||
      CONFIDENCE_ORDER[a.confidence] - CONFIDENCE_ORDER[b.confidence] ||
      subjectLabel(a.subject).localeCompare(subjectLabel(b.subject)) ||
      a.ruleId.localeCompare(b.ruleId),
  );
  return { findings, notEvaluated, evaluatedAt: now };
}

/** The finding to headline: the first after sorting (most severe, most root-cause). */
export function topFinding(result: DiagnosisResult): Finding | undefined {
  return result.findings[0];
}
