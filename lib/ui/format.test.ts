import { describe, expect, it } from "vitest";
import { formatAgo, formatDuration, formatLifetime, formatTimestamp } from "./format";

describe("display formatting", () => {
  it("keeps short runner lives precise so a 1.6 s exit reads as 1.6 s", () => {
    expect(formatLifetime(1600)).toBe("1.6 s");
    expect(formatLifetime(800)).toBe("0.8 s");
    expect(formatLifetime(180_000)).toBe("3 min");
  });
  it("formats queue ages and lifetimes in readable units", () => {
    expect(formatDuration(0.2)).toBe("<1 s");
    expect(formatDuration(59)).toBe("59 s");
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe("3 h 5 min");
    expect(formatDuration(52 * 3600)).toBe("2 d 4 h");
  });
  it("is relative to the server's now, so server and browser render the same text", () => {
    expect(formatAgo("2026-11-22T10:00:00Z", "2026-11-22T10:03:00Z")).toBe("3 min ago");
    expect(formatAgo(undefined, "2026-11-22T10:03:00Z")).toBe("never");
    expect(formatTimestamp("2026-11-22T10:00:00.123Z")).toBe("2026-11-22 10:00:00 UTC");
  });
});
