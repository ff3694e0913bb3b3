import { describe, expect, it } from "vitest";
import { diagnoseText, MAX_PASTE_BYTES, PasteTooLargeError } from "./diagnose-text";

describe("diagnoseText", () => {
  it("parses, diagnoses and reports what it read", () => {
    const out = diagnoseText('2026-03-01T04:00:00Z\tINFO\tEphemeralRunner\tCreated ephemeral runner pod\t{"ephemeralrunner": "arc-runners/web-x7k2p-runner-q9zt4"}\nnot a log line', {
      now: new Date("2026-03-01T04:05:00Z"),
    });
    expect(out.parsed.controllerLogLines).toBe(1);
    expect(out.unrecognisedCount).toBe(1);
    expect(out.scaleSetNames).toEqual(["web"]);
    expect(out.result.evaluatedAt).toBe("2026-03-01T04:05:00.000Z");
    // rules needing slices the paste lacks are reported as not evaluated, never as healthy
    expect(out.result.notEvaluated.some((n) => n.missing.some((m) => m.reason === "not in the pasted text"))).toBe(true);
  });

  it("refuses pastes over 5 MB with a typed error", () => {
    const big = "x".repeat(MAX_PASTE_BYTES + 1);
    expect(() => diagnoseText(big)).toThrow(PasteTooLargeError);
    try {
      diagnoseText(big);
    } catch (e) {
      expect(e).toBeInstanceOf(PasteTooLargeError);
      expect((e as PasteTooLargeError).message).toMatch(/limit is 5 MB/);
    }
  });
});
