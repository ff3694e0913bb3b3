import type { FindingSubject } from "@/lib/model";

/** 32-bit FNV-1a over UTF-16 code units, seeded; browser-safe (no crypto). */
function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Canonical text of a subject: fixed key order, empty fields omitted, so `{a, b: undefined}` equals `{a}`. */
export function canonicalSubject(subject: FindingSubject): string {
  return (["cluster", "namespace", "scaleSet", "runner", "object"] as const)
    .filter((k) => subject[k])
    .map((k) => `${k}=${subject[k]}`)
    .join("|");
}

/** Stable 16-hex-digit hash of ruleId + subject (two seeded FNV-1a passes to make collisions unlikely). */
export function fingerprint(ruleId: string, subject: FindingSubject): string {
  const text = `${ruleId}#${canonicalSubject(subject)}`;
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  return hex(fnv1a(text, 0x811c9dc5)) + hex(fnv1a(text, 0x01000193 ^ 0x9e3779b9));
}
