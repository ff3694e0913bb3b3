/** One server-sent event as read from a `text/event-stream` body. */
export interface SseMessage {
  event?: string;
  data?: string;
  id?: number;
  /** The raw block, comments included (heartbeats are `: ping`). */
  raw: string;
}

/** Reads an event stream until it ends, calling `onMessage` for every blank-line-terminated block. */
export async function readSse(body: NonNullable<Response["body"]>, onMessage: (m: SseMessage) => void): Promise<void> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let i: number;
    while ((i = buf.indexOf("\n\n")) >= 0) {
      const raw = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const id = /^id: (\d+)$/m.exec(raw)?.[1];
      onMessage({ raw, event: /^event: (.*)$/m.exec(raw)?.[1], data: /^data: (.*)$/m.exec(raw)?.[1], id: id === undefined ? undefined : Number(id) });
    }
  }
}
