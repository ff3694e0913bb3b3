import { describe, expect, it } from "vitest";
import { NOW, aContainerStatus, aListenerPod, aLog, aScaleSet, aSnapshot, minutesAgo } from "../testing/builders";
import { rule } from "./listener-crash-loop";
import type { FleetSnapshot, LogRecord } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const SESSION_409 =
  'Application returned an error: failed to create session: failed to create message session: Actions API error: StatusCode 409, AcivityId "0b5c…": The actions runner scale set web already has an active session for owner web-754b578d-listener.';
const fatal = (message: string, time: string, over: Partial<LogRecord> = {}) => aLog({ origin: "listener", level: "error", message, raw: message, time, ...over });
const looping = aListenerPod({
  containerStatuses: [aContainerStatus({ name: "listener", ready: false, state: "waiting", reason: "CrashLoopBackOff", restartCount: 7, lastTerminated: { reason: "Error", exitCode: 1, finishedAt: minutesAgo(1) } })],
});

describe("listener-crash-loop", () => {
  it("is critical and names a 409 session conflict when the listener keeps dying with it", () => {
    const snap = aSnapshot({ scaleSets: [aScaleSet()], pods: [looping], logs: [fatal(SESSION_409, minutesAgo(6)), fatal(SESSION_409, minutesAgo(1))] });
    const [hit, ...rest] = run(snap);
    expect(rest).toHaveLength(0);
    expect(hit?.severity).toBe("critical");
    expect(hit?.title).toBe("Listener for web crash-looping: session conflict (409)");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]).toMatchObject({ observation: "Listener exited with an error (2 times in the window)", excerpt: SESSION_409 });
    expect(hit?.evidence.some((e) => e.observation === "Listener container restarted 7 time(s), now in CrashLoopBackOff")).toBe(true);
    expect(hit?.runbook[0]?.command).toContain("kubectl --context prod-eu -n arc-systems logs web-754b578d-listener --previous --tail 30");
    expect(hit?.runbook[2]?.command).toContain("kubectl --context prod-eu -A get autoscalinglisteners");
  });

  it("counts controller recreations and OOM restarts without a fatal log line", () => {
    const recreate = (m: number) => aLog({ origin: "controller", logger: "AutoscalingListener", message: "Creating a listener pod", fields: { autoscalinglistener: "arc-systems/web-754b578d-listener" }, time: minutesAgo(m) });
    const oomPod = aListenerPod({ containerStatuses: [aContainerStatus({ name: "listener", restartCount: 4, lastTerminated: { reason: "OOMKilled", exitCode: 137, finishedAt: minutesAgo(3) } })] });
    const [hit] = run(aSnapshot({ scaleSets: [aScaleSet()], pods: [oomPod], logs: [recreate(9), recreate(6), recreate(3)] }));
    expect(hit?.title).toBe("Listener for web crash-looping: OOMKilled");
    expect(hit?.confidence).toBe("medium");
    expect(hit?.evidence.some((e) => e.observation === "Controller created the listener pod 3 times in the window")).toBe(true);
  });

  it("stays silent for a healthy listener with old restarts", () => {
    const oldRestart = aListenerPod({ containerStatuses: [aContainerStatus({ name: "listener", restartCount: 3, lastTerminated: { reason: "Error", exitCode: 1, finishedAt: "2026-05-29T08:30:00.000Z" } })] });
    const normal = aLog({ origin: "listener", message: "Getting next message", fields: { lastMessageID: 401 }, time: minutesAgo(1) });
    expect(run(aSnapshot({ scaleSets: [aScaleSet()], pods: [oldRestart], logs: [normal] }))).toEqual([]);
  });

  it("reports a single pasted fatal line as a warning, attributed by the listener pod name", () => {
    const line = fatal("Application returned an error: failed to get runner scale set: GET https://api.github.com/...: 401 Bad credentials", minutesAgo(2), { cluster: undefined });
    const snap = { ...aSnapshot({ logs: [line] }), clusters: [] };
    const [hit] = run(snap);
    expect(hit?.severity).toBe("warning");
    expect(hit?.title).toBe("Listener for web exited with an error: authentication failed (401)");
    expect(hit?.subject).toEqual({ scaleSet: "web" });
  });

  it("attributes listener lines to the right one of two same-named scale sets", () => {
    const teamB = aScaleSet({ namespace: "team-b" });
    const teamBPod = aListenerPod({
      name: "web-1a2b3c4d-listener",
      labels: { "app.kubernetes.io/component": "runner-scale-set-listener", "actions.github.com/scale-set-name": "web", "actions.github.com/scale-set-namespace": "team-b" },
    });
    const hits = run(aSnapshot({ scaleSets: [aScaleSet(), teamB], pods: [aListenerPod(), teamBPod], logs: [fatal(SESSION_409, minutesAgo(2))] }));
    expect(hits.map((h) => h.subject)).toEqual([{ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" }]);
  });

  it("catches ≤0.13's in-process session retry loop (409) without any restart", () => {
    const retry = (m: number) =>
      aLog({
        origin: "listener",
        level: "error",
        logger: "listener-app.listener",
        message: "Unable to create message session. Will try again in 30 seconds",
        fields: { error: "failed to create session: Actions API error: StatusCode 409, Message: The actions runner scale set web already has an active session for owner web-754b578d-listener." },
        time: minutesAgo(m),
      });
    const [hit] = run(aSnapshot({ scaleSets: [aScaleSet()], pods: [aListenerPod()], logs: [retry(2), retry(1.5), retry(1)] }));
    expect(hit?.title).toBe("Listener for web cannot open its GitHub session: session conflict (409)");
    expect(hit?.severity).toBe("critical");
    expect(hit?.evidence[0]?.observation).toBe("Listener could not create its message session (3 attempts in the window)");
  });
});
