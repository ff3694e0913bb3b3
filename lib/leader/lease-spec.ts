import { V1MicroTime, type V1LeaseSpec } from "@kubernetes/client-node";

/*
 * Pure decisions about a coordination.k8s.io/v1 Lease, kept apart from the I/O loop so they can be reasoned
 * about (and tested) on their own. client-node 1.4 types MicroTime fields as Date but returns the JSON string as
 * read; `new V1MicroTime(d)` serialises as RFC 3339 with microseconds, which is what the API server expects.
 */

/** Milliseconds since the epoch of a MicroTime field, whatever shape client-node handed back. */
export function leaseTimeMs(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === "string") {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/**
 * Whether another candidate may take the lease: it has no holder (released), no renew time, or the holder's last
 * renew plus its lease duration lies in the past. Relies on the replicas' clocks agreeing to well under a
 * lease duration (NTP within one cluster), as client-go's timestamp checks do.
 */
export function isLeaseFree(spec: V1LeaseSpec | undefined, nowMs: number, fallbackDurationSeconds: number): boolean {
  if (!spec?.holderIdentity) return true;
  const renewed = leaseTimeMs(spec.renewTime) ?? leaseTimeMs(spec.acquireTime);
  if (renewed === undefined) return true;
  const duration = spec.leaseDurationSeconds ?? fallbackDurationSeconds;
  return renewed + duration * 1000 < nowMs;
}

/** The spec we write when taking over (or creating) the lease. */
export function takeOverSpec(previous: V1LeaseSpec | undefined, identity: string, leaseDurationSeconds: number, now: Date): V1LeaseSpec {
  const transitions = previous?.leaseTransitions ?? 0;
  return {
    ...previous,
    holderIdentity: identity,
    leaseDurationSeconds,
    acquireTime: new V1MicroTime(now.getTime()),
    renewTime: new V1MicroTime(now.getTime()),
    // Counts changes of holder; a fresh lease or a re-acquire by the same holder is not a transition.
    leaseTransitions: previous?.holderIdentity && previous.holderIdentity !== identity ? transitions + 1 : transitions,
  };
}

/** The spec we write on every renew. */
export function renewSpec(current: V1LeaseSpec | undefined, identity: string, leaseDurationSeconds: number, now: Date): V1LeaseSpec {
  return { ...current, holderIdentity: identity, leaseDurationSeconds, renewTime: new V1MicroTime(now.getTime()) };
}

/** Released lease: no holder and a one-second duration, so a waiting replica takes over on its next attempt. */
export function releasedSpec(current: V1LeaseSpec | undefined, now: Date): V1LeaseSpec {
  const out: V1LeaseSpec = { ...current, leaseDurationSeconds: 1, renewTime: new V1MicroTime(now.getTime()) };
  delete out.holderIdentity;
  return out;
}
