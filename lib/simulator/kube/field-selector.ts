/**
 * Kubernetes field selectors (`?fieldSelector=`): comma-joined `path=value`, `path==value`,
 * `path!=value` on dotted object paths such as `metadata.name`, `involvedObject.uid`,
 * `spec.nodeName`, `status.phase`. A missing field compares as "".
 */
import { SelectorParseError } from "./label-selector";

export interface FieldRequirement {
  path: string[];
  op: "eq" | "neq";
  value: string;
}

export type FieldMatcher = (obj: unknown) => boolean;

/** Split on commas not escaped with a backslash (the apiserver's escaping rule). */
function splitUnescaped(selector: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i];
    if (ch === "\\" && i + 1 < selector.length) {
      current += selector[i + 1];
      i++;
    } else if (ch === ",") {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

export function parseFieldSelector(selector: string): FieldRequirement[] {
  return splitUnescaped(selector).map((part) => {
    const m = /^([^=!]+?)\s*(!=|==|=)\s*(.*)$/.exec(part);
    if (!m) throw new SelectorParseError(`invalid selector: '${part}'; can't understand '${part}'`);
    const [, path = "", op, value = ""] = m;
    return { path: path.trim().split("."), op: op === "!=" ? "neq" : "eq", value: value.trim() };
  });
}

function fieldValue(obj: unknown, path: string[]): string {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof cur !== "object" || cur === null) return "";
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur === undefined || cur === null) return "";
  return typeof cur === "string" ? cur : String(cur);
}

export function compileFieldSelector(selector: string | undefined): FieldMatcher {
  if (!selector || selector.trim() === "") return () => true;
  const reqs = parseFieldSelector(selector);
  return (obj) =>
    reqs.every((r) => {
      const v = fieldValue(obj, r.path);
      return r.op === "eq" ? v === r.value : v !== r.value;
    });
}
