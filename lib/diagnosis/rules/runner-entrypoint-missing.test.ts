import { describe, expect, it } from "vitest";
import { rule } from "./runner-entrypoint-missing";
import { NOW, aContainerStatus, aPod, aRunner, aRunnerLife, aSnapshot, anEvent, runnerName } from "../testing/builders";

const startError =
  'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/home/runner/run.sh": stat /home/runner/run.sh: no such file or directory: unknown';

function failedLife(i: number) {
  return aRunnerLife({ name: runnerName(i), outcome: "failed", exitCode: 128, reason: "StartError", message: startError, job: undefined, jobAssignedAt: undefined, image: "registry.acme.io/ci-runner:3" });
}

describe("runner-entrypoint-missing", () => {
  it("fires when runner containers hit StartError 'no such file or directory' for run.sh", () => {
    const runner = aRunner({
      name: runnerName(2),
      phase: "Pending",
      job: undefined,
      pod: aPod({ name: runnerName(2), phase: "Failed", containerStatuses: [aContainerStatus({ state: "terminated", ready: false, reason: "StartError", exitCode: 128, message: startError })] }),
    });
    const ev = anEvent({ involvedName: runnerName(2), reason: "Failed", message: `Error: ${startError}`, source: "kubelet" });
    const [hit, ...rest] = rule.evaluate(aSnapshot({ runnerHistory: [failedLife(0), failedLife(1)], runners: [runner], events: [ev] }), { now: NOW });
    expect(rest).toEqual([]);
    expect(hit?.title).toBeUndefined();
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.observation).toBe("3 runner(s) could not start their entrypoint");
    expect(hit?.evidence.some((e) => e.excerpt?.includes("stat /home/runner/run.sh: no such file or directory"))).toBe(true);
    expect(hit?.runbook.some((s) => s.command === `kubectl --context prod-eu -n arc-runners get events --field-selector involvedObject.name=${runnerName(0)} --sort-by=.lastTimestamp`)).toBe(true);
    expect(hit?.explanation).toContain("registry.acme.io/ci-runner:3");
  });

  it("stays silent for healthy runners", () => {
    expect(rule.evaluate(aSnapshot({ runnerHistory: [aRunnerLife(), aRunnerLife({ name: runnerName(1) })], runners: [aRunner()] }), { now: NOW })).toEqual([]);
  });

  it("ignores one exit-127 life among many healthy ones, but fires on exit 127 across two runners", () => {
    const healthy = [1, 2, 3, 4].map((i) => aRunnerLife({ name: runnerName(i) }));
    const one = aRunnerLife({ name: runnerName(0), outcome: "failed", exitCode: 127, job: undefined });
    expect(rule.evaluate(aSnapshot({ runnerHistory: [one, ...healthy] }), { now: NOW })).toEqual([]);
    const two = aRunnerLife({ name: runnerName(5), outcome: "failed", exitCode: 127, job: undefined });
    expect(rule.evaluate(aSnapshot({ runnerHistory: [one, two, ...healthy] }), { now: NOW })).toHaveLength(1);
  });
});
