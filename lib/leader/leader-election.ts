import { ApiException, CoordinationV1Api, type KubeConfig, type V1Lease } from "@kubernetes/client-node";
import { withTimeout } from "@/lib/lifecycle/with-timeout";
import { isLeaseFree, releasedSpec, renewSpec, takeOverSpec } from "./lease-spec";

export interface LeaderElectionOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  leaseName?: string;
  /** Unique per replica, e.g. the pod name (`HOSTNAME`). */
  identity: string;
  leaseDurationSeconds?: number;
  /** How often the leader renews and a follower retries. */
  renewSeconds?: number;
  /**
   * A leader that has not managed to renew for this long steps down. Must be below the lease duration, so the
   * old leader has stopped before anyone else may take over. Default: two thirds of the lease duration.
   */
  renewDeadlineSeconds?: number;
  onStartedLeading: () => void | Promise<void>;
  onStoppedLeading: () => void | Promise<void>;
  /** Where to report API errors and failing callbacks (default console.warn). */
  log?: (message: string) => void;
}

export interface LeaderElection {
  /** True while this replica holds a lease it renewed within the renew deadline. */
  isLeader(): boolean;
  /**
   * Stops campaigning. A leader calls onStoppedLeading, then releases the lease so a successor takes over within
   * about one renew interval. `release: false` leaves the lease to expire (what a crash looks like).
   */
  stop(opts?: { release?: boolean }): Promise<void>;
}

type Attempt = "leading" | "following" | "conflict" | "error";

/** Lease-based leader election: exactly one replica runs the collector, all of them serve. */
export function startLeaderElection(opts: LeaderElectionOptions): LeaderElection {
  const api = opts.kubeConfig.makeApiClient(CoordinationV1Api);
  const { namespace, identity } = opts;
  const name = opts.leaseName ?? "runnerscope-collector";
  const leaseDurationSeconds = opts.leaseDurationSeconds ?? 15;
  const renewMs = (opts.renewSeconds ?? 5) * 1000;
  const renewDeadlineMs = (opts.renewDeadlineSeconds ?? (leaseDurationSeconds * 2) / 3) * 1000;
  if (renewDeadlineMs >= leaseDurationSeconds * 1000) throw new Error("renewDeadlineSeconds must be shorter than leaseDurationSeconds");
  if (renewMs >= renewDeadlineMs) throw new Error("renewSeconds must be shorter than the renew deadline");
  // A hung API call must not outlive the point where we would have to step down anyway.
  const requestTimeoutMs = Math.max(200, Math.min(renewDeadlineMs / 2, renewMs * 2));
  const log = opts.log ?? ((m: string) => console.warn(m));

  let leading = false;
  let lastRenewMs = 0;
  let stopped = false;
  const abort = new AbortController();
  // Callbacks run one after another and never block the renew loop: starting the collector can take a while.
  let callbacks: Promise<void> = Promise.resolve();
  const runCallback = (label: string, fn: () => void | Promise<void>) => {
    callbacks = callbacks.then(async () => {
      try {
        await fn();
      } catch (e) {
        log(`leader election: ${label} failed: ${messageOf(e)}`);
      }
    });
    return callbacks;
  };

  const becomeLeader = () => {
    if (leading) return;
    leading = true;
    void runCallback("onStartedLeading", opts.onStartedLeading);
  };
  const loseLeadership = (why: string) => {
    if (!leading) return;
    leading = false;
    log(`leader election: ${identity} lost ${namespace}/${name}: ${why}`);
    void runCallback("onStoppedLeading", opts.onStoppedLeading);
  };

  const call = <T>(p: Promise<T>): Promise<T> => withTimeout(p, requestTimeoutMs, "Kubernetes API call");

  async function attempt(): Promise<Attempt> {
    const now = new Date();
    let current: V1Lease;
    try {
      current = await call(api.readNamespacedLease({ namespace, name }));
    } catch (e) {
      if (!(e instanceof ApiException && e.code === 404)) throw e;
      const body: V1Lease = { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace }, spec: takeOverSpec(undefined, identity, leaseDurationSeconds, now) };
      try {
        await call(api.createNamespacedLease({ namespace, body }));
        return "leading";
      } catch (err) {
        if (err instanceof ApiException && err.code === 409) return "conflict";
        throw err;
      }
    }
    const ours = current.spec?.holderIdentity === identity;
    if (!ours && !isLeaseFree(current.spec, now.getTime(), leaseDurationSeconds)) return "following";
    const spec = ours ? renewSpec(current.spec, identity, leaseDurationSeconds, now) : takeOverSpec(current.spec, identity, leaseDurationSeconds, now);
    try {
      // Carries the read resourceVersion: a concurrent writer makes this fail with 409 instead of both winning.
      await call(api.replaceNamespacedLease({ namespace, name, body: { ...current, spec } }));
      return "leading";
    } catch (e) {
      if (e instanceof ApiException && e.code === 409) return "conflict";
      throw e;
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      const startedAt = Date.now();
      let result: Attempt;
      try {
        result = await attempt();
      } catch (e) {
        result = "error";
        log(`leader election: ${namespace}/${name}: ${messageOf(e)}`);
      }
      if (stopped) return;
      if (result === "leading") {
        lastRenewMs = startedAt;
        becomeLeader();
      } else if (result === "following") {
        loseLeadership("another replica holds the lease");
      } else if (leading && Date.now() - lastRenewMs > renewDeadlineMs) {
        // Conflicts and errors are retried until the deadline: one failed call is not a lost lease.
        loseLeadership(`no successful renew for ${Math.round((Date.now() - lastRenewMs) / 1000)} s`);
      }
      await sleep(Math.max(0, renewMs - (Date.now() - startedAt)), abort.signal);
    }
  }

  const running = loop();

  async function release(): Promise<void> {
    try {
      const current = await call(api.readNamespacedLease({ namespace, name }));
      if (current.spec?.holderIdentity !== identity) return;
      await call(api.replaceNamespacedLease({ namespace, name, body: { ...current, spec: releasedSpec(current.spec, new Date()) } }));
    } catch (e) {
      // The lease then simply expires; the successor waits one lease duration instead of one renew interval.
      log(`leader election: could not release ${namespace}/${name}: ${messageOf(e)}`);
    }
  }

  return {
    isLeader: () => leading && Date.now() - lastRenewMs <= renewDeadlineMs,
    async stop(stopOpts = {}) {
      if (stopped) return callbacks;
      stopped = true;
      abort.abort();
      await running;
      const wasLeading = leading;
      leading = false;
      if (wasLeading) {
        // Stop our collector before handing over, so two never write at once.
        await runCallback("onStoppedLeading", opts.onStoppedLeading);
        if (stopOpts.release !== false) await release();
      }
      await callbacks;
    },
  };
}

function messageOf(e: unknown): string {
  if (e instanceof ApiException) return `HTTP ${e.code}`;
  return e instanceof Error ? e.message : String(e);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
