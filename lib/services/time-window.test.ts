import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error";
import { parseDuration, resolveWindow } from "./time-window";

const NOW = new Date("2026-11-22T12:00:00Z");

describe("resolveWindow", () => {
  it("defaults to the last hour and accepts window durations", () => {
    expect(resolveWindow({}, NOW)).toEqual({ from: new Date("2026-11-22T11:00:00Z"), to: NOW });
    expect(resolveWindow({ window: "24h" }, NOW).from).toEqual(new Date("2026-11-21T12:00:00Z"));
    expect(parseDuration("15m")).toBe(900_000);
    expect(parseDuration("7d")).toBe(604_800_000);
  });

  it("takes explicit from/to", () => {
    expect(resolveWindow({ from: "2026-11-20T00:00:00Z", to: "2026-11-20T06:00:00Z" }, NOW)).toEqual({
      from: new Date("2026-11-20T00:00:00Z"),
      to: new Date("2026-11-20T06:00:00Z"),
    });
  });

  it.each([{ window: "1 hour" }, { window: "0h" }, { from: "yesterday" }, { from: "2026-11-22T13:00:00Z" }, { window: "91d" }])("rejects %o with a 422", (q) => {
    expect(() => resolveWindow(q, NOW)).toThrow(ApiError);
    try {
      resolveWindow(q, NOW);
    } catch (e) {
      expect(e).toMatchObject({ status: 422, code: "invalid_window" });
    }
  });
});
