/** Safe narrowing of loose JSON (client-node objects, pasted YAML/JSON). Never throws. */
import { redact } from "@/lib/redact";

export type Loose = Record<string, unknown>;

const EMPTY: Loose = Object.freeze({}) as Loose;

export function obj(v: unknown): Loose {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : EMPTY;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** Free text (status/condition/event messages): controllers copy API errors and specs there, so redact it. */
export function text(v: unknown): string | undefined {
  const s = str(v);
  return s === undefined ? undefined : redact(s);
}

export function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function bool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "True") return true;
  if (v === "false" || v === "False") return false;
  return undefined;
}

/** RFC3339 / Date / epoch-seconds → ISO string; undefined when unparsable. */
export function iso(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v === "number" && Number.isFinite(v)) return new Date(v < 1e12 ? v * 1000 : v).toISOString();
  if (typeof v !== "string" || v === "") return undefined;
  // log lines repeat the same timestamps: a small cache saves a Date per line
  const hit = isoCache.get(v);
  if (hit !== undefined) return hit || undefined;
  const t = Date.parse(v);
  const out = Number.isNaN(t) ? "" : new Date(t).toISOString();
  if (isoCache.size > 4096) isoCache.clear();
  isoCache.set(v, out);
  return out || undefined;
}

const isoCache = new Map<string, string>();

export function strRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) {
    const s = str(val);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

export function strList(v: unknown): string[] {
  return arr(v).flatMap((x) => {
    const s = str(x);
    return s === undefined ? [] : [s];
  });
}

export interface Meta {
  name: string;
  namespace: string;
  uid: string;
  createdAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  deletionTimestamp?: string;
  finalizers: string[];
  ownerReferences: { kind: string; name: string }[];
}

/** Metadata of any Kubernetes object; `createdAt` falls back to the epoch so records stay valid. */
export function meta(o: unknown): Meta {
  const m = obj(obj(o).metadata);
  return {
    name: str(m.name) ?? "",
    namespace: str(m.namespace) ?? "",
    uid: str(m.uid) ?? "",
    createdAt: iso(m.creationTimestamp) ?? new Date(0).toISOString(),
    labels: strRecord(m.labels),
    annotations: strRecord(m.annotations),
    deletionTimestamp: iso(m.deletionTimestamp),
    finalizers: strList(m.finalizers),
    ownerReferences: arr(m.ownerReferences).map((r) => ({ kind: str(obj(r).kind) ?? "", name: str(obj(r).name) ?? "" })),
  };
}

/** Drops undefined-valued keys so records compare cleanly and serialize small. */
export function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
