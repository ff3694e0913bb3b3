import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { topFinding } from "@/lib/diagnosis/engine";
import { diagnoseText } from "./diagnose-text";

/**
 * Each fixture reproduces, in real ARC/kubectl/gh formats, the evidence quoted in one seed write-up
 * (../shared/seeds). The diagnosis of the paste must name the seed's root cause on top.
 */
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "__fixtures__", name), "utf8");

const run = (name: string, now: string) => diagnoseText(fixture(name), { now: new Date(now) }).result;

describe("seed pastes → root cause on top", () => {
  it("000: runners exit 0 within seconds after an empty JIT secret → runner-jit-config-empty", () => {
    expect(topFinding(run("seed-000.txt", "2025-11-20T20:45:00Z"))?.ruleId).toBe("runner-jit-config-empty");
  });

  it("001: runs-on [self-hosted] matches no scale set → jobs-unmatched-labels", () => {
    // The seed's evidence includes the workflow's runs-on ([self-hosted]) and the set's name (test-runner):
    // a job asking only for `self-hosted` never routes to a scale set, which explains totalAvailableJobs 0.
    // So the paste carries the queued job JSON and the rule that fits is jobs-unmatched-labels, not
    // jobs-invisible-to-listener (that one needs a job the set does serve).
    expect(topFinding(run("seed-001.txt", "2025-11-21T09:55:30Z"))?.ruleId).toBe("jobs-unmatched-labels");
  });

  it("002: runner container command dropped → runner-command-dropped, plus the kubectl-bin rejection", () => {
    const result = run("seed-002.txt", "2026-03-01T04:15:00Z");
    expect(topFinding(result)?.ruleId).toBe("runner-command-dropped");
    const rejected = result.findings.find((f) => f.ruleId === "pod-create-rejected");
    expect(rejected).toBeDefined();
    expect(JSON.stringify(rejected)).toContain("kubectl-bin");
  });

  it("003: hook workflow pod fails in init → workflow-pod-failed", () => {
    expect(topFinding(run("seed-003.txt", "2025-11-20T14:03:00Z"))?.ruleId).toBe("workflow-pod-failed");
  });

  it("004 (rate limit): listener dies on 'API rate limit exceeded' → github-rate-limit or listener-crash-loop", () => {
    const result = run("seed-004-rate-limit.txt", "2026-04-14T18:22:00Z");
    expect(["github-rate-limit", "listener-crash-loop"]).toContain(topFinding(result)?.ruleId);
  });

  it("004 (GHCR 403): listener image pull denied → image-pull-failure", () => {
    const result = run("seed-004-ghcr-403.txt", "2026-04-14T19:06:30Z");
    expect(topFinding(result)?.ruleId).toBe("image-pull-failure");
    expect(topFinding(result)?.title).toMatch(/denied|403|access/i);
  });
});
