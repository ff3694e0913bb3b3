import type { ScaleSetKey } from "@/lib/model";
import { SEVERITY_ORDER } from "@/lib/model";
import type { Store } from "@/lib/store";
import type { FindingRecord } from "./types";

/** Open findings (worst first), or with `includeResolved` the history too. */
export async function listFindings(store: Store, q: { includeResolved?: boolean; key?: ScaleSetKey } = {}): Promise<FindingRecord[]> {
  const rows = await store.listFindings(q);
  return rows.sort(
    (a, b) => Number(a.resolvedAt !== undefined) - Number(b.resolvedAt !== undefined) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.lastSeen.localeCompare(a.lastSeen),
  );
}
