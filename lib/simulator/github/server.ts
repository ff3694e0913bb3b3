import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { VirtualClock } from "../clock";
import { consume, rateLimitHeaders, rateLimitJson, refresh, tokenFromAuthorization } from "./budget";
import { createFaults, faultBody, type GitHubFaults } from "./faults";
import { route } from "./routes";
import type { GitHubState, SimToken } from "./types";

export type { GitHubFaults } from "./faults";

/**
 * The simulated GitHub REST API over node:http. Serves `state` as it is at request time, charges
 * each token's primary rate limit against the virtual clock, answers conditional requests with
 * 304 (free, like GitHub) and applies injected faults and latency.
 */

export interface GitHubServerOptions {
  state: GitHubState;
  clock: VirtualClock;
  /** Default 0: a random free port. */
  port?: number;
  /** Wall-clock delay before every response. */
  latencyMs?: number;
}

export interface GitHubServer {
  /** Base URL for Octokit's `baseUrl`, e.g. http://127.0.0.1:40123 */
  url: string;
  faults: GitHubFaults;
  close(): Promise<void>;
}

const DOCS = "https://docs.github.com/rest";

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const etagOf = (body: string): string => `"${createHash("sha1").update(body).digest("hex")}"`;

/** If-None-Match may list several tags, weak or strong; `*` matches anything. */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === "*" || tag === etag;
  });
}

export async function startGitHubServer(opts: GitHubServerOptions): Promise<GitHubServer> {
  const { state, clock } = opts;
  let requestCount = 0;

  const findToken = (value: string | undefined): SimToken | undefined =>
    value === undefined ? undefined : state.tokens.find((t) => t.token === value);

  const faults = createFaults({
    latencyMs: opts.latencyMs,
    exhaust(value) {
      const token = findToken(value);
      if (!token) throw new Error("exhaust: unknown token");
      refresh(token, clock.nowMs());
      token.remaining = 0;
    },
  });

  function handle(req: IncomingMessage): Reply {
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
    const token = findToken(tokenFromAuthorization(req.headers.authorization));
    if (token) refresh(token, clock.nowMs());
    const limits = token ? rateLimitHeaders(token) : {};

    const fault = faults.take(url.pathname);
    if (fault !== undefined) return { status: fault, body: faultBody(fault), headers: limits };

    if (!token) {
      const message = req.headers.authorization ? "Bad credentials" : "Requires authentication";
      return { status: 401, body: { message, documentation_url: DOCS } };
    }
    if (req.method !== "GET") return { status: 404, body: { message: "Not Found", documentation_url: DOCS }, headers: limits };

    /** 200 with a strong ETag; a matching If-None-Match gets a 304 that costs nothing, as on GitHub. */
    const ok = (data: unknown, link: string | undefined, counted: boolean): Reply => {
      const body = JSON.stringify(data);
      const etag = etagOf(body);
      if (etagMatches(req.headers["if-none-match"], etag)) return { status: 304, headers: { ...limits, etag } };
      if (counted) consume(token);
      return { status: 200, body, headers: { ...rateLimitHeaders(token), etag, ...(link ? { link } : {}) } };
    };
    // /rate_limit is free, even when the budget is spent
    if (url.pathname === "/rate_limit") return ok(rateLimitJson(token), undefined, false);

    if (token.remaining <= 0) {
      const message = "API rate limit exceeded for user ID 1.";
      return { status: 403, body: { message, documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api` }, headers: limits };
    }
    const result = route(state, url);
    if (result.status === 200) return ok(result.body, result.link, true);
    consume(token);
    return { status: result.status, body: result.body, headers: rateLimitHeaders(token) };
  }

  function send(res: ServerResponse, reply: Reply): void {
    requestCount++;
    faults.countRequest();
    const headers: Record<string, string> = {
      "x-github-request-id": `51A0:${requestCount.toString(16).toUpperCase().padStart(6, "0")}`,
      "x-github-media-type": "github.v3; format=json",
      ...reply.headers,
    };
    if (reply.status === 304 || reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    const body = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    headers["content-type"] = "application/json; charset=utf-8";
    headers["content-length"] = String(Buffer.byteLength(body));
    res.writeHead(reply.status, headers).end(body);
  }

  const server = createServer((req, res) => {
    // drain any request body; all routes are GETs
    req.resume();
    let reply: Reply;
    try {
      reply = handle(req);
    } catch (err) {
      console.error("simulated GitHub failed", err);
      reply = { status: 500, body: { message: "Server Error" } };
    }
    const delay = faults.latencyMs();
    if (delay > 0) setTimeout(() => send(res, reply), delay);
    else send(res, reply);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
