import { describe, expect, it } from "vitest";
import { rule } from "./runner-lost-communication";
import { NOW, aJob, aRunnerLife, aSnapshot, anEvent, runnerName } from "../testing/builders";

describe("runner-lost-communication", () => {
  it("fires on runners deleted mid-job, with the failed GitHub job and the node event", () => {
    const lives = [0, 1].map((i) => aRunnerLife({ name: runnerName(i), outcome: "deleted", exitCode: undefined, finishedAt: undefined, nodeName: "ip-10-0-9-9.spot" }));
    const job = aJob({ id: 31000077, conclusion: "failure", runnerName: runnerName(0) });
    const ev = anEvent({ involvedKind: "Node", involvedName: "ip-10-0-9-9.spot", namespace: "", reason: "NodeNotReady", message: "Node ip-10-0-9-9.spot status is now: NodeNotReady", source: "node-controller" });
    const [hit] = rule.evaluate(aSnapshot({ runnerHistory: lives, github: { jobs: [job] }, events: [ev] }), { now: NOW });
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.confidence).toBe("high");
    expect(hit?.evidence[1]?.observation).toBe('Ended deleted while running "build" of acme/api on ip-10-0-9-9.spot');
    expect(hit?.evidence.some((e) => e.observation.startsWith(`GitHub job 31000077 "build" concluded failure on ${runnerName(0)}`))).toBe(true);
    expect(hit?.runbook[0]?.command).toBe("gh api repos/acme/api/actions/jobs/31000077");
  });

  it("stays silent for runners that finished their job", () => {
    expect(rule.evaluate(aSnapshot({ runnerHistory: [aRunnerLife(), aRunnerLife({ name: runnerName(1) })] }), { now: NOW })).toEqual([]);
  });

  it("ignores idle runners scaled down and OOM kills; counts SIGTERM mid-job", () => {
    const idleDeleted = aRunnerLife({ outcome: "deleted", job: undefined, jobAssignedAt: undefined });
    const oom = aRunnerLife({ name: runnerName(1), outcome: "failed", exitCode: 137, reason: "OOMKilled" });
    expect(rule.evaluate(aSnapshot({ runnerHistory: [idleDeleted, oom] }), { now: NOW })).toEqual([]);
    const sigterm = aRunnerLife({ name: runnerName(2), outcome: "failed", exitCode: 143 });
    const [hit] = rule.evaluate(aSnapshot({ runnerHistory: [sigterm] }), { now: NOW });
    expect(hit?.severity).toBe("warning");
    expect(hit?.confidence).toBe("medium");
  });
});
