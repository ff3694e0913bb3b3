import type { ScaleSetRow, ScaleSetStatus } from "@/lib/services/types";

/** Fleet overview filters; they live in the URL (`?cluster=&namespace=&status=&label=`). */
export interface FleetFilters {
  cluster?: string;
  namespace?: string;
  status?: ScaleSetStatus;
  label?: string;
}

const STATUSES = new Set<string>(["healthy", "warning", "critical", "unknown"]);

export function parseFleetFilters(params: Record<string, string | string[] | undefined>): FleetFilters {
  const one = (k: string) => {
    const v = params[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s && s.trim() ? s.trim() : undefined;
  };
  const status = one("status");
  return { cluster: one("cluster"), namespace: one("namespace"), status: status && STATUSES.has(status) ? (status as ScaleSetStatus) : undefined, label: one("label") };
}

export function applyFleetFilters(rows: readonly ScaleSetRow[], f: FleetFilters): ScaleSetRow[] {
  const label = f.label?.toLowerCase();
  return rows.filter(
    (r) =>
      (!f.cluster || r.key.cluster === f.cluster) &&
      (!f.namespace || r.key.namespace === f.namespace) &&
      (!f.status || r.status === f.status) &&
      (!label || r.key.name.toLowerCase().includes(label) || r.config.labels.some((l) => l.toLowerCase().includes(label))),
  );
}

export function filtersToQuery(f: FleetFilters): string {
  const q = new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const s = q.toString();
  return s ? `?${s}` : "";
}
