/**
 * The simulated Kubernetes API server: real HTTP on 127.0.0.1 so `@kubernetes/client-node` and
 * `kubectl` talk to it unchanged. Serves discovery, list/get/watch with selectors and paging,
 * Tables for kubectl, pod logs and pod proxy, read-write leases, and injectable faults.
 * The simulated identity is read-only everywhere else and may not read Secrets.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { VirtualClock } from "@/lib/simulator/clock";
import { compileFieldSelector } from "./field-selector";
import { compileLabelSelector, SelectorParseError } from "./label-selector";
import { applyJsonPatch, applyMergePatch, PatchError } from "./patch";
import { serveLogs, serveProxy } from "./pod-endpoints";
import type { PodLogStore } from "./pod-logs";
import {
  apiGroupDocument,
  apiGroupListDocument,
  apiResourceListDocument,
  apiVersionsDocument,
  findResource,
  groupVersionOf,
  type ResourceInfo,
} from "./resources";
import { BodyTooLargeError, readBody, sendFailure, sendJson, sendStatus, sendText, startStream } from "./respond";
import { failureStatus, forbiddenStatus, notFoundStatus } from "./status";
import { KubeStoreError, type KubeStoreImpl } from "./store";
import { toTable, type IncludeObject } from "./tables";
import type { KubeFaults, KubeObject, PodProxyHandler } from "./types";
import { serveWatch } from "./watch-stream";

export interface KubeApiServerOptions {
  store: KubeStoreImpl;
  logs: PodLogStore;
  proxy?: PodProxyHandler;
  clock: VirtualClock;
  /** Reported by `/version` (default v1.31.4). */
  gitVersion?: string;
  port?: number;
  /** Wall-clock ms between BOOKMARK events on watches that allow them (default 5000). */
  bookmarkIntervalMs?: number;
}

export interface KubeApiServer {
  url: string;
  faults: KubeFaults;
  close(): Promise<void>;
}

/** A request for a resource collection, object or subresource, parsed from the URL path. */
interface ResourceRoute {
  info: ResourceInfo;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  /** Remainder after the subresource (the proxied path). */
  rest: string[];
}

type Route =
  | { kind: "resource"; route: ResourceRoute }
  | { kind: "document"; body: unknown }
  | { kind: "notFound" };

const WRITABLE_GROUPS = new Set(["coordination.k8s.io"]);
const PAGE_TOKEN_VERSION = 1;

function notFoundRoute(): Route {
  return { kind: "notFound" };
}

function parseRoute(segments: string[], serverAddress: string): Route {
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === "api") {
    if (segments.length === 1) return { kind: "document", body: apiVersionsDocument(serverAddress) };
    if (segments[1] !== "v1") return notFoundRoute();
    group = "";
    version = "v1";
    rest = segments.slice(2);
  } else if (segments[0] === "apis") {
    if (segments.length === 1) return { kind: "document", body: apiGroupListDocument() };
    const g = segments[1] ?? "";
    if (segments.length === 2) {
      const doc = apiGroupDocument(g);
      return doc ? { kind: "document", body: doc } : notFoundRoute();
    }
    group = g;
    version = segments[2] ?? "";
    rest = segments.slice(3);
  } else return notFoundRoute();

  if (rest.length === 0) {
    const doc = apiResourceListDocument(group, version);
    return doc ? { kind: "document", body: doc } : notFoundRoute();
  }
  const resource = (plural: string) => findResource(group, version, plural);
  const nsInfo = group === "" ? resource("namespaces") : undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    const info = resource(rest[2] ?? "");
    if (!info || !info.namespaced) return notFoundRoute();
    return { kind: "resource", route: { info, namespace: rest[1], name: rest[3], subresource: rest[4], rest: rest.slice(5) } };
  }
  if (rest[0] === "namespaces" && nsInfo) {
    return { kind: "resource", route: { info: nsInfo, namespace: undefined, name: rest[1], subresource: undefined, rest: [] } };
  }
  const info = resource(rest[0] ?? "");
  if (!info) return notFoundRoute();
  // namespaced resources listed across all namespaces; cluster-scoped ones addressed by name
  if (info.namespaced && rest.length > 1) return notFoundRoute();
  return { kind: "resource", route: { info, namespace: undefined, name: rest[1], subresource: rest[2], rest: rest.slice(3) } };
}

function verbOf(method: string, route: ResourceRoute, watch: boolean): string {
  switch (method) {
    case "GET":
    case "HEAD":
      return route.name ? "get" : watch ? "watch" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return route.name ? "delete" : "deletecollection";
    default:
      return method.toLowerCase();
  }
}

interface PageToken {
  v: number;
  ns: string;
  name: string;
}

