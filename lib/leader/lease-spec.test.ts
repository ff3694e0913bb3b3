import { describe, expect, it } from "vitest";
import { isLeaseFree, releasedSpec, takeOverSpec } from "./lease-spec";

const NOW = Date.parse("2026-11-22T12:00:00Z");

describe("isLeaseFree", () => {
  it.each([
    ["no spec", undefined, true],
    ["no holder (released)", { renewTime: new Date(NOW) }, true],
    ["renewed just now", { holderIdentity: "a", leaseDurationSeconds: 15, renewTime: new Date(NOW - 1000) }, false],
    ["renewed as a MicroTime string", { holderIdentity: "a", leaseDurationSeconds: 15, renewTime: "2026-11-22T11:59:50.000000Z" as unknown as Date }, false],
    ["expired by its own duration", { holderIdentity: "a", leaseDurationSeconds: 15, renewTime: new Date(NOW - 16_000) }, true],
    ["duration missing: ours (10 s) applies", { holderIdentity: "a", renewTime: new Date(NOW - 11_000) }, true],
    ["no renew or acquire time", { holderIdentity: "a", leaseDurationSeconds: 15 }, true],
  ])("%s", (_name, spec, free) => {
    expect(isLeaseFree(spec, NOW, 10)).toBe(free);
  });
});

describe("lease specs", () => {
  it("counts a transition only when the holder changes", () => {
    const now = new Date(NOW);
    expect(takeOverSpec(undefined, "a", 15, now).leaseTransitions).toBe(0);
    expect(takeOverSpec({ holderIdentity: "a", leaseTransitions: 3 }, "b", 15, now).leaseTransitions).toBe(4);
    expect(takeOverSpec({ holderIdentity: "b", leaseTransitions: 4 }, "b", 15, now).leaseTransitions).toBe(4);
  });

  it("a released lease has no holder and a 1 s duration", () => {
    const spec = releasedSpec({ holderIdentity: "a", leaseDurationSeconds: 15, leaseTransitions: 2 }, new Date(NOW));
    expect(spec.holderIdentity).toBeUndefined();
    expect(spec.leaseDurationSeconds).toBe(1);
    expect(spec.leaseTransitions).toBe(2);
    expect(JSON.stringify(spec.renewTime)).toBe('"2026-11-22T12:00:00.000000Z"');
  });
});
