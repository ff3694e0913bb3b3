import { describe, expect, it } from "vitest";
import { rule } from "./resource-quota-exceeded";
import { NOW, aLog, aRunner, aSnapshot, anEvent, minutesAgo, runnerName } from "../testing/builders";

const msg = `pods "${runnerName(0)}" is forbidden: exceeded quota: compute-quota, requested: limits.cpu=2,limits.memory=4Gi, used: limits.cpu=20,limits.memory=40Gi, limited: limits.cpu=20,limits.memory=40Gi`;

describe("resource-quota-exceeded", () => {
  it("fires on the controller's quota line and the FailedCreate event, naming the quota", () => {
    const logs = [0, 1, 2].map((i) => aLog({ message: "Resource quota is exceeded; requeue in 30s to retry pod creation", fields: { ephemeralrunner: `arc-runners/${runnerName(i)}` }, time: minutesAgo(i + 1) }));
    const ev = anEvent({ involvedKind: "EphemeralRunner", involvedName: runnerName(0), reason: "FailedCreate", message: msg });
    const [hit] = rule.evaluate(aSnapshot({ logs, events: [ev] }), { now: NOW });
    expect(hit?.severity).toBe("critical");
    expect(hit?.title).toBe("ResourceQuota compute-quota blocks runner pods");
    expect(hit?.explanation).toContain("Limited: limits.cpu=20,limits.memory=40Gi");
    expect(hit?.evidence[0]?.observation).toBe("3 runner(s) blocked by the quota in the window");
    expect(hit?.runbook[0]?.command).toBe("kubectl --context prod-eu -n arc-runners describe resourcequota compute-quota");
  });

  it("stays silent on ordinary controller lines", () => {
    expect(rule.evaluate(aSnapshot({ logs: [aLog()], runners: [aRunner()] }), { now: NOW })).toEqual([]);
  });

  it("warns on a single blocked runner from its status message alone", () => {
    const r = aRunner({ phase: "Pending", message: msg, job: undefined });
    const [hit] = rule.evaluate(aSnapshot({ runners: [r] }), { now: NOW });
    expect(hit?.severity).toBe("warning");
    expect(hit?.title).toBe("ResourceQuota compute-quota blocks runner pods");
    expect(hit?.explanation).toContain("limits.cpu=2,limits.memory=4Gi");
    expect(hit?.explanation).toContain("limits.cpu=20,limits.memory=40Gi");
  });
});
