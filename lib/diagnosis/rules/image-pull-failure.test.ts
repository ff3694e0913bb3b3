import { describe, expect, it } from "vitest";
import { rule } from "./image-pull-failure";
import { NOW, aContainerStatus, aListenerPod, aPod, aRunner, aSnapshot, anEvent, runnerName } from "../testing/builders";

const notFound =
  'Failed to pull image "ghcr.io/acme/runner:v9": rpc error: code = NotFound desc = failed to pull and unpack image "ghcr.io/acme/runner:v9": failed to resolve reference "ghcr.io/acme/runner:v9": ghcr.io/acme/runner:v9: not found';

function backoffRunner(i: number) {
  const name = runnerName(i);
  return aRunner({
    name,
    phase: "Pending",
    job: undefined,
    pod: aPod({ name, phase: "Pending", containerStatuses: [aContainerStatus({ image: "ghcr.io/acme/runner:v9", state: "waiting", ready: false, reason: "ImagePullBackOff", message: 'Back-off pulling image "ghcr.io/acme/runner:v9"' })] }),
  });
}

describe("image-pull-failure", () => {
  it("fires for runner pods with a missing tag, using the kubelet event for the cause", () => {
    const ev = anEvent({ involvedName: runnerName(0), reason: "Failed", message: notFound, source: "kubelet" });
    const [hit] = rule.evaluate(aSnapshot({ runners: [backoffRunner(0), backoffRunner(1)], events: [ev] }), { now: NOW });
    expect(hit?.title).toBe("Runner image cannot be pulled: image or tag not found");
    expect(hit?.severity).toBe("critical");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.observation).toBe("2 runner pod(s) cannot pull ghcr.io/acme/runner:v9");
    expect(hit?.runbook.map((s) => s.command)).toContain("docker manifest inspect ghcr.io/acme/runner:v9");
  });

  it("treats a listener pull failure as critical, with auth classification", () => {
    const listener = aListenerPod({
      phase: "Pending",
      containerStatuses: [aContainerStatus({ name: "listener", state: "waiting", ready: false, reason: "ErrImagePull", image: "ghcr.io/actions/gha-runner-scale-set-controller:0.14.2", message: "failed to authorize: failed to fetch oauth token: unexpected status: 403 Forbidden" })],
    });
    const [hit] = rule.evaluate(aSnapshot({ pods: [listener] }), { now: NOW });
    expect(hit?.severity).toBe("critical");
    expect(hit?.title).toBe("Listener image cannot be pulled: registry denied access");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web", object: "Pod arc-systems/web-754b578d-listener" });
    expect(hit?.runbook[1]?.command).toBe("kubectl --context prod-eu -n arc-systems get pod web-754b578d-listener -o jsonpath='{.spec.imagePullSecrets[*].name}'");
  });

  it("stays silent for running pods; a single runner is a warning; classification edge cases", () => {
    expect(rule.evaluate(aSnapshot({ runners: [aRunner()], pods: [aListenerPod()] }), { now: NOW })).toEqual([]);
    expect(rule.evaluate(aSnapshot({ runners: [backoffRunner(0)] }), { now: NOW })[0]?.severity).toBe("warning");
    const titleFor = (reason: string, message: string) => {
      const r = backoffRunner(0);
      r.pod!.containerStatuses = [aContainerStatus({ image: "ghcr.io/acme/runner:v9", state: "waiting", ready: false, reason, message })];
      return rule.evaluate(aSnapshot({ runners: [r] }), { now: NOW })[0]?.title;
    };
    expect(titleFor("ErrImagePull", "pull access denied, repository does not exist or may require authorization")).toBe("Runner image cannot be pulled: registry denied access");
    expect(titleFor("ErrImagePull", "manifest unknown")).toBe("Runner image cannot be pulled: image or tag not found");
    expect(titleFor("InvalidImageName", "x")).toBe("Runner image cannot be pulled: invalid image reference");
  });
});
