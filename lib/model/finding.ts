import type { IsoTime } from "./fleet";

export type Severity = "critical" | "warning" | "info";

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** What a finding is about. Unset fields widen the scope (a cluster-level finding has no scaleSet). */
export interface FindingSubject {
  cluster?: string;
  namespace?: string;
  scaleSet?: string;
  /** EphemeralRunner / pod name when the finding is about one runner. */
  runner?: string;
  /** Other object, e.g. `Pod arc-systems/web-754b578d-listener`. */
  object?: string;
}

/** One observation backing a finding. */
export interface EvidenceItem {
  /** What was observed, in plain words ("runner container exited 0 after 1.2 s"). */
  observation: string;
  /** Where it came from: `EphemeralRunner arc-runners/web-abc-runner-x`, `listener log`, `GitHub job 123`. */
  source: string;
  /** Verbatim (redacted) log line or field value, when there is one. */
  excerpt?: string;
  at?: IsoTime;
  /** Link target inside Runnerscope (runner detail, etc.). */
  ref?: { kind: "runner" | "pod" | "scaleSet" | "job" | "event" | "log"; name: string; namespace?: string; cluster?: string };
}

export interface RunbookStep {
  /** What to do. */
  action: string;
  /** Exact command with names filled in, if any. */
  command?: string;
  /** What the result tells you. */
  tellsYou: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  subject: FindingSubject;
  title: string;
  /** What is happening and why it matters, in plain words. */
  explanation: string;
  evidence: EvidenceItem[];
  runbook: RunbookStep[];
  /** When other causes fit the same symptoms: which evidence tells them apart. */
  differential?: string;
  confidence: "high" | "medium" | "low";
  firstSeen: IsoTime;
  lastSeen: IsoTime;
  /** Stable hash of ruleId + subject, for de-duplication and history. */
  fingerprint: string;
}

/** A rule that could not run because a slice it needs is unavailable. */
export interface NotEvaluated {
  ruleId: string;
  title: string;
  missing: { slice: string; reason?: string }[];
}

export interface DiagnosisResult {
  findings: Finding[];
  notEvaluated: NotEvaluated[];
  evaluatedAt: IsoTime;
}
