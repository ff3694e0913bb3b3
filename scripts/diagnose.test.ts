import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const fixture = path.join(root, "lib/evidence/__fixtures__/seed-002.txt");

describe("scripts/diagnose.ts", () => {
  it("--json prints the findings of a fixture and exits 0", async () => {
    const { stdout } = await run("npx", ["tsx", "scripts/diagnose.ts", "--json", "--now", "2026-03-01T04:15:00Z", fixture], { cwd: root });
    const out = JSON.parse(stdout) as { findings: { ruleId: string; severity: string; runbook: unknown[]; evidence: unknown[]; fingerprint: string }[]; parsed: Record<string, number> };
    expect(out.findings[0]?.ruleId).toBe("runner-command-dropped");
    expect(out.findings[0]).toMatchObject({ severity: "critical", fingerprint: expect.any(String) });
    expect(out.findings[0]?.runbook.length).toBeGreaterThan(0);
    expect(out.parsed.describeBlocks).toBe(1);
  });

  it("reads stdin with `-` and prints cards as text (severity, title, evidence, numbered runbook with commands)", async () => {
    const child = execFile("npx", ["tsx", "scripts/diagnose.ts", "--now", "2026-03-01T04:15:00Z", "-"], { cwd: root });
    const { readFile } = await import("node:fs/promises");
    child.stdin?.end(await readFile(fixture, "utf8"));
    let stdout = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^CRITICAL {2}Runner container command dropped/m);
    expect(stdout).toMatch(/subject: arc-runners\/ha-restarter/);
    expect(stdout).toMatch(/Evidence:\n {4}- /);
    expect(stdout).toMatch(/Runbook:\n {4}1\. .+\n {7}\$ kubectl/);
  });
});
