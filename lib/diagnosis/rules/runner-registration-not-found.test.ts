import { describe, expect, it } from "vitest";
import { rule } from "./runner-registration-not-found";
import { NOW, aLog, aNoJobExitLife, aRunnerLife, aScaleSet, aSnapshot, runnerName } from "../testing/builders";

const line = (i: number) =>
  aLog({
    origin: "runner",
    pod: runnerName(i),
    message:
      "VssOAuthTokenRequestException: Registration 6f1d2a3b-8c4e-4f5a-9b0c-1d2e3f4a5b6c was not found. Failed to create a session. The runner registration has been deleted from the server, please re-configure.",
  });

describe("runner-registration-not-found", () => {
  it("fires when several runners log that their registration was not found", () => {
    const snap = aSnapshot({ scaleSets: [aScaleSet()], runnerHistory: [aNoJobExitLife(0), aNoJobExitLife(1)], logs: [line(0), line(1)] });
    const [hit] = rule.evaluate(snap, { now: NOW });
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.observation).toBe('2 runner(s) logged "Registration … was not found"');
    expect(hit?.evidence[1]?.excerpt).toContain("Registration 6f1d2a3b-8c4e-4f5a-9b0c-1d2e3f4a5b6c was not found");
    expect(hit?.runbook[0]?.command).toContain("kubectl --context prod-eu -n arc-runners get autoscalingrunnerset web");
    expect(hit?.runbook.some((s) => s.command?.startsWith("gh api orgs/acme/actions/runners"))).toBe(true);
    expect(hit?.differential).toContain("runner-command-dropped");
  });

  it("stays silent on healthy runner logs", () => {
    const ok = aLog({ origin: "runner", message: "√ Connected to GitHub" });
    expect(rule.evaluate(aSnapshot({ runnerHistory: [aRunnerLife()], logs: [ok] }), { now: NOW })).toEqual([]);
  });

  it("ignores a single occurrence while the set still runs jobs", () => {
    const snap = aSnapshot({ runnerHistory: [aRunnerLife({ name: runnerName(3) })], logs: [line(0)] });
    expect(rule.evaluate(snap, { now: NOW })).toEqual([]);
  });
});
