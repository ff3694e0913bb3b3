import { diagnose } from "@/lib/diagnosis/engine";
import type { DiagnosisResult } from "@/lib/model";
import { parseEvidence, type EvidenceSummary } from "./parse-paste";

/** Largest paste accepted by the CLI, the API and the page (bytes of UTF-8). */
export const MAX_PASTE_BYTES = 5 * 1024 * 1024;

export class PasteTooLargeError extends Error {
  readonly code = "payload_too_large";
  constructor(readonly bytes: number) {
    super(`The pasted text is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is 5 MB`);
    this.name = "PasteTooLargeError";
  }
}

export interface DiagnoseTextResult {
  result: DiagnosisResult;
  parsed: EvidenceSummary;
  unrecognisedCount: number;
  scaleSetNames: string[];
}

/** Parse a paste and run every diagnosis rule on it. `now` defaults to the newest time in the paste. */
export function diagnoseText(text: string, opts: { now?: Date } = {}): DiagnoseTextResult {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_PASTE_BYTES) throw new PasteTooLargeError(bytes);
  const parsed = parseEvidence(text, opts);
  const result = diagnose(parsed.snapshot, { now: parsed.now });
  return { result, parsed: parsed.summary, unrecognisedCount: parsed.unrecognised.length, scaleSetNames: parsed.scaleSetNames };
}
