/**
 * In-process change feed. The collector publishes after each batch it stores; `/api/stream` forwards changes
 * to browsers over server-sent events. Kept on globalThis so Next's module instances share one bus.
 */
export interface Change {
  /** What changed: the fleet (counts), findings, source health, or one scale set. */
  topic: "fleet" | "findings" | "sources" | "scaleSet";
  /** `cluster/namespace/name` for scaleSet changes. */
  key?: string;
  at: string;
}

type Listener = (changes: Change[]) => void;

interface Bus {
  listeners: Set<Listener>;
  /** Monotonic counter of published batches, so clients can tell they missed nothing. */
  seq: number;
}

const globalBus = globalThis as typeof globalThis & { __runnerscopeBus?: Bus };

function bus(): Bus {
  globalBus.__runnerscopeBus ??= { listeners: new Set(), seq: 0 };
  return globalBus.__runnerscopeBus;
}

export function publish(changes: Change[]): void {
  if (changes.length === 0) return;
  const b = bus();
  b.seq++;
  for (const l of b.listeners) {
    try {
      l(changes);
    } catch {
      // one broken subscriber must not stop the others
    }
  }
}

export function subscribe(listener: Listener): () => void {
  const b = bus();
  b.listeners.add(listener);
  return () => b.listeners.delete(listener);
}

export function subscriberCount(): number {
  return bus().listeners.size;
}

export function currentSeq(): number {
  return bus().seq;
}
