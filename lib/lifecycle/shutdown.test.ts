import { afterEach, describe, expect, it, vi } from "vitest";
import { createShutdownRegistry, installSignalHandlers, isShuttingDown, onShutdown } from "./shutdown";

const quiet = () => {};
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("shutdown registry", () => {
  it("runs hooks by order, ties in registration order, each after the previous one finished", async () => {
    const reg = createShutdownRegistry(quiet);
    const seen: string[] = [];
    reg.onShutdown("close store", () => void seen.push("store"), 90);
    reg.onShutdown("stop collector", async () => {
      await tick(20);
      seen.push("collector");
    }, 10);
    reg.onShutdown("close streams", () => void seen.push("streams-a"), 30);
    reg.onShutdown("close streams too", () => void seen.push("streams-b"), 30);
    const outcomes = await reg.run();
    expect(seen).toEqual(["collector", "streams-a", "streams-b", "store"]);
    expect(outcomes.map((o) => o.outcome)).toEqual(["ok", "ok", "ok", "ok"]);
  });

  it("keeps going after a hook that throws or rejects, and reports it", async () => {
    const reg = createShutdownRegistry(quiet);
    const ran: string[] = [];
    reg.onShutdown("sync throw", () => {
      throw new Error("boom");
    }, 1);
    reg.onShutdown("async reject", () => Promise.reject(new Error("flush failed")), 2);
    reg.onShutdown("close store", () => void ran.push("store"), 3);
    const outcomes = await reg.run();
    expect(ran).toEqual(["store"]);
    expect(outcomes).toEqual([
      { name: "sync throw", outcome: "failed", error: "boom" },
      { name: "async reject", outcome: "failed", error: "flush failed" },
      { name: "close store", outcome: "ok" },
    ]);
  });

  it("gives up on a hanging hook at the total timeout and skips what no time is left for", async () => {
    const reg = createShutdownRegistry(quiet);
    const late = vi.fn();
    reg.onShutdown("fast", () => {}, 1);
    reg.onShutdown("hangs", () => new Promise<void>(() => {}), 2);
    reg.onShutdown("never reached", late, 3);
    const t0 = Date.now();
    const outcomes = await reg.run({ timeoutMs: 150 });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(outcomes.map((o) => [o.name, o.outcome])).toEqual([
      ["fast", "ok"],
      ["hangs", "timed-out"],
      ["never reached", "skipped"],
    ]);
    expect(late).not.toHaveBeenCalled();
  });

  it("runs the hooks only once however often shutdown is requested", async () => {
    const reg = createShutdownRegistry(quiet);
    const hook = vi.fn();
    reg.onShutdown("once", hook);
    expect(reg.isShuttingDown()).toBe(false);
    await Promise.all([reg.run(), reg.run()]);
    await reg.run();
    expect(hook).toHaveBeenCalledTimes(1);
    expect(reg.isShuttingDown()).toBe(true);
  });

  it("does not run an unregistered hook", async () => {
    const reg = createShutdownRegistry(quiet);
    const hook = vi.fn();
    const off = reg.onShutdown("gone", hook);
    off();
    await reg.run();
    expect(hook).not.toHaveBeenCalled();
  });
});

describe("installSignalHandlers", () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => uninstall?.());

  it("on the signal runs the process-wide hooks, then exits 0; a second signal exits at once", async () => {
    const order: string[] = [];
    const exit = vi.fn((code: number) => void order.push(`exit ${code}`));
    onShutdown("stop collector", async () => {
      await tick(30);
      order.push("collector stopped");
    }, 10);
    uninstall = installSignalHandlers({ signals: ["SIGUSR2"], exit, log: quiet });
    process.emit("SIGUSR2", "SIGUSR2");
    expect(isShuttingDown()).toBe(true);
    process.emit("SIGUSR2", "SIGUSR2");
    expect(exit).toHaveBeenCalledWith(1); // impatient second signal
    await vi.waitFor(() => expect(order).toContain("exit 0"));
    expect(order).toEqual(["exit 1", "collector stopped", "exit 0"]);
  });
});
