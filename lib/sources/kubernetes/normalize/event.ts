import type { KubeEventRecord } from "@/lib/model";
import { compact, iso, meta, num, obj, str, text } from "./loose";

/** core/v1 Event or events.k8s.io/v1 Event → KubeEventRecord. */
export function toEventRecord(ev: unknown, cluster: string): KubeEventRecord {
  const o = obj(ev);
  const m = meta(ev);
  const involved = obj(o.involvedObject ?? o.regarding);
  const series = obj(o.series);
  const source = obj(o.source);
  const first = iso(o.firstTimestamp) ?? iso(o.deprecatedFirstTimestamp) ?? iso(o.eventTime) ?? m.createdAt;
  const last = iso(o.lastTimestamp) ?? iso(o.deprecatedLastTimestamp) ?? iso(series.lastObservedTime) ?? iso(o.eventTime) ?? first;
  return compact({
    cluster,
    namespace: str(involved.namespace) ?? m.namespace,
    uid: m.uid,
    involvedKind: str(involved.kind) ?? "",
    involvedName: str(involved.name) ?? "",
    reason: str(o.reason) ?? "",
    message: text(o.message) ?? text(o.note) ?? "",
    type: o.type === "Warning" ? "Warning" : "Normal",
    count: num(o.count) ?? num(series.count) ?? num(o.deprecatedCount) ?? 1,
    firstSeen: first,
    lastSeen: last,
    source: str(source.component) ?? str(o.reportingComponent) ?? str(o.reportingController) ?? undefined,
  });
}
