import { describe, expect, it } from "vitest";
import { rule } from "./runner-jit-config-empty";
import { NOW, aLog, aNoJobExitLife, aRunnerLife, aSnapshot, plusSeconds, runnerName } from "../testing/builders";

const lives = [0, 1, 2].map((i) => aNoJobExitLife(i));
const notConfigured = (i: number) =>
  aLog({ origin: "runner", pod: runnerName(i), message: "Not configured. Run config.(sh/cmd) to configure the runner.", time: lives[i]!.finishedAt });

describe("runner-jit-config-empty", () => {
  it("fires when run.sh runners say 'Not configured' and exit 0 in seconds", () => {
    const hits = rule.evaluate(aSnapshot({ runnerHistory: lives, logs: [notConfigured(0), notConfigured(1), notConfigured(2)] }), { now: NOW });
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    expect(hit.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit.confidence).toBe("high");
    expect(hit.evidence[0]?.observation).toBe("3 of 3 runner lives in the window exited 0 without a job in under 5 s");
    expect(hit.evidence[1]?.excerpt).toContain("Not configured. Run config.(sh/cmd) to configure the runner.");
    expect(hit.runbook[1]?.command).toBe(`kubectl --context prod-eu -n arc-runners describe secret ${runnerName(0)}`);
    expect(hit.runbook.map((s) => s.command ?? "").join(" ")).not.toMatch(/jsonpath='\{\.data/);
  });

  it("fires with medium confidence from the controller's secret-then-finished pattern alone", () => {
    const logs = lives.flatMap((l) => [
      aLog({ message: "Created ephemeral runner secret", fields: { ephemeralrunner: `arc-runners/${l.name}`, secretName: l.name }, time: l.createdAt }),
      aLog({ message: "Ephemeral runner has finished successfully, deleting ephemeral runner", fields: { ephemeralrunner: `arc-runners/${l.name}`, exitCode: 0 }, time: plusSeconds(l.createdAt, 5) }),
    ]);
    const [hit] = rule.evaluate(aSnapshot({ runnerHistory: lives, logs }), { now: NOW });
    expect(hit?.confidence).toBe("medium");
    expect(hit?.evidence.some((e) => e.excerpt?.includes("Ephemeral runner has finished successfully"))).toBe(true);
    expect(hit?.evidence.some((e) => e.observation === "3 of these runners left no runner log at all")).toBe(true);
  });

  it("stays silent for healthy runners that ran jobs", () => {
    const ok = [0, 1, 2].map((i) => aRunnerLife({ name: runnerName(i) }));
    expect(rule.evaluate(aSnapshot({ runnerHistory: ok }), { now: NOW })).toEqual([]);
  });

  it("leaves the dropped-command case and a single odd runner to other rules", () => {
    const dropped = [0, 1, 2].map((i) => aNoJobExitLife(i, { command: undefined }));
    expect(rule.evaluate(aSnapshot({ runnerHistory: dropped, logs: [notConfigured(0)] }), { now: NOW })).toEqual([]);
    const mixed = [aNoJobExitLife(0), ...[1, 2, 3, 4].map((i) => aRunnerLife({ name: runnerName(i) }))];
    expect(rule.evaluate(aSnapshot({ runnerHistory: mixed, logs: [notConfigured(0)] }), { now: NOW })).toEqual([]);
  });
});
