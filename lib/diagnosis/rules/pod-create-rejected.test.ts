import { describe, expect, it } from "vitest";
import { rule } from "./pod-create-rejected";
import { NOW, aContainerSpec, aRunner, aScaleSet, aSnapshot, runnerName } from "../testing/builders";

const missingVolume = `Failed to create the pod: Pod "${runnerName(0)}" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "kubectl-bin"`;

describe("pod-create-rejected", () => {
  it("fires on Failed/InvalidPod runners and names the missing volume (seed 002 secondary cause)", () => {
    const set = aScaleSet({ runnerContainer: aContainerSpec({ volumeMounts: ["kubectl-bin"] }), templateVolumes: [] });
    const runners = [0, 1].map((i) => aRunner({ name: runnerName(i), phase: "Failed", reason: "InvalidPod", message: missingVolume, pod: undefined, job: undefined, ready: false }));
    const [hit] = rule.evaluate(aSnapshot({ scaleSets: [set], runners }), { now: NOW });
    expect(hit?.title).toBe('Runner pods rejected: volume "kubectl-bin" is mounted but not defined');
    expect(hit?.evidence[0]?.observation).toBe("2 runner(s) failed with InvalidPod: their pod was never created");
    expect(hit?.evidence[1]?.excerpt).toBe(missingVolume);
    expect(hit?.evidence.at(-1)?.observation).toBe('Template defines volumes [] — no "kubectl-bin"');
    expect(hit?.runbook.at(-1)?.command).toBe(`kubectl --context prod-eu -n arc-runners delete ephemeralrunner ${runnerName(0)}`);
  });

  it("stays silent when runners are running", () => {
    expect(rule.evaluate(aSnapshot({ scaleSets: [aScaleSet()], runners: [aRunner()] }), { now: NOW })).toEqual([]);
  });

  it("classifies webhook denials, policy and invalid fields", () => {
    const rejected = (message: string) => rule.evaluate(aSnapshot({ runners: [aRunner({ phase: "Failed", reason: "InvalidPod", message, pod: undefined })] }), { now: NOW })[0];
    const kyverno = rejected('Failed to create the pod: admission webhook "validate.kyverno.svc-fail" denied the request: policy disallow-privileged: privileged containers are not allowed');
    expect(kyverno?.title).toBe("Runner pods rejected by admission webhook validate.kyverno.svc-fail");
    expect(rejected('Failed to create the pod: pods "x" is forbidden: violates PodSecurity "restricted:latest": privileged')?.title).toBe("Runner pods rejected by a policy (forbidden)");
    expect(rejected('Failed to create the pod: Pod "x" is invalid: spec.containers[1].image: Required value')?.title).toBe("Runner pods rejected: invalid spec.containers[1].image");
    expect(rejected('Failed to create the pod: admission webhook "gatekeeper.sh" denied the request: no')?.title).toBe("Runner pods rejected by admission webhook gatekeeper.sh");
  });
});