function encodePageToken(obj: KubeObject): string {
  const token: PageToken = { v: PAGE_TOKEN_VERSION, ns: obj.metadata.namespace ?? "", name: obj.metadata.name };
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decodePageToken(raw: string): PageToken | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const t = parsed as Partial<PageToken>;
    return t.v === PAGE_TOKEN_VERSION && typeof t.ns === "string" && typeof t.name === "string" ? { v: t.v, ns: t.ns, name: t.name } : undefined;
  } catch {
    return undefined;
  }
}

function afterToken(obj: KubeObject, token: PageToken): boolean {
  const ns = obj.metadata.namespace ?? "";
  return ns > token.ns || (ns === token.ns && obj.metadata.name > token.name);
}

function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? "");
}

function includeObjectOf(query: URLSearchParams): IncludeObject {
  const v = query.get("includeObject");
  return v === "None" || v === "Object" ? v : "Metadata";
}

function isTrue(v: string | null): boolean {
  return v === "true" || v === "1";
}

function parseVersion(gitVersion: string): { major: string; minor: string } {
  const m = /^v?(\d+)\.(\d+)/.exec(gitVersion);
  return { major: m?.[1] ?? "1", minor: m?.[2] ?? "31" };
}

export async function startKubeApiServer(opts: KubeApiServerOptions): Promise<KubeApiServer> {
  const { store, logs, clock } = opts;
  const gitVersion = opts.gitVersion ?? "v1.31.4";
  const bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 5000;
  const openStreams = new Set<() => void>();
  const openWatches = new Set<() => void>();
  const sockets = new Set<Socket>();
  const failRules: { status: 410 | 429 | 500 | 503 | 403; remaining: number; pathIncludes: string | undefined }[] = [];
  const forbidden = new Set<string>();
  const uninstalled = new Set<string>();
  let paused = false;
  let serverAddress = "127.0.0.1:0";

  function takeFailure(pathAndQuery: string): number | undefined {
    const rule = failRules.find((r) => r.remaining > 0 && (r.pathIncludes === undefined || pathAndQuery.includes(r.pathIncludes)));
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining === 0) failRules.splice(failRules.indexOf(rule), 1);
    return rule.status;
  }

  function serveList(req: IncomingMessage, res: ServerResponse, route: ResourceRoute, query: URLSearchParams): void {
    const matchLabels = compileLabelSelector(query.get("labelSelector") ?? undefined);
    const matchFields = compileFieldSelector(query.get("fieldSelector") ?? undefined);
    const rv = store.resourceVersion();
    let items = store.listShared(route.info, route.namespace).filter((o) => matchLabels(o.metadata.labels) && matchFields(o));
    const token = query.get("continue");
    if (token) {
      const decoded = decodePageToken(token);
      if (!decoded) return sendFailure(res, 400, "continue key is not valid");
      items = items.filter((o) => afterToken(o, decoded));
    }
    const limit = Number(query.get("limit") ?? "0");
    let continueToken: string | undefined;
    let remaining: number | undefined;
    if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
      remaining = items.length - limit;
      items = items.slice(0, limit);
      const last = items[items.length - 1];
      continueToken = last ? encodePageToken(last) : undefined;
    }
    if (wantsTable(req)) {
      return sendJson(res, 200, toTable(route.info, items, { nowMs: clock.nowMs(), includeObject: includeObjectOf(query), resourceVersion: rv, continueToken }));
    }
    sendJson(res, 200, {
      kind: `${route.info.kind}List`,
      apiVersion: groupVersionOf(route.info),
      metadata: { resourceVersion: rv, ...(continueToken ? { continue: continueToken, remainingItemCount: remaining } : {}) },
      items,
    });
  }

  function serveGet(req: IncomingMessage, res: ServerResponse, route: ResourceRoute, name: string, query: URLSearchParams): void {
    const obj = store.getShared(route.info, route.namespace, name);
    if (!obj) return sendStatus(res, notFoundStatus(route.info, name));
    if (wantsTable(req)) {
      return sendJson(res, 200, toTable(route.info, [obj], { nowMs: clock.nowMs(), includeObject: includeObjectOf(query), resourceVersion: obj.metadata.resourceVersion }));
    }
    sendJson(res, 200, obj);
  }

  async function serveWrite(req: IncomingMessage, res: ServerResponse, route: ResourceRoute, method: string): Promise<void> {
    const { info, namespace, name } = route;
    if (method === "DELETE") {
      if (!name) return sendFailure(res, 405, "deletecollection is not supported by the simulated API server");
      const deleted = store.delete(info, namespace, name);
      return deleted ? sendJson(res, 200, deleted) : sendStatus(res, notFoundStatus(info, name));
    }
    const text = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendFailure(res, 400, "the request body is not valid JSON");
    }
    if (method === "POST") {
      if (name) return sendFailure(res, 405, `POST is not supported on a named ${info.kind}`);
      const obj = asKubeObject(body);
      if (!obj) return sendFailure(res, 400, "the request body is not a Kubernetes object with metadata");
      if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
        return sendFailure(res, 400, "the namespace of the provided object does not match the namespace sent on the request");
      }
      obj.metadata.namespace = namespace;
      obj.apiVersion = groupVersionOf(info);
      obj.kind = info.kind;
      return sendJson(res, 201, store.create(info, obj));
    }
    if (!name) return sendFailure(res, 405, `${method} requires an object name`);
    if (method === "PUT") {
      const obj = asKubeObject(body);
      if (!obj) return sendFailure(res, 400, "the request body is not a Kubernetes object with metadata");
      if (obj.metadata.name !== name) return sendFailure(res, 400, "the name of the object does not match the name on the URL");
      obj.metadata.namespace = namespace;
      return sendJson(res, 200, store.update(info, obj, { checkResourceVersion: Boolean(obj.metadata.resourceVersion) }));
    }
    if (method === "PATCH") {
      const current = store.getShared(info, namespace, name);
      if (!current) return sendStatus(res, notFoundStatus(info, name));
      const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
      let patched: unknown;
      if (contentType === "application/merge-patch+json" || contentType === "application/strategic-merge-patch+json") {
        patched = applyMergePatch(current, body);
      } else if (contentType === "application/json-patch+json") {
        patched = applyJsonPatch(current, body);
      } else {
        return sendFailure(res, 415, `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`);
      }
      const obj = asKubeObject(patched);
      if (!obj) return sendFailure(res, 422, "the patched object is not valid");
      obj.metadata.name = name;
      obj.metadata.namespace = namespace;
      // a patch that names a resourceVersion is a precondition, as on a real server
      const check = Boolean(obj.metadata.resourceVersion) && obj.metadata.resourceVersion !== current.metadata.resourceVersion;
      return sendJson(res, 200, store.update(info, obj, { checkResourceVersion: check }));
    }
    sendFailure(res, 405, `method ${method} is not allowed`);
  }

  async function handleResource(req: IncomingMessage, res: ServerResponse, route: ResourceRoute, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const query = url.searchParams;
    const watch = isTrue(query.get("watch"));
    const verb = verbOf(method, route, watch);
    const { info } = route;

    if (route.namespace && forbidden.has(route.namespace)) return sendStatus(res, forbiddenStatus(info, verb, route.namespace, route.name));
    const injected = takeFailure(url.pathname + url.search);
    if (injected === 410 && watch && method === "GET") {
      // a real apiserver reports an expired watch inside a 200 stream, not as an HTTP status
      startStream(res, "application/json");
      res.end(JSON.stringify({ type: "ERROR", object: failureStatus(410, "too old resource version", "Expired") }) + "\n");
      return;
    }
    if (injected !== undefined) {
      const message = injected === 410 ? "too old resource version" : injected === 403 ? forbiddenStatus(info, verb, route.namespace, route.name).message : `injected fault ${injected}`;
      return sendStatus(res, failureStatus(injected, message));
    }
    // the dashboard's identity has no RBAC on Secrets: their data is never served
    if (info.group === "" && info.plural === "secrets") return sendStatus(res, forbiddenStatus(info, verb, route.namespace, route.name));

    if (info.plural === "pods" && info.group === "" && route.namespace && route.name && route.subresource === "proxy") {
      return serveProxy({ res, method, store, proxy: opts.proxy, namespace: route.namespace, target: route.name, path: `/${route.rest.join("/")}` });
    }
    if (info.plural === "pods" && info.group === "" && route.namespace && route.name && route.subresource === "log") {
      if (method !== "GET") return sendFailure(res, 405, `method ${method} is not allowed on pods/log`);
      return serveLogs({ res, query, store, logs, clock, namespace: route.namespace, pod: route.name, open: openStreams });
    }
    if (route.subresource !== undefined && route.subresource !== "status") return sendFailure(res, 404, "the server could not find the requested resource");

    if (method !== "GET" && method !== "HEAD") {
      if (!WRITABLE_GROUPS.has(info.group) || route.subresource) return sendStatus(res, forbiddenStatus(info, verb, route.namespace, route.name));
      return serveWrite(req, res, route, method);
    }
    if (route.name) return serveGet(req, res, route, route.name, query);
    if (watch) {
      const timeout = query.get("timeoutSeconds");
      const table = wantsTable(req);
      const includeObject = includeObjectOf(query);
      return serveWatch({
        res,
        store,
        info,
        namespace: route.namespace,
        matchLabels: compileLabelSelector(query.get("labelSelector") ?? undefined),
        matchFields: compileFieldSelector(query.get("fieldSelector") ?? undefined),
        resourceVersion: query.get("resourceVersion") ?? undefined,
        bookmarkIntervalMs: isTrue(query.get("allowWatchBookmarks")) ? bookmarkIntervalMs : undefined,
        sendInitialEvents: isTrue(query.get("sendInitialEvents")),
        timeoutSeconds: timeout ? Number(timeout) : undefined,
        render: table ? (o) => toTable(info, [o], { nowMs: clock.nowMs(), includeObject }) : (o) => o,
        open: openWatches,
      });
    }
    serveList(req, res, route, query);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (paused) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (path === "/healthz" || path === "/readyz" || path === "/livez" || /^\/(healthz|readyz|livez)\//.test(path)) return sendText(res, 200, "ok");
    if (path === "/version") {
      const { major, minor } = parseVersion(gitVersion);
      return sendJson(res, 200, {
        major, minor, gitVersion, gitCommit: "0000000000000000000000000000000000000000", gitTreeState: "clean",
        buildDate: "2026-01-01T00:00:00Z", goVersion: "go1.23.4", compiler: "gc", platform: "linux/amd64",
      });
    }
    let segments: string[];
    try {
      segments = path.split("/").filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
    } catch {
      return sendFailure(res, 400, "malformed URL path");
    }
    // a group whose CRDs are not installed: absent from discovery, 404 everywhere below it
    if (segments[0] === "apis" && segments[1] !== undefined && uninstalled.has(segments[1])) {
      return sendStatus(res, failureStatus(404, "the server could not find the requested resource", "NotFound"));
    }
    const route = parseRoute(segments, serverAddress);
    if (route.kind === "document") {
      if (req.method !== "GET") return sendFailure(res, 405, `method ${req.method ?? ""} is not allowed`);
      return sendJson(res, 200, segments.length === 1 && segments[0] === "apis" ? withoutGroups(route.body, uninstalled) : route.body);
    }
    if (route.kind === "notFound") return sendStatus(res, failureStatus(404, "the server could not find the requested resource", "NotFound"));
    try {
      await handleResource(req, res, route.route, url);
    } catch (err) {
      if (err instanceof SelectorParseError) return sendFailure(res, 400, err.message);
      if (err instanceof PatchError) return sendFailure(res, 422, err.message);
      if (err instanceof BodyTooLargeError) return sendFailure(res, 413, err.message);
      if (err instanceof KubeStoreError) return sendStatus(res, failureStatus(err.code, err.message, err.reason));
      throw err;
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      sendFailure(res, 500, err instanceof Error ? err.message : String(err));
    });
  });
  server.on("connection", (socket: Socket) => {
    if (paused) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const endAll = (set: Set<() => void>) => {
    for (const end of [...set]) end();
  };

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  serverAddress = `127.0.0.1:${address.port}`;

  const faults: KubeFaults = {
    dropWatches: () => endAll(openWatches),
    failNext: (status, count, pathIncludes) => {
      failRules.push({ status, remaining: count, pathIncludes });
    },
    forbidNamespace: (ns) => {
      forbidden.add(ns);
    },
    uninstallGroup: (group) => {
      uninstalled.add(group);
      // a real apiserver ends the watches of a removed CRD
      endAll(openWatches);
    },
    installGroup: (group) => {
      uninstalled.delete(group);
    },
    pause: () => {
      paused = true;
      endAll(openWatches);
      endAll(openStreams);
      for (const s of sockets) s.destroy();
    },
    resume: () => {
      paused = false;
    },
  };

  return {
    url: `http://${serverAddress}`,
    faults,
    close: async () => {
      endAll(openWatches);
      endAll(openStreams);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The APIGroupList without the given groups. */
function withoutGroups(doc: unknown, hidden: ReadonlySet<string>): unknown {
  if (hidden.size === 0 || typeof doc !== "object" || doc === null) return doc;
  const groups = (doc as { groups?: unknown }).groups;
  if (!Array.isArray(groups)) return doc;
  return { ...doc, groups: groups.filter((g: unknown) => !(typeof g === "object" && g !== null && hidden.has(String((g as { name?: unknown }).name)))) };
}

function asKubeObject(v: unknown): KubeObject | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const rec = v as Record<string, unknown>;
  const meta = rec.metadata;
  if (typeof meta !== "object" || meta === null || Array.isArray(meta)) return undefined;
  const m = meta as Record<string, unknown>;
  if (typeof m.name !== "string" && typeof m.generateName !== "string") return undefined;
  // generateName-only objects get their name from the store
  if (typeof m.name !== "string") m.name = "";
  return v as KubeObject;
}
