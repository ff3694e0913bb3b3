import { describe, expect, it } from "vitest";
import { rollupSamples } from "./rollup";
import { sample } from "./testing/fixtures";

describe("rollupSamples", () => {
  it("keeps the peak of each figure per 5-minute bucket and scale set", () => {
    const out = rollupSamples([
      sample({ at: "2026-11-22T10:00:10Z", availableJobs: 12, busyRunners: 1 }),
      sample({ at: "2026-11-22T10:04:59Z", availableJobs: 0, busyRunners: 4 }),
      sample({ at: "2026-11-22T10:05:00Z", availableJobs: 3, busyRunners: 2 }),
      sample({ scaleSet: "gpu", at: "2026-11-22T10:01:00Z", availableJobs: 1 }),
    ]);
    expect(out.map((r) => [r.sample.scaleSet, r.sample.at, r.sample.availableJobs, r.sample.busyRunners, r.samples])).toEqual([
      ["web", "2026-11-22T10:00:00.000Z", 12, 4, 2],
      ["web", "2026-11-22T10:05:00.000Z", 3, 2, 1],
      ["gpu", "2026-11-22T10:00:00.000Z", 1, 1, 1],
    ]);
  });

  it("merges late samples into an existing roll-up without losing its peak", () => {
    const [first] = rollupSamples([sample({ at: "2026-11-22T10:00:10Z", desiredRunners: 9 })]);
    if (!first) throw new Error("no rollup");
    const merged = rollupSamples([sample({ at: "2026-11-22T10:02:00Z", desiredRunners: 4, lastMessageId: 88 })], [first]);
    expect(merged).toHaveLength(1);
    expect(merged[0]?.sample).toMatchObject({ desiredRunners: 9, lastMessageId: 88 });
    expect(merged[0]?.samples).toBe(2);
  });

  it("leaves figures a source never reported undefined instead of inventing zeros", () => {
    const [r] = rollupSamples([sample({ at: "2026-11-22T10:00:10Z", availableJobs: undefined, minRunners: undefined })]);
    expect(r?.sample.availableJobs).toBeUndefined();
    expect(r?.sample.minRunners).toBeUndefined();
  });
});
