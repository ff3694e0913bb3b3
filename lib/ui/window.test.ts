import { describe, expect, it } from "vitest";
import { resolveWindow } from "./window";

const now = new Date("2026-11-22T12:00:00Z");

describe("time window from the URL", () => {
  it("defaults to the last hour and accepts the named windows", () => {
    expect(resolveWindow({}, now)).toMatchObject({ name: "1h", from: new Date("2026-11-22T11:00:00Z") });
    expect(resolveWindow({ window: "24h" }, now).from).toEqual(new Date("2026-11-21T12:00:00Z"));
  });
  it("accepts a custom range and ignores a bogus window name", () => {
    expect(resolveWindow({ from: "2026-11-20T00:00:00Z", to: "2026-11-20T06:00:00Z" }, now)).toMatchObject({ name: "custom", to: new Date("2026-11-20T06:00:00Z") });
    expect(resolveWindow({ window: "99y" }, now).name).toBe("1h");
    expect(resolveWindow({ from: "2026-11-20T00:00:00Z", to: "garbage" }, now).to).toEqual(now);
  });
});
