import type { DataSlice, EvidenceItem, FindingSubject, FleetSnapshot, RunbookStep, Severity } from "@/lib/model";

/** What a rule may use besides the snapshot. Rules never read the clock or do I/O. */
export interface RuleContext {
  now: Date;
}

/** A rule's raw result; the engine adds firstSeen/lastSeen and the fingerprint. */
export interface RuleHit {
  subject: FindingSubject;
  /** Overrides the rule's default severity (e.g. "near" vs "exhausted"). */
  severity?: Severity;
  /** Title specific to this subject; defaults to the rule title. */
  title?: string;
  explanation: string;
  evidence: EvidenceItem[];
  runbook: RunbookStep[];
  differential?: string;
  confidence: "high" | "medium" | "low";
  /** Earliest evidence time, if known (becomes firstSeen). */
  since?: string;
}

/**
 * One diagnosis rule, one file: `lib/diagnosis/rules/<id>.ts`, registered explicitly in `rules/index.ts`.
 * `id` equals the file name and never changes once shipped.
 */
export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  /**
   * Root-cause rank: lower ranks are causes, higher ranks are symptoms. When several findings share a
   * subject, the lowest rank is shown first (e.g. a dropped container command outranks the failure loop it causes).
   */
  rank: number;
  /** Slices the rule reads. If any is unavailable the rule is "not evaluated". */
  requires: DataSlice[];
  /**
   * "Any of" requirements: for each inner list at least one slice must be available, else the rule is
   * "not evaluated" (e.g. `[["listenerLogs", "controllerLogs"]]` for a rule that reads either log).
   */
  requiresAny?: DataSlice[][];
  /** Slices that sharpen the result when present but are not required. */
  uses?: DataSlice[];
  /** Plain-language description of what it detects (for docs/diagnoses.md). */
  detects: string;
  /** The evidence it needs, in words (for docs/diagnoses.md). */
  evidenceNeeded: string;
  evaluate(snapshot: FleetSnapshot, ctx: RuleContext): RuleHit[];
}
