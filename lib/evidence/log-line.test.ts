import { describe, expect, it } from "vitest";
import { listenerSampleFromLog, parseLogLine, parseLogfmt } from "./log-line";

describe("parseLogLine", () => {
  it("zap JSON with RFC3339 ts (controller)", () => {
    const r = parseLogLine('{"severity":"info","ts":"2025-12-01T20:44:38Z","logger":"EphemeralRunner","message":"Created ephemeral runner pod","version":"0.13.0","ephemeralrunner":{"name":"rubionic-workspace-3-b28w7-runner-4xk2p","namespace":"arc-runners"},"runnerId":30}');
    expect(r).toMatchObject({ format: "zap-json", origin: "controller", level: "info", time: "2025-12-01T20:44:38.000Z", logger: "EphemeralRunner", message: "Created ephemeral runner pod" });
    expect(r?.fields).toMatchObject({ runnerId: 30, version: "0.13.0" });
    expect(r?.fields).not.toHaveProperty("ts");
  });

  it("zap JSON with epoch-seconds ts and level/msg keys (listener)", () => {
    const r = parseLogLine('{"level":"info","ts":1772337600.5,"logger":"listener-app.worker.kubernetesworker","msg":"Calculated target runner count","assigned job":0,"decision":1,"min":1,"max":5}');
    expect(r).toMatchObject({ format: "zap-json", origin: "listener", time: "2026-03-01T04:00:00.500Z" });
  });

  it("zap console text with tabs, and with tabs collapsed to spaces", () => {
    const tab = parseLogLine('2026-03-01T04:00:00Z\tINFO\tlistener-app.worker.kubernetesworker\tCalculated target runner count\t{"assigned job": 0, "decision": 1, "min": 0, "max": 1, "currentRunnerCount": 1}');
    expect(tab).toMatchObject({ format: "zap-text", origin: "listener", logger: "listener-app.worker.kubernetesworker", message: "Calculated target runner count", fields: { "assigned job": 0, decision: 1 } });
    const sp = parseLogLine('2025-12-01T20:44:40Z  INFO  EphemeralRunner  Ephemeral runner has finished successfully  {"ephemeralrunner": {"name": "x-abcde-runner-fghij", "namespace": "arc-runners"}, "exitCode": 0}');
    expect(sp).toMatchObject({ format: "zap-text", origin: "controller", logger: "EphemeralRunner", message: "Ephemeral runner has finished successfully", fields: { exitCode: 0 } });
    const nolog = parseLogLine("2025-12-01T20:44:40Z\tINFO\tCleaning up the runner jitconfig secret");
    expect(nolog).toMatchObject({ message: "Cleaning up the runner jitconfig secret", format: "zap-text" });
  });

  it("slog JSON (0.14 listener)", () => {
    const r = parseLogLine('{"time":"2026-04-01T10:00:00.123Z","level":"INFO","source":{"function":"github.com/actions/scaleset/listener.(*Listener).Run","file":"/go/pkg/mod/github.com/actions/scaleset@v0.4.0/listener/listener.go","line":88},"msg":"Getting next message","component":"listener","lastMessageID":42}');
    expect(r).toMatchObject({ format: "slog-json", origin: "listener", logger: "listener", level: "info", fields: { lastMessageID: 42 } });
  });

  it("slog text with quoted keys", () => {
    const r = parseLogLine('time=2026-04-01T10:00:00.000Z level=INFO source=/src/scaler.go:120 msg="Calculated target runner count" component=worker "assigned job"=3 decision=4 min=1 max=10');
    expect(r).toMatchObject({ format: "slog-text", origin: "listener", logger: "worker", message: "Calculated target runner count", fields: { "assigned job": 3, decision: 4, min: 1, max: 10 } });
    expect(parseLogfmt('a=1 b="x y" c')).toEqual({ a: 1, b: "x y", c: true });
  });

  it("runner output with and without the containerd prefix", () => {
    const cri = parseLogLine("2026-03-01T04:00:00.123456789Z stdout F VssOAuthTokenRequestException: Registration 3f2504e0-4f89-41d3-9a0c-0305e82c3301 was not found.");
    expect(cri).toMatchObject({ format: "runner", origin: "runner", level: "error", time: "2026-03-01T04:00:00.123Z" });
    expect(parseLogLine("2026-03-01 04:00:05Z: Listening for Jobs")).toMatchObject({ format: "runner", message: "Listening for Jobs", time: "2026-03-01T04:00:05.000Z" });
    expect(parseLogLine("√ Connected to GitHub")).toMatchObject({ format: "runner", origin: "runner" });
    // a listener JSON line behind a CRI prefix keeps its own format
    expect(parseLogLine('2026-03-01T04:00:00Z stderr F {"ts":"2026-03-01T04:00:00Z","severity":"info","logger":"listener-app.listener","message":"Getting next message","lastMessageID":7}')).toMatchObject({ format: "zap-json", origin: "listener" });
  });

  it("kubectl logs --timestamps prefix, and controller-runtime object keys aliased to `ns/name`", () => {
    const r = parseLogLine('2026-03-01T04:00:00.123456789Z {"ts":"2026-03-01T04:00:00Z","severity":"info","logger":"EphemeralRunner","message":"Created ephemeral runner pod","EphemeralRunner":{"name":"web-x7k2p-runner-q9zt4","namespace":"arc-runners"}}');
    expect(r).toMatchObject({ format: "zap-json", origin: "controller", fields: { ephemeralrunner: "arc-runners/web-x7k2p-runner-q9zt4" } });
    expect(r?.raw.startsWith("2026-03-01T04:00:00.123456789Z {")).toBe(true);
  });

  it("salvages time, level, logger and message from a truncated JSON line", () => {
    const r = parseLogLine('{"severity":"error","ts":"2026-03-01T04:00:00Z","logger":"EphemeralRunner","message":"Ephemeral runner container failed","version":"0.13.1","ephemeralrunner":"arc-run');
    expect(r).toMatchObject({ format: "zap-json", origin: "controller", level: "error", time: "2026-03-01T04:00:00.000Z", message: "Ephemeral runner container failed", fields: { truncated: true } });
    expect(parseLogLine('{"time":"2026-03-01T04:00:00Z","level":"ERROR","msg":"Getting next mess')).toBeUndefined();
  });

  it("unstructured listener fatal line", () => {
    expect(parseLogLine("Application returned an error: failed to get runner registration token (403 Forbidden): API rate limit exceeded for user ID 1234567.")).toMatchObject({ origin: "listener", level: "error", format: "plain" });
  });

  it("message with JSON fields and no timestamp (quoted in a write-up)", () => {
    expect(parseLogLine('Created/Reused a runner scale set {"id": 10, "name": "test-runner", "runnerGroupName": "Default"}')).toMatchObject({ origin: "controller", fields: { id: 10 } });
  });

  it("returns undefined for unknown or broken lines, never throws", () => {
    for (const l of ["", "hello world", "{not json", '{"a":1}', "2026-03-01T04:00:00Z", "\u0000\u0001garbage", "[".repeat(10_000)]) {
      expect(() => parseLogLine(l)).not.toThrow();
    }
    expect(parseLogLine("hello world")).toBeUndefined();
    expect(parseLogLine('{"a":1}')).toBeUndefined();
  });

  it("parses 100k lines well under 3 s (the collector benchmark feeds millions)", () => {
    const lines = [
      '{"severity":"info","ts":"2025-12-01T20:44:38Z","logger":"EphemeralRunner","message":"Created ephemeral runner pod","runnerId":30}',
      'time=2026-04-01T10:00:00.000Z level=INFO msg="Getting next message" component=listener lastMessageID=5',
      "2026-03-01T04:00:00.1Z stdout F Listening for Jobs",
    ];
    const t0 = performance.now();
    for (let i = 0; i < 100_000; i++) parseLogLine(lines[i % 3] ?? "");
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});

describe("listenerSampleFromLog", () => {
  const rec = (line: string) => {
    const r = parseLogLine(line);
    if (!r) throw new Error("unparsed");
    return r;
  };

  it("reads statistics given as a JSON string (session) and as an object", () => {
    const cur = listenerSampleFromLog(rec('{"severity":"info","ts":"2026-03-01T04:00:00Z","logger":"listener-app.listener","message":"Current runner scale set statistics.","statistics":"{\\"totalAvailableJobs\\":0,\\"totalAcquiredJobs\\":0,\\"totalAssignedJobs\\":0,\\"totalRunningJobs\\":0,\\"totalRegisteredRunners\\":0,\\"totalBusyRunners\\":0,\\"totalIdleRunners\\":0}"}'), "test-runner");
    expect(cur).toEqual({ scaleSet: "test-runner", source: "log", at: "2026-03-01T04:00:00.000Z", availableJobs: 0, acquiredJobs: 0, assignedJobs: 0, runningJobs: 0, registeredRunners: 0, busyRunners: 0, idleRunners: 0 });
    const nw = listenerSampleFromLog(rec('{"severity":"info","ts":"2026-03-01T04:01:00Z","logger":"listener-app.listener","message":"New runner scale set statistics.","statistics":{"totalAvailableJobs":2,"totalAssignedJobs":1,"totalRegisteredRunners":1}}'), "web");
    expect(nw).toMatchObject({ availableJobs: 2, assignedJobs: 1, registeredRunners: 1 });
  });

  it("reads target runner count and message id; ignores other lines", () => {
    expect(listenerSampleFromLog(rec('2026-03-01T04:00:00Z\tINFO\tlistener-app.worker.kubernetesworker\tCalculated target runner count\t{"assigned job": 0, "decision": 1, "min": 0, "max": 1}'), "ha")).toMatchObject({ assignedJobs: 0, desiredRunners: 1, minRunners: 0, maxRunners: 1 });
    expect(listenerSampleFromLog(rec('2026-03-01T04:00:00Z\tINFO\tlistener-app.listener\tGetting next message\t{"lastMessageID": 12}'), "ha")).toMatchObject({ lastMessageId: 12 });
    expect(listenerSampleFromLog(rec('{"severity":"info","ts":"2026-03-01T04:00:00Z","logger":"listener-app","message":"Processing message","messageId":3}'), "ha")).toBeUndefined();
  });
});
