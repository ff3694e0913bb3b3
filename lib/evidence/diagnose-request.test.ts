import { describe, expect, it } from "vitest";
import { MAX_PASTE_BYTES } from "./diagnose-text";
import { handleDiagnoseRequest, readBodyLimited } from "./diagnose-request";

const LINE = '2026-03-01T04:00:00Z\tINFO\tEphemeralRunner\tCreated ephemeral runner pod\t{"ephemeralrunner": "arc-runners/web-x7k2p-runner-q9zt4"}';
const post = (body: BodyInit | null, headers: Record<string, string> = {}) => new Request("http://127.0.0.1/api/diagnose", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("handleDiagnoseRequest", () => {
  it("diagnoses a text/plain body", async () => {
    const r = await handleDiagnoseRequest(post(LINE, { "content-type": "text/plain" }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ findings: expect.any(Array), notEvaluated: expect.any(Array), parsed: { controllerLogLines: 1 } });
  });

  it("accepts JSON {text} and rejects malformed JSON or empty pastes with 422", async () => {
    expect((await handleDiagnoseRequest(post(JSON.stringify({ text: LINE }), { "content-type": "application/json" }))).status).toBe(200);
    const bad = await handleDiagnoseRequest(post("{nope", { "content-type": "application/json" }));
    expect(bad).toMatchObject({ status: 422, body: { error: { code: "invalid_request" } } });
    expect((await handleDiagnoseRequest(post(JSON.stringify({ text: 3 }), { "content-type": "application/json" }))).status).toBe(422);
    expect((await handleDiagnoseRequest(post("   "))).status).toBe(422);
  });

  it("answers 413 on a declared Content-Length over 5 MB without reading the body", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024));
      },
    });
    const r = await handleDiagnoseRequest(post(stream, { "content-length": String(MAX_PASTE_BYTES + 1) }));
    expect(r).toEqual({ status: 413, body: { error: { code: "payload_too_large", message: expect.stringMatching(/limit is 5 MB/) } } });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("counts while reading an undeclared (chunked) body and stops past the limit", async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 64 * 1024;
        c.enqueue(new Uint8Array(64 * 1024).fill(97));
      },
    });
    expect(await readBodyLimited(post(stream), MAX_PASTE_BYTES)).toBeUndefined();
    expect(sent).toBeLessThan(MAX_PASTE_BYTES + 3 * 64 * 1024);
    const r = await handleDiagnoseRequest(post(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(256 * 1024)) })));
    expect(r.status).toBe(413);
  });
});
