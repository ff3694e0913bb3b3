import { describe, expect, it } from "vitest";
import { life, sample } from "@/lib/store/testing/fixtures";
import { buildSeries } from "./series";

const from = new Date("2026-11-22T10:00:00Z");
const base = { from, maxPoints: 300, lives: [], carryMs: 3 * 60_000 };

describe("buildSeries", () => {
  it("never returns more than maxPoints buckets, even for a 90-day window", () => {
    const to = new Date(from.getTime() + 90 * 86_400_000);
    const s = buildSeries({ ...base, to, samples: [] });
    expect(s.points.length).toBeLessThanOrEqual(300);
    expect((s.points.at(-1)?.t ?? "") < to.toISOString()).toBe(true);
  });

  it("keeps a spike inside a bucket and carries values over short gaps only", () => {
    const to = new Date("2026-11-22T10:10:00Z");
    const s = buildSeries({
      ...base,
      to,
      maxPoints: 10, // 1-minute buckets
      samples: [sample({ at: "2026-11-22T10:00:10Z", availableJobs: 1 }), sample({ at: "2026-11-22T10:00:50Z", availableJobs: 30 })],
    });
    expect(s.bucketSeconds).toBe(60);
    expect(s.points.map((p) => p.available)).toEqual([30, 30, 30, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("seeds the first buckets from the newest sample before the window", () => {
    const s = buildSeries({ ...base, to: new Date("2026-11-22T10:05:00Z"), maxPoints: 5, samples: [sample({ at: "2026-11-22T09:59:30Z", desiredRunners: 4 })] });
    expect(s.points.map((p) => p.desired)).toEqual([4, 4, undefined, undefined, undefined]);
  });

  it("leaves GitHub queued unknown when GitHub data is unavailable, and counts pending lives", () => {
    const s = buildSeries({
      ...base,
      to: new Date("2026-11-22T10:03:00Z"),
      maxPoints: 3,
      samples: [],
      lives: [life({ createdAt: "2026-11-22T09:59:00Z", startedAt: "2026-11-22T10:01:30Z" })],
    });
    expect(s.points.map((p) => [p.pending, p.githubQueued])).toEqual([
      [1, undefined],
      [0, undefined],
      [0, undefined],
    ]);
  });
});

describe("timelines before anything was known", () => {
  it("leaves buckets before the scale set existed empty instead of drawing zeros", () => {
    const from = new Date("2026-11-22T10:00:00Z");
    const to = new Date("2026-11-22T11:00:00Z");
    const { points } = buildSeries({ from, to, maxPoints: 60, samples: [], lives: [], jobs: [], min: 1, max: 4, carryMs: 60_000, knownSince: new Date("2026-11-22T10:30:00Z") });
    const early = points.filter((p) => p.t < "2026-11-22T10:29:00Z");
    const late = points.filter((p) => p.t >= "2026-11-22T10:30:00Z");
    expect(early.every((p) => p.pending === undefined && p.githubQueued === undefined && p.min === undefined)).toBe(true);
    expect(late.every((p) => p.pending === 0 && p.githubQueued === 0 && p.min === 1)).toBe(true);
  });
});
