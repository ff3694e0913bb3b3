import { createHash, timingSafeEqual } from "node:crypto";

/** A wall-display token as configured: a name for logs, and the SHA-256 of the secret (the secret is never stored). */
export interface ViewerToken {
  name: string;
  sha256: Buffer;
}

const ENTRY = /^([A-Za-z0-9._-]+):([0-9a-fA-F]{64})$/;

/** Parses `name:sha256hex,name2:sha256hex`. Throws on a malformed entry: a typo must not silently lock out a wall. */
export function parseViewerTokens(raw: string | undefined): ViewerToken[] {
  const out: ViewerToken[] = [];
  const entries = (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const [i, entry] of entries.entries()) {
    const m = ENTRY.exec(entry);
    // Name the entry by position only: a malformed one may well be a pasted cleartext secret.
    if (!m?.[1] || !m[2]) throw new Error(`RUNNERSCOPE_VIEWER_TOKENS: expected name:sha256hex in entry ${i + 1} (generate one with: printf %s "$TOKEN" | sha256sum)`);
    out.push({ name: m[1], sha256: Buffer.from(m[2], "hex") });
  }
  return out;
}

export function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * The viewer a presented token belongs to, or undefined. Compares the presented token's hash with every configured
 * hash in constant time and without stopping at the first match, so timing reveals neither the secret nor which
 * entry matched. Hashing first also gives equal lengths, which timingSafeEqual requires.
 */
export function matchViewerToken(presented: string, tokens: readonly ViewerToken[]): string | undefined {
  const hash = sha256(presented);
  let match: string | undefined;
  for (const t of tokens) {
    if (timingSafeEqual(hash, t.sha256) && match === undefined) match = t.name;
  }
  return match;
}
