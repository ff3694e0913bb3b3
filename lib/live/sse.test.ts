import { afterEach, describe, expect, it } from "vitest";
import { publish } from "./bus";
import { changeStream, closeAllStreams, openStreamCount } from "./sse";

async function readEvents(stream: ReadableStream<Uint8Array>, count: number): Promise<{ event: string; data: unknown }[]> {
  const reader = stream.getReader();
  const dec = new TextDecoder();
  let buf = "";
  const events: { event: string; data: unknown }[] = [];
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value);
    let idx;
    while ((idx = buf.indexOf("\n\n")) !== -1) {
      const block = buf.slice(0, idx);
      buf = buf.slice(idx + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  reader.releaseLock();
  return events;
}

afterEach(() => closeAllStreams());

describe("change stream", () => {
  it("greets, then forwards a burst of changes as one coalesced event", async () => {
    const stream = changeStream({ coalesceMs: 20, heartbeatMs: 60_000 });
    const first = await readEvents(stream, 1);
    expect(first[0]?.event).toBe("hello");
    publish([{ topic: "fleet", at: "t" }]);
    publish([{ topic: "scaleSet", key: "sim-east/arc-runners/web", at: "t" }]);
    const [change] = await readEvents(stream, 1);
    expect(change?.event).toBe("change");
    expect(change?.data).toMatchObject({ topics: ["fleet", "scaleSet"], keys: ["sim-east/arc-runners/web"] });
  });

  it("sends heartbeats so a client can tell a live connection from a dead one", async () => {
    const stream = changeStream({ heartbeatMs: 30 });
    const events = await readEvents(stream, 2);
    expect(events.map((e) => e.event)).toEqual(["hello", "heartbeat"]);
  });

  it("closes every stream on shutdown and forgets it", async () => {
    const stream = changeStream({ heartbeatMs: 60_000 });
    await readEvents(stream, 1);
    expect(openStreamCount()).toBe(1);
    closeAllStreams();
    expect(openStreamCount()).toBe(0);
    const reader = stream.getReader();
    expect((await reader.read()).done).toBe(true);
  });
});
