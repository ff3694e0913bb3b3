import { describe, expect, it } from "vitest";
import { renderTable } from "./format";
import { met, percentile } from "./types";

describe("bench figures", () => {
  it("marks a missed target as MISSED and a met one as met", () => {
    const table = renderTable([
      { bench: "api", metric: "fleet p95", value: 140, unit: "ms", target: { op: "<=", value: 100 } },
      { bench: "collector", metric: "ingest", value: 2500, unit: "events/s", target: { op: ">=", value: 2000 } },
    ]);
    expect(table).toMatch(/fleet p95\s+140 ms\s+<= 100 ms\s+MISSED/);
    expect(table).toMatch(/ingest\s+2,500 events\/s\s+>= 2,000 events\/s\s+met/);
  });

  it("computes nearest-rank percentiles", () => {
    const v = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 95)).toBe(95);
    expect(percentile([3], 99)).toBe(3);
    expect(met({ bench: "x", metric: "y", value: 1, unit: "s" })).toBeUndefined();
  });
});
