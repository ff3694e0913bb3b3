import { describe, expect, it } from "vitest";
import { rule } from "./dind-not-ready";
import { NOW, aContainerSpec, aContainerStatus, aPod, aRunner, aSnapshot, anEvent, minutesAgo, runnerName } from "../testing/builders";

function dindRunner(i: number, ready: boolean, startedMinutesAgo = 4) {
  const name = runnerName(i);
  return aRunner({
    name,
    pod: aPod({
      name,
      createdAt: minutesAgo(startedMinutesAgo + 0.2),
      initContainers: [aContainerSpec({ name: "dind", image: "docker:dind", command: undefined })],
      initContainerStatuses: [aContainerStatus({ name: "dind", image: "docker:dind", ready, startedAt: minutesAgo(startedMinutesAgo) })],
    }),
  });
}

describe("dind-not-ready", () => {
  it("fires when dind sidecars stay not ready and the startup probe fails", () => {
    const ev = anEvent({ involvedName: runnerName(0), reason: "Unhealthy", message: "Startup probe failed: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running? (dind)", source: "kubelet" });
    const [hit] = rule.evaluate(aSnapshot({ runners: [dindRunner(0, false), dindRunner(1, false), dindRunner(2, true)], events: [ev] }), { now: NOW });
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.observation).toBe("2 runner(s) with a dind daemon that is not ready");
    expect(hit?.evidence[1]?.observation).toBe("dind not ready 240 s after start");
    expect(hit?.runbook[0]?.command).toBe(`kubectl --context prod-eu -n arc-runners logs ${runnerName(0)} -c dind --tail 50`);
  });

  it("stays silent when dind is ready, or only just started", () => {
    expect(rule.evaluate(aSnapshot({ runners: [dindRunner(0, true), dindRunner(1, false, 0.5), dindRunner(2, false, 0.5)] }), { now: NOW })).toEqual([]);
  });

  it("names the cause from a crashing dind container", () => {
    const crash = (i: number, message: string) => {
      const r = dindRunner(i, false);
      r.pod!.initContainerStatuses = [aContainerStatus({ name: "dind", image: "docker:dind", ready: false, state: "terminated", reason: "Error", exitCode: 1, message })];
      return r;
    };
    const iptables = "failed to start daemon: Error initializing network controller: error obtaining controller instance: failed to create NAT chain DOCKER: iptables failed";
    const [hit] = rule.evaluate(aSnapshot({ runners: [crash(0, iptables), crash(1, iptables)] }), { now: NOW });
    expect(hit?.title).toBe("Docker-in-Docker not ready: dind cannot set up iptables on this node");
    const [unprivileged] = rule.evaluate(aSnapshot({ runners: [crash(0, "mount: permission denied (are you privileged?)")] }), { now: NOW });
    expect(unprivileged?.title).toContain("privileged");
  });
});
