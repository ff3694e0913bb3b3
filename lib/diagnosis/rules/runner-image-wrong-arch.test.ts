import { describe, expect, it } from "vitest";
import { rule } from "./runner-image-wrong-arch";
import { NOW, aLog, aRunnerLife, aScaleSet, aContainerSpec, aSnapshot, runnerName, CLUSTER } from "../testing/builders";

describe("runner-image-wrong-arch", () => {
  it("fires on 'exec format error' in the runner log and names the image and node", () => {
    const set = aScaleSet({ runnerContainer: aContainerSpec({ image: "registry.acme.io/ci-runner:amd64-only" }) });
    const life = aRunnerLife({ outcome: "failed", exitCode: 1, job: undefined, nodeName: "ip-10-0-7-9.graviton" });
    const log = aLog({ origin: "runner", pod: runnerName(0), message: "exec /home/runner/run.sh: exec format error", raw: "exec /home/runner/run.sh: exec format error" });
    const [hit] = rule.evaluate(aSnapshot({ scaleSets: [set], runnerHistory: [life], logs: [log] }), { now: NOW });
    expect(hit?.severity).toBeUndefined();
    expect(hit?.subject).toEqual({ cluster: CLUSTER, namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.explanation).toContain("registry.acme.io/ci-runner:amd64-only");
    expect(hit?.evidence[0]?.excerpt).toBe("exec /home/runner/run.sh: exec format error");
    expect(hit?.runbook.map((s) => s.command)).toContain("docker manifest inspect registry.acme.io/ci-runner:amd64-only | grep architecture");
    expect(hit?.runbook.map((s) => s.command)).toContain("kubectl --context prod-eu get node ip-10-0-7-9.graviton -L kubernetes.io/arch");
  });

  it("stays silent without the error", () => {
    expect(rule.evaluate(aSnapshot({ runnerHistory: [aRunnerLife()], logs: [aLog({ origin: "runner", message: "Listening for Jobs" })] }), { now: NOW })).toEqual([]);
  });

  it("works on a pasted line with no cluster and ignores lines outside the window", () => {
    const pasted = aLog({ origin: "runner", cluster: undefined, namespace: undefined, pod: runnerName(0), time: undefined, raw: "exec /home/runner/run.sh: exec format error", message: "exec /home/runner/run.sh: exec format error" });
    const [hit] = rule.evaluate(aSnapshot({ logs: [pasted] }), { now: NOW });
    expect(hit?.subject).toEqual({ scaleSet: "web" });
    expect(hit?.runbook[0]?.command).toBe("kubectl get nodes -L kubernetes.io/arch");
    const old = { ...pasted, cluster: CLUSTER, time: "2026-05-29T08:00:00.000Z" };
    expect(rule.evaluate(aSnapshot({ logs: [old] }), { now: NOW })).toEqual([]);
  });
});
