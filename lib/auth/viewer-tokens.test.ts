import * as crypto from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const { matchViewerToken, parseViewerTokens, sha256 } = await import("./viewer-tokens");

const hex = (s: string) => sha256(s).toString("hex");
const tokens = parseViewerTokens(`wall:${hex("first")},lobby:${hex("second")},ops:${hex("third")}`);

afterEach(() => vi.mocked(crypto.timingSafeEqual).mockClear());

describe("matchViewerToken", () => {
  it("compares hashes with timingSafeEqual against every configured token, even after a match", () => {
    expect(matchViewerToken("first", tokens)).toBe("wall");
    const calls = vi.mocked(crypto.timingSafeEqual).mock.calls;
    expect(calls).toHaveLength(3);
    // Both sides are 32-byte digests: the presented secret itself is never compared.
    for (const [a, b] of calls) expect([Buffer.from(a as Uint8Array).length, Buffer.from(b as Uint8Array).length]).toEqual([32, 32]);
  });

  it("accepts presented tokens of any length without throwing", () => {
    expect(matchViewerToken("", tokens)).toBeUndefined();
    expect(matchViewerToken("x".repeat(10_000), tokens)).toBeUndefined();
    expect(matchViewerToken("third", tokens)).toBe("ops");
  });
});

describe("parseViewerTokens", () => {
  it("keeps only names and hashes", () => {
    expect(tokens.map((t) => [t.name, t.sha256.length])).toEqual([
      ["wall", 32],
      ["lobby", 32],
      ["ops", 32],
    ]);
    expect(parseViewerTokens(undefined)).toEqual([]);
    expect(parseViewerTokens(" , ")).toEqual([]);
  });

  it.each([["wall"], ["wall:abc"], [`wall:${"z".repeat(64)}`], [`:${hex("x")}`], ["plain-secret-not-hashed"]])("rejects %s", (raw) => {
    expect(() => parseViewerTokens(raw)).toThrow(/expected name:sha256hex/);
  });

  it("does not echo a mistaken secret in the error", () => {
    expect(() => parseViewerTokens("my-cleartext-secret")).toThrow(/^(?!.*my-cleartext-secret)/);
  });
});
