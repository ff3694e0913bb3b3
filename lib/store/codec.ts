import { createHash } from "node:crypto";
import type { LogRecord, RunnerState } from "@/lib/model";

/** What a current runner is doing, as the fleet overview counts it. */
export type RunnerActivity = "busy" | "idle" | "pending" | "failed" | "other";

/** A Running runner holding a job is busy; ARC sets the job fields on the ER status when one is assigned. */
export function runnerActivity(r: Pick<RunnerState, "phase" | "job">): RunnerActivity {
  if (r.phase === "Failed") return "failed";
  if (r.phase === "" || r.phase === "Pending") return "pending";
  if (r.phase === "Running") {
    const j = r.job;
    return j && (j.jobRequestId !== undefined || j.jobId !== undefined || j.workflowRunId !== undefined) ? "busy" : "idle";
  }
  return "other";
}

/** Identity of a log line: the same line read twice (re-follow, restart) hashes the same. */
export function logLineHash(l: LogRecord): string {
  return createHash("sha256")
    .update(JSON.stringify([l.cluster ?? "", l.namespace ?? "", l.pod ?? "", l.container ?? "", l.time ?? "", l.raw]))
    .digest("base64url");
}

/** ISO string → Date, undefined/null → null (for nullable timestamp columns). */
export function toDate(iso: string | null | undefined): Date | null {
  return iso ? new Date(iso) : null;
}

/** Splits rows for multi-row statements: PostgreSQL caps a statement at 65,535 bind parameters. */
export function chunks<T>(rows: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
