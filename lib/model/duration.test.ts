import { describe, expect, it } from "vitest";
import { formatDuration } from "./duration";

describe("formatDuration", () => {
  it("keeps short durations precise to a tenth of a second", () => {
    expect(formatDuration(0.2)).toBe("<1 s");
    expect(formatDuration(1.24)).toBe("1.2 s");
    expect(formatDuration(1)).toBe("1 s");
    expect(formatDuration(9.96)).toBe("10 s");
    expect(formatDuration(45)).toBe("45 s");
  });

  it("rolls over to the next unit instead of printing 60 of the smaller one", () => {
    expect(formatDuration(59.6)).toBe("1 min");
    expect(formatDuration(3599.6)).toBe("1 h");
    expect(formatDuration(7199.9)).toBe("2 h");
    expect(formatDuration(698 * 3600 + 3599.6)).toBe("29 d 3 h");
    expect(formatDuration(48 * 3600 - 1)).toBe("2 d");
  });

  it("prints minutes, hours with minutes, and days with hours", () => {
    expect(formatDuration(300)).toBe("5 min");
    expect(formatDuration(90)).toBe("2 min");
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe("3 h 5 min");
    expect(formatDuration(2 * 3600)).toBe("2 h");
    expect(formatDuration(52 * 3600)).toBe("2 d 4 h");
    expect(formatDuration(72 * 3600)).toBe("3 d");
  });

  it("shows negative ages as zero and unknown ones as a dash", () => {
    expect(formatDuration(-5)).toBe("<1 s");
    expect(formatDuration(Number.NaN)).toBe("—");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("—");
  });
});
