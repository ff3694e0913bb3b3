import { describe, expect, it } from "vitest";
import { rule } from "./runner-evicted";
import { NOW, aRunnerLife, aSnapshot, anEvent, runnerName } from "../testing/builders";

const msg = "The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 8Gi. Container runner was using 14Gi, request is 0, has larger consumption of ephemeral-storage.";

describe("runner-evicted", () => {
  it("fires on evicted runner lives and names the resource and node", () => {
    const lives = [0, 1, 2].map((i) => aRunnerLife({ name: runnerName(i), outcome: "evicted", reason: "Evicted", message: msg, nodeName: "ip-10-0-3-3.internal" }));
    const [hit] = rule.evaluate(aSnapshot({ runnerHistory: lives }), { now: NOW });
    expect(hit?.title).toBe("Runner pods evicted: node low on ephemeral-storage");
    expect(hit?.severity).toBe("critical");
    expect(hit?.evidence[1]?.excerpt).toContain("The node was low on resource: ephemeral-storage");
    expect(hit?.runbook.some((s) => s.command === "kubectl --context prod-eu describe node ip-10-0-3-3.internal")).toBe(true);
  });

  it("stays silent on healthy lives", () => {
    expect(rule.evaluate(aSnapshot({ runnerHistory: [aRunnerLife()] }), { now: NOW })).toEqual([]);
  });

  it("fires as a warning from a single Evicted event; parses DiskPressure", () => {
    const ev = anEvent({ reason: "Evicted", message: "The node was low on resource: memory. Threshold quantity: 100Mi, available: 80Mi.", source: "kubelet" });
    const [hit] = rule.evaluate(aSnapshot({ events: [ev] }), { now: NOW });
    expect(hit?.severity).toBe("warning");
    expect(hit?.title).toBe("Runner pods evicted: node low on memory");
    const disk = anEvent({ reason: "Evicted", message: "The node had condition: [DiskPressure].", source: "kubelet" });
    expect(rule.evaluate(aSnapshot({ events: [disk] }), { now: NOW })[0]?.title).toBe("Runner pods evicted: node low on ephemeral-storage");
  });
});
