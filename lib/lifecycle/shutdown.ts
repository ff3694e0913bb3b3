import { TimeoutError, withTimeout } from "./with-timeout";

export type ShutdownHook = () => void | Promise<void>;

export interface HookOutcome {
  name: string;
  outcome: "ok" | "failed" | "timed-out" | "skipped";
  error?: string;
}

export interface ShutdownRegistry {
  /**
   * Registers a hook; lower `order` runs first (ties: registration order). Suggested: 10 stop the collector,
   * 20 flush its buffers, 30 close SSE streams, 90 close the store. Returns an unregister function.
   */
  onShutdown(name: string, fn: ShutdownHook, order?: number): () => void;
  /** Runs every hook once, one after another, within `timeoutMs` in total. Later calls return the same run. */
  run(opts?: { timeoutMs?: number }): Promise<HookOutcome[]>;
  /** True from the moment shutdown starts (readiness turns false so the Service stops sending traffic). */
  isShuttingDown(): boolean;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 20_000;

export function createShutdownRegistry(log: (message: string) => void = (m) => console.warn(m)): ShutdownRegistry {
  const hooks: { name: string; fn: ShutdownHook; order: number; seq: number }[] = [];
  let seq = 0;
  let running: Promise<HookOutcome[]> | undefined;

  async function runAll(timeoutMs: number): Promise<HookOutcome[]> {
    const deadline = Date.now() + timeoutMs;
    const ordered = [...hooks].sort((a, b) => a.order - b.order || a.seq - b.seq);
    const outcomes: HookOutcome[] = [];
    for (const hook of ordered) {
      const left = deadline - Date.now();
      if (left <= 0) {
        outcomes.push({ name: hook.name, outcome: "skipped" });
        continue;
      }
      try {
        // A hook that throws synchronously must not stop the ones after it either.
        await withTimeout(Promise.resolve().then(hook.fn), left, `shutdown hook "${hook.name}"`);
        outcomes.push({ name: hook.name, outcome: "ok" });
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        outcomes.push({ name: hook.name, outcome: e instanceof TimeoutError ? "timed-out" : "failed", error });
        log(`shutdown: ${hook.name}: ${error}`);
      }
    }
    return outcomes;
  }

  return {
    onShutdown(name, fn, order = 50) {
      const entry = { name, fn, order, seq: seq++ };
      hooks.push(entry);
      return () => {
        const i = hooks.indexOf(entry);
        if (i >= 0) hooks.splice(i, 1);
      };
    },
    run(opts = {}) {
      running ??= runAll(opts.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
      return running;
    },
    isShuttingDown: () => running !== undefined,
  };
}

// One registry per process: modules are bundled more than once (instrumentation, routes) and reloaded in dev.
const g = globalThis as typeof globalThis & { __runnerscopeShutdown?: ShutdownRegistry };
function registry(): ShutdownRegistry {
  g.__runnerscopeShutdown ??= createShutdownRegistry();
  return g.__runnerscopeShutdown;
}

export function onShutdown(name: string, fn: ShutdownHook, order?: number): () => void {
  return registry().onShutdown(name, fn, order);
}

export function runShutdown(opts?: { timeoutMs?: number }): Promise<HookOutcome[]> {
  return registry().run(opts);
}

export function isShuttingDown(): boolean {
  return g.__runnerscopeShutdown?.isShuttingDown() ?? false;
}

export interface SignalOptions {
  timeoutMs?: number;
  signals?: readonly NodeJS.Signals[];
  /** Injected in tests. */
  exit?: (code: number) => void;
  log?: (message: string) => void;
}

/**
 * SIGTERM/SIGINT → run the hooks (bounded by `timeoutMs`, below Kubernetes' 30 s grace period) → exit; a second
 * signal exits at once. Next's `next start`/standalone server exits on SIGTERM by itself as soon as open requests
 * end, which can cut the hooks short: run with `NEXT_MANUAL_SIG_HANDLE=true` so this handler owns shutdown.
 * Returns a function that removes the handlers.
 */
export function installSignalHandlers(opts: SignalOptions = {}): () => void {
  const signals = opts.signals ?? ["SIGTERM", "SIGINT"];
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const log = opts.log ?? ((m: string) => console.warn(m));
  if (!process.env.NEXT_MANUAL_SIG_HANDLE && signals.some((s) => process.listenerCount(s) > 0)) {
    log("shutdown: another SIGTERM handler is installed (Next's?); set NEXT_MANUAL_SIG_HANDLE=true so shutdown hooks can finish");
  }
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) {
      log(`shutdown: second ${signal}, exiting now`);
      exit(1);
      return;
    }
    started = true;
    log(`shutdown: ${signal} received, running shutdown hooks`);
    void runShutdown({ timeoutMs: opts.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS }).then((outcomes) => {
      const bad = outcomes.filter((o) => o.outcome !== "ok");
      if (bad.length) log(`shutdown: finished with ${bad.map((o) => `${o.name} ${o.outcome}`).join(", ")}`);
      exit(bad.length ? 1 : 0);
    });
  };
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
