import type { AuthConfig } from "./config";
import { matchViewerToken } from "./viewer-tokens";

/** Cookie a wall display keeps its viewer token in, after passing `?token=` once. */
export const VIEWER_COOKIE = "runnerscope_viewer";

/** What authorize() needs from a request; `headers.get` is case-insensitive like `Headers`. */
export interface AuthRequest {
  method: string;
  pathname: string;
  headers: { get(name: string): string | null };
  cookies: Readonly<Record<string, string | undefined>>;
  /** `?token=` from the URL, if any (wall displays pass it once). */
  queryToken?: string;
}

export interface Principal {
  kind: "user" | "viewer" | "anonymous";
  name: string;
  /** How a viewer presented its token; "query" means the caller should move it into the cookie. */
  via?: "bearer" | "cookie" | "query";
}

export type AuthResult = { ok: true; principal: Principal } | { ok: false; status: 401 | 403; message: string };

/** Kubelet probes: never behind auth, or a proxy blip would restart the pod. */
const PROBES = new Set(["/api/health", "/api/ready"]);
/** GitHub webhooks carry their own HMAC signature, checked by the route. */
const SELF_AUTHENTICATED = new Set(["/api/webhooks/github"]);
/**
 * What a viewer token may read: the wall, shared incident links and the read-only APIs they poll. `/api/metrics`
 * is here so Prometheus can scrape with `authorization: {credentials: <token>}` when auth is on.
 */
const VIEWER_API = new Set(["/api/stream", "/api/fleet", "/api/sources", "/api/health", "/api/metrics"]);
const VIEWER_PAGE = /^\/(wall|incidents\/[^/]+)$/;

/** `/wall/` and `/wall` are the same page; everything else is compared exactly (deny by default). */
function normalise(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
}

/** Liveness and readiness probe paths. */
export function isProbe(pathname: string): boolean {
  return PROBES.has(normalise(pathname));
}

export function isViewerAllowed(method: string, pathname: string): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const p = normalise(pathname);
  return VIEWER_API.has(p) || VIEWER_PAGE.test(p);
}

function bearerOf(headers: AuthRequest["headers"]): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return m?.[1];
}

function authorizeUser(user: string, req: AuthRequest, config: AuthConfig): AuthResult {
  const restricted = config.allowedUsers.length > 0 || config.allowedGroups.length > 0;
  if (!restricted || config.allowedUsers.includes(user.toLowerCase())) return { ok: true, principal: { kind: "user", name: user } };
  const groups = (req.headers.get(config.groupsHeader) ?? "").split(",").map((g) => g.trim());
  if (groups.some((g) => g && config.allowedGroups.includes(g))) return { ok: true, principal: { kind: "user", name: user } };
  return { ok: false, status: 403, message: `${user} is not allowed to use Runnerscope: ask an administrator to add you or one of your groups` };
}

function authorizeViewer(req: AuthRequest, config: AuthConfig): AuthResult | undefined {
  const candidates: [string | undefined, NonNullable<Principal["via"]>][] = [
    [bearerOf(req.headers), "bearer"],
    [req.queryToken, "query"],
    [req.cookies[VIEWER_COOKIE], "cookie"],
  ];
  const presented = candidates.find(([token]) => token);
  if (!presented?.[0]) return undefined;
  const name = matchViewerToken(presented[0], config.viewerTokens);
  if (!name) return { ok: false, status: 401, message: "the viewer token is not valid (revoked or mistyped)" };
  if (!isViewerAllowed(req.method, req.pathname)) {
    return { ok: false, status: 403, message: "viewer tokens are read-only: they open the wall and shared incidents only" };
  }
  return { ok: true, principal: { kind: "viewer", name, via: presented[1] } };
}

/**
 * Decides whether a request may proceed. Pure: config and request in, decision out.
 * Probes and the webhook receiver always pass; `off` lets everyone in; `proxy` requires the user header set by
 * the authenticating proxy (and membership of the allow lists), or a viewer token for the read-only wall pages.
 */
export function authorize(req: AuthRequest, config: AuthConfig): AuthResult {
  const path = normalise(req.pathname);
  if (PROBES.has(path) || SELF_AUTHENTICATED.has(path)) return { ok: true, principal: { kind: "anonymous", name: "anonymous" } };
  if (config.mode === "off") return { ok: true, principal: { kind: "anonymous", name: "anonymous" } };

  const user = req.headers.get(config.userHeader)?.trim();
  if (user) return authorizeUser(user, req, config);
  const viewer = authorizeViewer(req, config);
  if (viewer) return viewer;
  return { ok: false, status: 401, message: "sign in through your organisation's login (no user identity reached Runnerscope)" };
}
