/**
 * PATCH bodies the simulated server accepts on writable resources: JSON merge patch (RFC 7386;
 * strategic merge is treated the same, which is exact for leases) and JSON patch (RFC 6902:
 * add, remove, replace, test).
 */

export class PatchError extends Error {}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = applyMergePatch(result[k], v);
  }
  return result;
}

function decodePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new PatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function childContainer(parent: unknown, token: string): unknown {
  if (Array.isArray(parent)) return parent[Number(token)];
  if (isPlainObject(parent)) return parent[token];
  return undefined;
}

export function applyJsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError("JSON patch body must be an array");
  let doc: unknown = structuredClone(target);
  for (const raw of ops) {
    if (!isPlainObject(raw) || typeof raw.op !== "string" || typeof raw.path !== "string") throw new PatchError("invalid JSON patch operation");
    const tokens = decodePointer(raw.path);
    if (tokens.length === 0) {
      if (raw.op === "test") {
        if (JSON.stringify(doc) !== JSON.stringify(raw.value)) throw new PatchError("test operation failed");
        continue;
      }
      doc = raw.op === "remove" ? undefined : structuredClone(raw.value);
      continue;
    }
    let parent: unknown = doc;
    for (const t of tokens.slice(0, -1)) parent = childContainer(parent, t);
    const last = tokens[tokens.length - 1] ?? "";
    if (!Array.isArray(parent) && !isPlainObject(parent)) throw new PatchError(`path ${raw.path} does not exist`);
    switch (raw.op) {
      case "add":
      case "replace":
        if (Array.isArray(parent)) {
          const idx = last === "-" ? parent.length : Number(last);
          if (raw.op === "add") parent.splice(idx, 0, structuredClone(raw.value));
          else parent[idx] = structuredClone(raw.value);
        } else {
          if (raw.op === "replace" && !(last in parent)) throw new PatchError(`path ${raw.path} does not exist`);
          parent[last] = structuredClone(raw.value);
        }
        break;
      case "remove":
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else {
          if (!(last in parent)) throw new PatchError(`path ${raw.path} does not exist`);
          delete parent[last];
        }
        break;
      case "test":
        if (JSON.stringify(childContainer(parent, last)) !== JSON.stringify(raw.value)) throw new PatchError("test operation failed");
        break;
      default:
        throw new PatchError(`unsupported JSON patch op ${JSON.stringify(raw.op)}`);
    }
  }
  return doc;
}
