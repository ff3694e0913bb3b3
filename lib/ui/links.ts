import type { EvidenceItem, FindingSubject } from "@/lib/model";

const enc = encodeURIComponent;

export function scaleSetHref(cluster: string, namespace: string, name: string, query?: Record<string, string | undefined>): string {
  const qs = query ? new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined)).toString() : "";
  return `/scale-sets/${enc(cluster)}/${enc(namespace)}/${enc(name)}${qs ? `?${qs}` : ""}`;
}

/** The runner detail opens as a drawer on the scale-set page: its state is the `runner` query parameter. */
export function runnerHref(cluster: string, namespace: string, scaleSet: string, runner: string, query?: Record<string, string | undefined>): string {
  return scaleSetHref(cluster, namespace, scaleSet, { ...query, runner });
}

/** Where an evidence item links to inside Runnerscope, if anywhere. */
export function evidenceHref(item: EvidenceItem, subject: FindingSubject): string | undefined {
  const ref = item.ref;
  const cluster = ref?.cluster ?? subject.cluster;
  const namespace = ref?.namespace ?? subject.namespace;
  if (!ref || !cluster || !namespace) return undefined;
  if ((ref.kind === "runner" || ref.kind === "pod") && subject.scaleSet) return runnerHref(cluster, namespace, subject.scaleSet, ref.name);
  if (ref.kind === "scaleSet") return scaleSetHref(cluster, namespace, ref.name);
  return undefined;
}

export function subjectLabel(s: FindingSubject): string {
  const parts = [s.cluster, s.namespace, s.scaleSet].filter(Boolean).join("/");
  const tail = s.runner ?? s.object;
  return [parts, tail].filter(Boolean).join(" · ") || "fleet";
}
