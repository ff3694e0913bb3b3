import { z } from "zod";
import type { Finding, NotEvaluated } from "@/lib/model";
import { diagnoseText, MAX_PASTE_BYTES, PasteTooLargeError } from "./diagnose-text";
import type { EvidenceSummary } from "./parse-paste";

/**
 * The logic of `POST /api/diagnose`, free of Next so it is unit-testable: a text/plain body (or JSON
 * `{text}`) → `{findings, notEvaluated, parsed}`. The body is never buffered past MAX_PASTE_BYTES.
 */

export interface DiagnoseResponseBody {
  findings: Finding[];
  notEvaluated: NotEvaluated[];
  parsed: EvidenceSummary;
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export interface HandlerResult {
  status: number;
  body: DiagnoseResponseBody | ErrorBody;
}

const TOO_LARGE: HandlerResult = {
  status: 413,
  body: { error: { code: "payload_too_large", message: "The pasted text is too large; the limit is 5 MB" } },
};

const JsonBody = z.object({ text: z.string() });

/** Reads at most `limit` bytes; `undefined` when the body is larger (the stream is cancelled). */
export async function readBodyLimited(req: Request, limit: number): Promise<string | undefined> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return undefined;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

function invalid(message: string): HandlerResult {
  return { status: 422, body: { error: { code: "invalid_request", message } } };
}

export async function handleDiagnoseRequest(req: Request, opts: { now?: Date } = {}): Promise<HandlerResult> {
  const raw = await readBodyLimited(req, MAX_PASTE_BYTES);
  if (raw === undefined) return TOO_LARGE;
  let text = raw;
  if ((req.headers.get("content-type") ?? "").includes("application/json")) {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return invalid("body: not valid JSON; send text/plain or {\"text\": \"…\"}");
    }
    const parsed = JsonBody.safeParse(json);
    if (!parsed.success) return invalid("text: expected a string");
    text = parsed.data.text;
  }
  if (text.trim() === "") return invalid("text: nothing to diagnose (empty paste)");
  try {
    const out = diagnoseText(text, opts);
    return { status: 200, body: { findings: out.result.findings, notEvaluated: out.result.notEvaluated, parsed: out.parsed } };
  } catch (e) {
    if (e instanceof PasteTooLargeError) return TOO_LARGE;
    throw e;
  }
}
