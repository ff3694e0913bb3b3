import type { SimToken } from "./types";

/** Primary rate-limit bookkeeping for one token, against the virtual clock. */

const WINDOW_S = 3600;

/** Reads `token X` / `Bearer X`. */
export function tokenFromAuthorization(header: string | undefined): string | undefined {
  const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1];
}

/** Starts a fresh window once the reset time has passed (GitHub refills the whole budget at once). */
export function refresh(token: SimToken, nowMs: number): void {
  const nowS = Math.floor(nowMs / 1000);
  if (nowS >= token.resetAt) {
    token.remaining = token.limit;
    token.resetAt = nowS + WINDOW_S;
  }
}

/** Takes one request from the budget; false when it is exhausted. */
export function consume(token: SimToken): boolean {
  if (token.remaining <= 0) return false;
  token.remaining--;
  return true;
}

export function rateLimitHeaders(token: SimToken): Record<string, string> {
  const remaining = Math.max(0, token.remaining);
  return {
    "x-ratelimit-limit": String(token.limit),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-used": String(token.limit - remaining),
    "x-ratelimit-reset": String(token.resetAt),
    "x-ratelimit-resource": "core",
  };
}

export function rateLimitJson(token: SimToken) {
  const remaining = Math.max(0, token.remaining);
  const core = { limit: token.limit, remaining, reset: token.resetAt, used: token.limit - remaining, resource: "core" };
  return { resources: { core }, rate: core };
}
