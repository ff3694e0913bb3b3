import type { RunnerOutcome } from "@/lib/model";

/** Swimlane colour, label and glyph per runner outcome (glyph so colour is not the only signal). */
export const OUTCOME_STYLE: Record<RunnerOutcome, { label: string; fill: string; glyph: string; bad: boolean }> = {
  running: { label: "Running", fill: "#0ea5e9", glyph: "▶", bad: false },
  succeeded: { label: "Ran a job", fill: "#10b981", glyph: "✓", bad: false },
  "no-job-exit": { label: "Exited without a job", fill: "#f59e0b", glyph: "∅", bad: true },
  failed: { label: "Failed", fill: "#ef4444", glyph: "✕", bad: true },
  "pod-rejected": { label: "Pod rejected", fill: "#b91c1c", glyph: "⊘", bad: true },
  evicted: { label: "Evicted", fill: "#a855f7", glyph: "⇥", bad: true },
  "oom-killed": { label: "OOMKilled", fill: "#db2777", glyph: "M", bad: true },
  deleted: { label: "Deleted", fill: "#71717a", glyph: "–", bad: false },
  outdated: { label: "Outdated", fill: "#78716c", glyph: "↺", bad: true },
};

export const OUTCOME_ORDER: RunnerOutcome[] = ["failed", "pod-rejected", "oom-killed", "evicted", "no-job-exit", "outdated", "deleted", "running", "succeeded"];
