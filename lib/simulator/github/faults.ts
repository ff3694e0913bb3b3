/** Fault injection for the simulated GitHub: forced error statuses, latency, exhausted budgets. */

export type FaultStatus = 401 | 403 | 500 | 502 | 503;

export interface GitHubFaults {
  /** The next `count` requests whose path contains `pathIncludes` (any path if omitted) get `status`. */
  failNext(status: FaultStatus, count: number, pathIncludes?: string): void;
  /** Wall-clock delay added before every response. */
  setLatency(ms: number): void;
  /** Sets the token's remaining budget to 0 until its reset time. */
  exhaust(token: string): void;
  /** Drops pending failNext faults and latency. */
  clear(): void;
  /** Responses sent so far (every status, 304s included): lets tests bound a client's retries. */
  requestCount(): number;
}

interface PendingFault {
  status: FaultStatus;
  left: number;
  pathIncludes: string | undefined;
}

export interface FaultController extends GitHubFaults {
  /** Consumes and returns the first pending fault matching `path`. */
  take(path: string): FaultStatus | undefined;
  latencyMs(): number;
  /** Called by the server for every response it sends. */
  countRequest(): void;
}

export function createFaults(opts: { latencyMs?: number; exhaust(token: string): void }): FaultController {
  let pending: PendingFault[] = [];
  let latency = opts.latencyMs ?? 0;
  let served = 0;
  return {
    failNext(status, count, pathIncludes) {
      if (count > 0) pending.push({ status, left: count, pathIncludes });
    },
    setLatency(ms) {
      latency = Math.max(0, ms);
    },
    exhaust: opts.exhaust,
    clear() {
      pending = [];
      latency = 0;
    },
    take(path) {
      const fault = pending.find((f) => f.pathIncludes === undefined || path.includes(f.pathIncludes));
      if (!fault) return undefined;
      fault.left--;
      if (fault.left <= 0) pending = pending.filter((f) => f !== fault);
      return fault.status;
    },
    latencyMs: () => latency,
    countRequest: () => {
      served++;
    },
    requestCount: () => served,
  };
}

const DOCS = "https://docs.github.com/rest";

/** Bodies GitHub sends for these statuses. */
export function faultBody(status: FaultStatus): { message: string; documentation_url?: string } {
  switch (status) {
    case 401:
      return { message: "Bad credentials", documentation_url: DOCS };
    case 403:
      return { message: "Resource not accessible by integration", documentation_url: DOCS };
    case 500:
      return { message: "Server Error" };
    case 502:
      return { message: "Bad Gateway" };
    case 503:
      return { message: "Service Unavailable" };
  }
}
