import type { FindingSubject, ScaleSetKey } from "@/lib/model";

/** Subject with empty/undefined fields dropped (pasted data may lack cluster or namespace). */
export function cleanSubject(subject: FindingSubject): FindingSubject {
  const out: FindingSubject = {};
  for (const k of ["cluster", "namespace", "scaleSet", "runner", "object"] as const) {
    const v = subject[k];
    if (v) out[k] = v;
  }
  return out;
}

/** The usual subject: one scale set. */
export function scaleSetSubject(key: Partial<ScaleSetKey>): FindingSubject {
  return cleanSubject({ cluster: key.cluster, namespace: key.namespace, scaleSet: key.name });
}

/** "prod-eu/arc-runners/web" style label for a subject, most general first. */
export function subjectLabel(subject: FindingSubject): string {
  return [subject.cluster, subject.namespace, subject.scaleSet, subject.runner, subject.object].filter(Boolean).join("/");
}
