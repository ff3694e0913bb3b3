import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_SLICES } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { Rule } from "../rule";
import { allRules } from "./index";
import { runnerRules } from "./runner-rules";

const dir = import.meta.dirname;
const NOT_RULES = new Set(["index.ts", "runner-rules.ts", "queue-and-control-plane.ts"]);
const ruleFiles = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !NOT_RULES.has(f));

describe("rule registry", () => {
  it("has unique ids", () => {
    const ids = allRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("registers every rule file, and each id equals its file name", async () => {
    expect(allRules.map((r) => `${r.id}.ts`).sort()).toEqual([...ruleFiles].sort());
    for (const r of allRules) {
      const mod = (await import(`./${r.id}.ts`)) as { rule?: Rule };
      expect(mod.rule, r.id).toBe(r);
    }
  });

  it("declares only valid slices, a severity, a rank and catalog text", () => {
    for (const r of allRules) {
      for (const s of [...r.requires, ...(r.requiresAny ?? []).flat(), ...(r.uses ?? [])]) expect(ALL_SLICES, `${r.id}: ${s}`).toContain(s);
      expect(["critical", "warning", "info"], r.id).toContain(r.severity);
      expect(Number.isFinite(r.rank), r.id).toBe(true);
      expect(r.detects.length, r.id).toBeGreaterThan(20);
      expect(r.evidenceNeeded.length, r.id).toBeGreaterThan(20);
    }
  });

  it("makes every rule need some data, so an empty snapshot never reads as healthy", () => {
    for (const r of allRules) {
      expect(r.requires.length + (r.requiresAny?.length ?? 0), r.id).toBeGreaterThan(0);
      for (const group of r.requiresAny ?? []) expect(group.length, r.id).toBeGreaterThan(1);
    }
  });

  it("lets the GitHub error and version rules work from controller logs alone", () => {
    const fromControllerLogs = allRules.filter((r) => r.requires.length === 0 && r.requiresAny?.some((g) => g.includes("controllerLogs")));
    expect(fromControllerLogs.map((r) => r.id)).toEqual(expect.arrayContaining(["github-auth-failure", "github-network-error", "arc-version-mismatch"]));
  });

  it("has a test beside every rule that asserts on its runbook", () => {
    for (const r of allRules) {
      const test = readFileSync(path.join(dir, `${r.id}.test.ts`), "utf8");
      expect(test, r.id).toMatch(/runbook/);
    }
  });

  it("gives every rule a runbook outline for docs/diagnoses.md", () => {
    expect(runnerRules).toHaveLength(16);
    for (const r of allRules as CatalogRule[]) expect(r.runbookOutline?.length ?? 0, r.id).toBeGreaterThan(0);
  });
});
