import { currentSeq, subscribe, type Change } from "./bus";

/** Encodes one server-sent event. */
export function sseEvent(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface StreamOptions {
  heartbeatMs?: number;
  /** Coalesce bursts of changes into one message per window. */
  coalesceMs?: number;
  signal?: AbortSignal;
  /** Called once the stream is closed (client gone or shutdown). */
  onClose?: () => void;
}

const openStreams = new Set<() => void>();

/** Closes every open stream (graceful shutdown): clients reconnect to another replica or after restart. */
export function closeAllStreams(): void {
  for (const close of [...openStreams]) close();
}

export function openStreamCount(): number {
  return openStreams.size;
}

/**
 * A text/event-stream body: `hello` first (with the server time, so clients can show freshness),
 * `change` events (coalesced), and a heartbeat comment plus a `heartbeat` event so clients detect a dead connection.
 */
export function changeStream(opts: StreamOptions = {}): ReadableStream<Uint8Array> {
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const coalesceMs = opts.coalesceMs ?? 1000;
  const enc = new TextEncoder();
  let close = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let pending: Change[] = [];
      let flushTimer: ReturnType<typeof setTimeout> | undefined;
      let closed = false;
      const send = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(enc.encode(chunk));
        } catch {
          close();
        }
      };
      const flush = () => {
        flushTimer = undefined;
        const topics = [...new Set(pending.map((c) => c.topic))];
        const keys = [...new Set(pending.flatMap((c) => (c.key ? [c.key] : [])))];
        pending = [];
        send(sseEvent("change", { topics, keys, at: new Date().toISOString() }, currentSeq()));
      };
      const unsubscribe = subscribe((changes) => {
        pending.push(...changes);
        flushTimer ??= setTimeout(flush, coalesceMs);
      });
      const heartbeat = setInterval(() => send(`: ping\n\n${sseEvent("heartbeat", { at: new Date().toISOString() })}`), heartbeatMs);
      close = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        if (flushTimer) clearTimeout(flushTimer);
        openStreams.delete(close);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
        opts.onClose?.();
      };
      openStreams.add(close);
      opts.signal?.addEventListener("abort", close);
      send(`retry: 2000\n\n${sseEvent("hello", { at: new Date().toISOString(), seq: currentSeq() })}`);
    },
    cancel() {
      close();
    },
  });
}
