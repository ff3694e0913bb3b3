import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderCatalog, type CatalogRule } from "./catalog";
import { allRules } from "./rules";
import { rule as commandDropped } from "./rules/runner-command-dropped";
import { rule as githubAuthFailure } from "./rules/github-auth-failure";

describe("docs/diagnoses.md", () => {
  it("matches what scripts/gen-diagnoses-doc.ts generates (run `npx tsx scripts/gen-diagnoses-doc.ts`)", () => {
    const committed = readFileSync(path.join(import.meta.dirname, "..", "..", "docs", "diagnoses.md"), "utf8");
    expect(committed).toBe(renderCatalog(allRules));
  });

  it("lists each rule's id, severity, detection text and numbered runbook steps", () => {
    const doc = renderCatalog([commandDropped]);
    expect(doc).toContain("## runner-command-dropped");
    expect(doc).toContain("severity `critical`, rank 10");
    expect(doc).toContain(`- **Detects:** ${commandDropped.detects}`);
    expect(doc).toContain('3. Add command: ["/home/runner/run.sh"] to the runner container in the Helm values and upgrade.');
  });

  it("shows \"needs one of\" for rules that work from any of several slices", () => {
    const doc = renderCatalog([githubAuthFailure]);
    expect(doc).toContain("| one of listenerLogs / controllerLogs |");
    expect(doc).toContain("- **Needs one of:** `listenerLogs`, `controllerLogs`");
    expect(doc).not.toContain("**Requires slices:** none");
  });

  it("escapes table pipes and falls back when a rule has no outline", () => {
    const bare: CatalogRule = { ...commandDropped, id: "x-y", title: "a | b", runbookOutline: undefined };
    const doc = renderCatalog([bare]);
    expect(doc).toContain("| [x-y](#x-y) | a \\| b | critical |");
    expect(doc).toContain("1. See the finding card");
  });
});
