/**
 * Kubernetes label-selector parsing and matching (the string form used in `?labelSelector=`):
 * `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` (exists), `!k` (does not exist);
 * requirements are joined by commas and all must match.
 */

export type LabelRequirement =
  | { key: string; op: "eq" | "neq"; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "notexists" };

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

/** Thrown for a malformed selector; the server maps it to 400 BadRequest. */
export class SelectorParseError extends Error {}

/** Split on commas that are not inside `( … )`. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of selector) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function parseRequirement(part: string): LabelRequirement {
  const setMatch = /^([^\s!=()]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
  if (setMatch) {
    const [, key = "", op, list = ""] = setMatch;
    const values = list.split(",").map((v) => v.trim()).filter((v) => v.length > 0);
    return { key, op: op === "in" ? "in" : "notin", values };
  }
  const neq = /^([^\s!=()]+)\s*!=\s*([^\s!=()]*)$/.exec(part);
  if (neq) return { key: neq[1] ?? "", op: "neq", value: neq[2] ?? "" };
  const eq = /^([^\s!=()]+)\s*==?\s*([^\s!=()]*)$/.exec(part);
  if (eq) return { key: eq[1] ?? "", op: "eq", value: eq[2] ?? "" };
  const notExists = /^!\s*([^\s!=()]+)$/.exec(part);
  if (notExists) return { key: notExists[1] ?? "", op: "notexists" };
  const exists = /^([^\s!=()]+)$/.exec(part);
  if (exists) return { key: exists[1] ?? "", op: "exists" };
  throw new SelectorParseError(`unable to parse requirement: ${JSON.stringify(part)}`);
}

export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTopLevel(selector).map(parseRequirement);
}

function matchesRequirement(req: LabelRequirement, labels: Record<string, string> | undefined): boolean {
  const value = labels?.[req.key];
  switch (req.op) {
    case "eq":
      return value === req.value;
    case "neq":
      return value !== req.value;
    case "in":
      return value !== undefined && req.values.includes(value);
    case "notin":
      return value === undefined || !req.values.includes(value);
    case "exists":
      return value !== undefined;
    case "notexists":
      return value === undefined;
  }
}

/** Compile a selector once; an empty or missing selector matches everything. */
export function compileLabelSelector(selector: string | undefined): LabelMatcher {
  if (!selector || selector.trim() === "") return () => true;
  const reqs = parseLabelSelector(selector);
  return (labels) => reqs.every((r) => matchesRequirement(r, labels));
}
