/** Response helpers shared by the simulated API server's handlers. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { failureStatus, type KubeStatus } from "./status";

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: KubeStatus): void {
  // 429 tells clients when to come back, like the apiserver's priority-and-fairness rejections
  const headers: Record<string, string> = status.code === 429 ? { "Retry-After": "1" } : {};
  sendJson(res, status.code, status, headers);
}

export function sendFailure(res: ServerResponse, code: number, message: string): void {
  sendStatus(res, failureStatus(code, message));
}

export function sendText(res: ServerResponse, code: number, text: string, contentType = "text/plain; charset=utf-8"): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Start a streamed 200 response (watch, follow) and push the headers out now. */
export function startStream(res: ServerResponse, contentType: string): void {
  res.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();
}

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, maxBytes = 3 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > maxBytes) throw new BodyTooLargeError("request entity too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}
