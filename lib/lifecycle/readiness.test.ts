import { describe, expect, it } from "vitest";
import { checkReadiness } from "./readiness";

const quiet = () => {};

describe("checkReadiness", () => {
  it("is ready when the store answers", async () => {
    expect(await checkReadiness(async () => ({ rows: [{ "?column?": 1 }] }), 2000, quiet)).toEqual({ status: "ready" });
  });

  it("is not ready when the store does not answer within the timeout", async () => {
    const t0 = Date.now();
    expect(await checkReadiness(() => new Promise(() => {}), 100, quiet)).toEqual({ status: "not-ready", reason: "store did not answer within 0.1 s" });
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("is not ready when the store fails, without echoing the driver's message", async () => {
    const logged: string[] = [];
    const r = await checkReadiness(() => Promise.reject(new Error('password authentication failed for user "dash" at db.internal')), 2000, (m) => void logged.push(m));
    expect(r).toEqual({ status: "not-ready", reason: "store unavailable (see the server log)" });
    expect(logged.join()).toContain("db.internal");
  });
});

describe("checkReadiness during shutdown", () => {
  it("reports not ready once shutdown has started, so the Service stops routing here", async () => {
    const { runShutdown } = await import("./shutdown");
    await runShutdown({ timeoutMs: 100 });
    expect(await checkReadiness(async () => 1, 2000, quiet)).toEqual({ status: "not-ready", reason: "shutting down" });
  });
});
