import { describe, expect, it } from "vitest";
import { parseLogLine } from "@/lib/evidence/log-line";
import { isNotableLog } from "./notable-logs";

const rec = (line: string) => {
  const r = parseLogLine(line);
  if (!r) throw new Error(`unparsed: ${line}`);
  return r;
};

describe("notable log lines", () => {
  it("keeps errors, warnings and ARC failure messages", () => {
    expect(isNotableLog(rec('{"severity":"error","ts":"2026-11-22T10:00:00Z","logger":"EphemeralRunner","message":"Ephemeral runner container failed","exitCode":1}'))).toBe(true);
    expect(isNotableLog(rec('{"severity":"info","ts":"2026-11-22T10:00:00Z","logger":"EphemeralRunner","message":"Ephemeral runner has finished successfully, deleting ephemeral runner","exitCode":0}'))).toBe(true);
    const notConfigured = { ...rec("2026-11-22T10:00:01.000000000Z stdout F Not configured. Run config.(sh/cmd) to configure the runner."), origin: "runner" as const };
    expect(isNotableLog(notConfigured)).toBe(true);
    expect(isNotableLog(rec("Application returned an error: createSession failed: failed to create session: 403 API rate limit exceeded"))).toBe(true);
  });

  it("drops routine info lines", () => {
    expect(isNotableLog(rec('{"severity":"info","ts":"2026-11-22T10:00:00Z","logger":"EphemeralRunnerSet","message":"Scaling comparison","current":2,"desired":2}'))).toBe(false);
    expect(isNotableLog(rec('time=2026-11-22T10:00:00.000Z level=INFO source=/app/main.go:10 msg="Getting next message" component=listener lastMessageID=12'))).toBe(false);
  });
});
