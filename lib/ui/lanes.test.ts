import { describe, expect, it } from "vitest";
import { packLanes } from "./lanes";

describe("swimlane packing", () => {
  it("never puts overlapping runner lives in the same lane", () => {
    const lives = [
      { start: 0, end: 10 },
      { start: 5, end: 15 },
      { start: 11, end: 20 },
      { start: 16, end: 30 },
    ];
    const packed = packLanes(lives);
    for (const a of packed)
      for (const b of packed) if (a !== b && a.lane === b.lane) expect(a.item.end <= b.item.start || b.item.end <= a.item.start).toBe(true);
    expect(Math.max(...packed.map((p) => p.lane)) + 1).toBe(2);
  });

  it("keeps a stream of one-second lives in one lane", () => {
    const lives = Array.from({ length: 100 }, (_, i) => ({ start: i * 5, end: i * 5 + 1 }));
    expect(new Set(packLanes(lives).map((p) => p.lane)).size).toBe(1);
  });
});
