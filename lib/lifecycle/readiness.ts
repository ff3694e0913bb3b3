import { isShuttingDown } from "./shutdown";
import { TimeoutError, withTimeout } from "./with-timeout";

export type Readiness = { status: "ready" } | { status: "not-ready"; reason: string };

export const READY_TIMEOUT_MS = 2_000;

/**
 * Ready when not shutting down and `ping` (a trivial store query) answers within the timeout. The error detail is
 * logged, not returned: the probe is unauthenticated and driver messages name hosts and users.
 */
export async function checkReadiness(ping: () => Promise<unknown>, timeoutMs = READY_TIMEOUT_MS, log: (m: string) => void = (m) => console.error(m)): Promise<Readiness> {
  if (isShuttingDown()) return { status: "not-ready", reason: "shutting down" };
  try {
    await withTimeout(Promise.resolve().then(ping), timeoutMs, "store query");
    return { status: "ready" };
  } catch (e) {
    if (e instanceof TimeoutError) return { status: "not-ready", reason: `store did not answer within ${timeoutMs / 1000} s` };
    log(`readiness: store unavailable: ${e instanceof Error ? e.message : String(e)}`);
    return { status: "not-ready", reason: "store unavailable (see the server log)" };
  }
}
