import { describe, expect, it } from "vitest";
import { fingerprint } from "./fingerprint";

describe("fingerprint", () => {
  it("is stable and ignores empty subject fields and key order", () => {
    const a = fingerprint("runner-oom-killed", { cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    const b = fingerprint("runner-oom-killed", { scaleSet: "web", namespace: "arc-runners", cluster: "prod-eu", runner: undefined });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
  it("differs by rule and by subject", () => {
    const base = fingerprint("runner-oom-killed", { scaleSet: "web" });
    expect(fingerprint("runner-evicted", { scaleSet: "web" })).not.toBe(base);
    expect(fingerprint("runner-oom-killed", { scaleSet: "api" })).not.toBe(base);
  });
});
