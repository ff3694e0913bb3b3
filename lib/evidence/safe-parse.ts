import { parseAllDocuments } from "yaml";

/**
 * JSON/YAML parsing guarded against absurd input: nesting deeper than MAX_NESTING (e.g. 10k `[`)
 * is refused before the parser sees it, so nothing recurses into a stack overflow.
 */
export const MAX_NESTING = 256;

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Max bracket nesting outside JSON strings; stops early once over `limit`. Linear. */
export function nestingDepth(text: string, limit = MAX_NESTING): number {
  let depth = 0;
  let max = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 || c === 93) depth = Math.max(0, depth - 1);
  }
  return max;
}

export function safeJsonParse(text: string): ParseResult {
  if (nestingDepth(text) > MAX_NESTING) return { ok: false, error: "nesting too deep" };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** All documents of a (multi-doc) YAML text; documents with errors are skipped. */
export function safeYamlParseAll(text: string): ParseResult {
  if (nestingDepth(text) > MAX_NESTING) return { ok: false, error: "nesting too deep" };
  let maxIndent = 0;
  for (const line of text.split("\n")) {
    const ind = line.length - line.trimStart().length;
    if (ind > maxIndent) maxIndent = ind;
  }
  if (maxIndent > MAX_NESTING * 4) return { ok: false, error: "indentation too deep" };
  try {
    const docs = parseAllDocuments(text, { prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [docs];
    const values = list.filter((d) => d.errors.length === 0).map((d) => d.toJS({ maxAliasCount: 50 }) as unknown);
    return values.length ? { ok: true, value: values } : { ok: false, error: list[0]?.errors[0]?.message ?? "no document" };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
