import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/model";
import type { Rule } from "./rule";
import { diagnose, topFinding } from "./engine";
import { emptySnapshot } from "@/lib/model";
import { rule as githubAuthFailure } from "./rules/github-auth-failure";
import { NOW, aLog, aSnapshot, minutesAgo, withUnavailable } from "./testing/builders";

function fakeRule(overrides: Partial<Rule>): Rule {
  return {
    id: "fake",
    title: "Fake rule",
    severity: "warning",
    rank: 50,
    requires: ["runners"],
    detects: "test",
    evidenceNeeded: "test",
    evaluate: () => [
      {
        subject: { cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" },
        explanation: "Something happened.",
        evidence: [{ observation: "seen", source: "test" }],
        runbook: [{ action: "look", tellsYou: "what" }],
        confidence: "high",
      },
    ],
    ...overrides,
  };
}

describe("diagnose", () => {
  it("marks a rule not evaluated when a required slice is unavailable, with the reason", () => {
    const snap = withUnavailable(aSnapshot(), "runners", "forbidden: cannot list ephemeralrunners");
    const result = diagnose(snap, { now: NOW }, [fakeRule({})]);
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([
      { ruleId: "fake", title: "Fake rule", missing: [{ slice: "runners", reason: "forbidden: cannot list ephemeralrunners" }] },
    ]);
  });

  it("evaluates an \"any of\" rule when one alternative is available", () => {
    const either = fakeRule({ requires: [], requiresAny: [["listenerLogs", "controllerLogs"]] });
    const snap = withUnavailable(aSnapshot(), "listenerLogs", "not in the paste");
    const result = diagnose(snap, { now: NOW }, [either]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["fake"]);
    expect(result.notEvaluated).toEqual([]);
  });

  it("marks an \"any of\" rule not evaluated when no alternative is available, naming them and the reasons", () => {
    const either = fakeRule({ requires: ["runners"], requiresAny: [["listenerLogs", "controllerLogs"], ["scaleSets"]] });
    let snap = withUnavailable(aSnapshot(), "listenerLogs", "no listener pods");
    snap = withUnavailable(snap, "controllerLogs", "forbidden: pods/log");
    const result = diagnose(snap, { now: NOW }, [either]);
    expect(result.findings).toEqual([]);
    expect(result.notEvaluated).toEqual([
      { ruleId: "fake", title: "Fake rule", missing: [{ slice: "listenerLogs or controllerLogs", reason: "listenerLogs: no listener pods; controllerLogs: forbidden: pods/log" }] },
    ]);
  });

  it("gives one shared reason for alternatives missing for the same reason, after the plain requirements", () => {
    const either = fakeRule({ requires: ["runners"], requiresAny: [["listenerLogs", "controllerLogs"]] });
    const result = diagnose(emptySnapshot(minutesAgo(60), false, "not in the paste"), { now: NOW }, [either]);
    expect(result.notEvaluated[0]?.missing).toEqual([
      { slice: "runners", reason: "not in the paste" },
      { slice: "listenerLogs or controllerLogs", reason: "not in the paste" },
    ]);
  });

  it("evaluates the GitHub auth rule on a paste that has only controller logs", () => {
    const snap = emptySnapshot(minutesAgo(60), false, "not in the paste");
    snap.slices.controllerLogs = { available: true };
    snap.logs = [aLog({ origin: "controller", message: 'Reconciler error: POST https://api.github.com/app/installations/1/access_tokens: 401 Unauthorized {"message":"Bad credentials"}', fields: {} })];
    const result = diagnose(snap, { now: NOW }, [githubAuthFailure]);
    expect(result.notEvaluated).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["github-auth-failure"]);
  });

  it("reports a throwing rule as not evaluated and still runs the others", () => {
    const boom = fakeRule({ id: "boom", evaluate: () => { throw new Error("cannot read x of undefined"); } });
    const ok = fakeRule({ id: "ok" });
    const result = diagnose(aSnapshot(), { now: NOW }, [boom, ok]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["ok"]);
    expect(result.notEvaluated[0]).toMatchObject({ ruleId: "boom", missing: [{ slice: "rule-error", reason: "cannot read x of undefined" }] });
  });

  it("fills fingerprint, firstSeen from since, lastSeen = now, severity/title defaults", () => {
    const since = minutesAgo(7);
    const rule = fakeRule({ evaluate: (s, ctx) => [{ ...fakeRule({}).evaluate(s, ctx)[0]!, since }] });
    const [f] = diagnose(aSnapshot(), { now: NOW }, [rule]).findings;
    expect(f?.firstSeen).toBe(since);
    expect(f?.lastSeen).toBe(NOW.toISOString());
    expect(f?.severity).toBe("warning");
    expect(f?.title).toBe("Fake rule");
    expect(f?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it("keeps firstSeen from a previous finding with the same fingerprint", () => {
    const first = diagnose(aSnapshot(), { now: new Date(NOW.getTime() - 600_000) }, [fakeRule({})]).findings;
    const again = diagnose(aSnapshot(), { now: NOW, previous: first }, [fakeRule({})]).findings;
    expect(again[0]?.firstSeen).toBe(first[0]?.firstSeen);
    expect(again[0]?.firstSeen).not.toBe(NOW.toISOString());
  });

  it("sorts by severity, then rank (cause before symptom), then confidence", () => {
    const symptom = fakeRule({ id: "symptom", rank: 60, severity: "critical" });
    const cause = fakeRule({ id: "cause", rank: 10, severity: "critical" });
    const info = fakeRule({ id: "info", rank: 1, severity: "info" });
    const result = diagnose(aSnapshot(), { now: NOW }, [info, symptom, cause]);
    expect(result.findings.map((f: Finding) => f.ruleId)).toEqual(["cause", "symptom", "info"]);
    expect(topFinding(result)?.ruleId).toBe("cause");
  });

  it("gives no findings and no top finding for an empty fleet", () => {
    const result = diagnose(aSnapshot(), { now: NOW });
    expect(result.findings).toEqual([]);
    expect(topFinding(result)).toBeUndefined();
    expect(result.evaluatedAt).toBe(NOW.toISOString());
  });
});
