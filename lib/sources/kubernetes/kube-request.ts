import http from "node:http";
import https from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";

export interface KubeResponse {
  status: number;
  body: string;
}

/**
 * GET a raw API-server path with the kubeconfig's credentials (TLS, token, client cert) — for endpoints the
 * generated client encodes badly, e.g. the pod proxy `pods/{pod}:{port}/proxy/metrics`.
 */
export async function kubeGet(kc: KubeConfig, path: string, opts: { timeoutMs?: number; maxBytes?: number } = {}): Promise<KubeResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("no current cluster in kubeconfig");
  const url = new URL(cluster.server.replace(/\/+$/, "") + path);
  const reqOpts: https.RequestOptions = { method: "GET", headers: { accept: "text/plain, application/json" } };
  await kc.applyToHTTPSOptions(reqOpts);
  const isHttps = url.protocol === "https:";
  if (!isHttps) delete reqOpts.agent; // an https.Agent cannot carry plain http
  const mod = isHttps ? https : http;
  const maxBytes = opts.maxBytes ?? 8 * 1024 * 1024;
  return new Promise<KubeResponse>((resolve, reject) => {
    const req = mod.request(url, reqOpts, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          req.destroy(new Error(`response over ${maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error(`timeout GET ${path}`)));
    req.on("error", reject);
    req.end();
  });
}

/** HTTP status of a client-node error (ApiException `.code`, Watch error `.statusCode`), if any. */
export function statusOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null) return undefined;
  const o = err as { code?: unknown; statusCode?: unknown };
  if (typeof o.statusCode === "number") return o.statusCode;
  if (typeof o.code === "number") return o.code;
  return undefined;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0] ?? err.message;
  return String(err);
}
