import { describe, expect, it } from "vitest";
import { nextPollDelayMs } from "./budget";

const now = Date.parse("2026-11-22T10:00:00Z");

describe("poll interval from the rate-limit budget", () => {
  it("polls at the floor while the budget is plentiful", () => {
    expect(nextPollDelayMs({ remaining: 4900, resetAtMs: now + 3_600_000, nowMs: now, cycleCost: 10, minMs: 30_000 })).toBe(30_000);
  });

  it("stretches the interval so at most half the remaining budget is spent before the reset", () => {
    // 100 left, 50 spendable, 10 per cycle → 5 cycles over 50 minutes → every 10 minutes
    expect(nextPollDelayMs({ remaining: 100, resetAtMs: now + 3_000_000, nowMs: now, cycleCost: 10, minMs: 30_000 })).toBe(600_000);
  });

  it("waits for the reset when the budget is exhausted", () => {
    expect(nextPollDelayMs({ remaining: 0, resetAtMs: now + 120_000, nowMs: now, cycleCost: 10, minMs: 30_000 })).toBe(121_000);
  });
});
