import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULE_IDS, SCENARIOS } from "./index";

describe("scenario catalogue", () => {
  it("has one file per scenario, named after its id", () => {
    const files = readdirSync(import.meta.dirname)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts" && f !== "types.ts")
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(SCENARIOS.map((s) => s.id).sort()).toEqual(files);
  });

  it("uses unique scale-set names, 12+ overall, and only known rule ids", () => {
    const names = SCENARIOS.flatMap((s) => s.scaleSets.map((x) => x.name));
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(12);
    const known = new Set<string>(RULE_IDS);
    for (const s of SCENARIOS) {
      for (const set of s.scaleSets) for (const id of [...set.expected.primary, ...set.expected.alsoAcceptable]) expect(known.has(id), `${s.id}/${set.name}: ${id}`).toBe(true);
      for (const id of [...(s.fleetExpected?.primary ?? []), ...(s.fleetExpected?.alsoAcceptable ?? [])]) expect(known.has(id)).toBe(true);
    }
  });

  it("keeps the healthy baseline free of expected findings and every fault scenario with a primary", () => {
    const healthy = SCENARIOS.find((s) => s.id === "healthy");
    expect(healthy?.scaleSets.length).toBeGreaterThanOrEqual(3);
    for (const set of healthy?.scaleSets ?? []) expect(set.expected).toEqual({ primary: [], alsoAcceptable: [] });
    for (const s of SCENARIOS.filter((x) => x.id !== "healthy")) {
      const primaries = [...s.scaleSets.flatMap((x) => x.expected.primary), ...(s.fleetExpected?.primary ?? [])];
      expect(primaries.length, s.id).toBeGreaterThan(0);
    }
  });

  it("routes every workload stream's scale-set label to a scale set of the same scenario unless the scenario is about unmatched labels", () => {
    for (const s of SCENARIOS) {
      if (s.id === "unmatched-labels") continue;
      const labels = new Set(s.scaleSets.flatMap((x) => [x.name, ...(x.extraLabels ?? [])]));
      for (const w of s.workload) expect(w.labels.filter((l) => l !== "self-hosted").every((l) => labels.has(l)), `${s.id} ${w.labels.join(",")}`).toBe(true);
    }
  });
});
