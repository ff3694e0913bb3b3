import { describe, expect, it } from "vitest";
import { authorize, VIEWER_COOKIE, type AuthRequest, type AuthResult } from "./authorize";
import { loadAuthConfig, type AuthConfig } from "./config";
import { sha256 } from "./viewer-tokens";

const WALL_TOKEN = "wall-secret-0123456789";
const OTHER_TOKEN = "lobby-secret-9876543210";
const tokens = `wall:${sha256(WALL_TOKEN).toString("hex")},lobby:${sha256(OTHER_TOKEN).toString("hex")}`;

const OFF = loadAuthConfig({});
const PROXY_ANY = loadAuthConfig({ RUNNERSCOPE_AUTH: "proxy", RUNNERSCOPE_VIEWER_TOKENS: tokens });
const PROXY_RESTRICTED = loadAuthConfig({
  RUNNERSCOPE_AUTH: "proxy",
  RUNNERSCOPE_ALLOWED_USERS: "Alice@Example.com, bob",
  RUNNERSCOPE_ALLOWED_GROUPS: "acme:platform",
  RUNNERSCOPE_VIEWER_TOKENS: tokens,
});
const PROXY_CUSTOM_HEADERS = loadAuthConfig({ RUNNERSCOPE_AUTH: "proxy", RUNNERSCOPE_AUTH_USER_HEADER: "X-Auth-Request-Email", RUNNERSCOPE_AUTH_GROUPS_HEADER: "X-Auth-Request-Groups", RUNNERSCOPE_ALLOWED_GROUPS: "sre" });

interface Case {
  name: string;
  config: AuthConfig;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  queryToken?: string;
  expect: { ok: true; kind: "user" | "viewer" | "anonymous"; name?: string; via?: string } | { ok: false; status: 401 | 403 };
}

function run(c: Pick<Case, "config" | "method" | "path" | "headers" | "cookies" | "queryToken">): AuthResult {
  const req: AuthRequest = { method: c.method ?? "GET", pathname: c.path, headers: new Headers(c.headers ?? {}), cookies: c.cookies ?? {} };
  if (c.queryToken !== undefined) req.queryToken = c.queryToken;
  return authorize(req, c.config);
}

const cases: Case[] = [
  // off: everything open (localhost / port-forward)
  { name: "off: page", config: OFF, path: "/", expect: { ok: true, kind: "anonymous" } },
  { name: "off: POST diagnose", config: OFF, method: "POST", path: "/api/diagnose", expect: { ok: true, kind: "anonymous" } },
  { name: "off: ignores identity headers", config: OFF, path: "/", headers: { "x-forwarded-user": "mallory" }, expect: { ok: true, kind: "anonymous" } },

  // probes and the webhook receiver always pass
  { name: "proxy: liveness without identity", config: PROXY_RESTRICTED, path: "/api/health", expect: { ok: true, kind: "anonymous" } },
  { name: "proxy: readiness without identity", config: PROXY_RESTRICTED, path: "/api/ready", expect: { ok: true, kind: "anonymous" } },
  { name: "proxy: readiness with trailing slash", config: PROXY_RESTRICTED, path: "/api/ready/", expect: { ok: true, kind: "anonymous" } },
  { name: "proxy: GitHub webhook (own HMAC)", config: PROXY_RESTRICTED, method: "POST", path: "/api/webhooks/github", expect: { ok: true, kind: "anonymous" } },
  { name: "proxy: a path merely starting like a probe is not a probe", config: PROXY_RESTRICTED, path: "/api/healthz", expect: { ok: false, status: 401 } },
  { name: "proxy: a sub-path of the webhook route is not exempt", config: PROXY_RESTRICTED, method: "POST", path: "/api/webhooks/github/x", expect: { ok: false, status: 401 } },

  // proxy mode, users
  { name: "proxy: no identity → 401", config: PROXY_ANY, path: "/", expect: { ok: false, status: 401 } },
  { name: "proxy: no identity on API → 401", config: PROXY_ANY, path: "/api/fleet", expect: { ok: false, status: 401 } },
  { name: "proxy: blank user header → 401", config: PROXY_ANY, path: "/", headers: { "x-forwarded-user": "  " }, expect: { ok: false, status: 401 } },
  { name: "proxy: any authenticated user when no allow lists", config: PROXY_ANY, method: "POST", path: "/api/incidents", headers: { "x-forwarded-user": "carol" }, expect: { ok: true, kind: "user", name: "carol" } },
  { name: "proxy: allowed user, case-insensitive", config: PROXY_RESTRICTED, path: "/", headers: { "x-forwarded-user": "alice@example.com" }, expect: { ok: true, kind: "user", name: "alice@example.com" } },
  { name: "proxy: allowed user may POST", config: PROXY_RESTRICTED, method: "POST", path: "/api/diagnose", headers: { "x-forwarded-user": "bob" }, expect: { ok: true, kind: "user", name: "bob" } },
  { name: "proxy: user not in lists → 403", config: PROXY_RESTRICTED, path: "/", headers: { "x-forwarded-user": "mallory" }, expect: { ok: false, status: 403 } },
  { name: "proxy: allowed via group in a comma list", config: PROXY_RESTRICTED, path: "/", headers: { "x-forwarded-user": "dave", "x-forwarded-groups": "acme:web, acme:platform" }, expect: { ok: true, kind: "user", name: "dave" } },
  { name: "proxy: groups are exact (no prefix or case folding)", config: PROXY_RESTRICTED, path: "/", headers: { "x-forwarded-user": "dave", "x-forwarded-groups": "acme:Platform,acme:platform-admins" }, expect: { ok: false, status: 403 } },
  { name: "proxy: groups header alone is not an identity", config: PROXY_RESTRICTED, path: "/", headers: { "x-forwarded-groups": "acme:platform" }, expect: { ok: false, status: 401 } },
  { name: "proxy: custom headers are honoured", config: PROXY_CUSTOM_HEADERS, path: "/", headers: { "x-auth-request-email": "erin@acme.io", "x-auth-request-groups": "sre" }, expect: { ok: true, kind: "user", name: "erin@acme.io" } },
  { name: "proxy: default header ignored when a custom one is configured", config: PROXY_CUSTOM_HEADERS, path: "/", headers: { "x-forwarded-user": "erin@acme.io" }, expect: { ok: false, status: 401 } },
  { name: "proxy: a denied user cannot fall back to a viewer token", config: PROXY_RESTRICTED, path: "/wall", headers: { "x-forwarded-user": "mallory", authorization: `Bearer ${WALL_TOKEN}` }, expect: { ok: false, status: 403 } },

  // viewer tokens: read-only, a few paths
  { name: "viewer: bearer on the wall", config: PROXY_RESTRICTED, path: "/wall", headers: { authorization: `Bearer ${WALL_TOKEN}` }, expect: { ok: true, kind: "viewer", name: "wall", via: "bearer" } },
  { name: "viewer: second token maps to its own name", config: PROXY_RESTRICTED, path: "/wall", headers: { authorization: `bearer ${OTHER_TOKEN}` }, expect: { ok: true, kind: "viewer", name: "lobby", via: "bearer" } },
  { name: "viewer: ?token= once", config: PROXY_RESTRICTED, path: "/wall", queryToken: WALL_TOKEN, expect: { ok: true, kind: "viewer", name: "wall", via: "query" } },
  { name: "viewer: cookie afterwards", config: PROXY_RESTRICTED, path: "/api/stream", cookies: { [VIEWER_COOKIE]: WALL_TOKEN }, expect: { ok: true, kind: "viewer", name: "wall", via: "cookie" } },
  { name: "viewer: shared incident page", config: PROXY_RESTRICTED, path: "/incidents/inc_8f2k", cookies: { [VIEWER_COOKIE]: WALL_TOKEN }, expect: { ok: true, kind: "viewer", name: "wall" } },
  { name: "viewer: HEAD is read-only too", config: PROXY_RESTRICTED, method: "HEAD", path: "/api/fleet", cookies: { [VIEWER_COOKIE]: WALL_TOKEN }, expect: { ok: true, kind: "viewer" } },
  { name: "viewer: sources API", config: PROXY_RESTRICTED, path: "/api/sources", cookies: { [VIEWER_COOKIE]: WALL_TOKEN }, expect: { ok: true, kind: "viewer" } },
  { name: "viewer: Prometheus scrape with bearer", config: PROXY_RESTRICTED, path: "/api/metrics", headers: { authorization: `Bearer ${WALL_TOKEN}` }, expect: { ok: true, kind: "viewer" } },
  { name: "viewer: POST to the wall (server action) → 403", config: PROXY_RESTRICTED, method: "POST", path: "/wall", cookies: { [VIEWER_COOKIE]: WALL_TOKEN }, expect: { ok: false, status: 403 } },
  { name: "viewer: diagnose → 403", config: PROXY_RESTRICTED, method: "POST", path: "/api/diagnose", cookies: { [VIEWER_COOKIE]: WALL_TOKEN }, expect: { ok: false, status: 403 } },
  { name: "viewer: diagnose page → 403", config: PROXY_RESTRICTED, path: "/diagnose", cookies: { [VIEWER_COOKIE]: WALL_TOKEN }, expect: { ok: false, status: 403 } },
  { name: "viewer: incident creation → 403", config: PROXY_RESTRICTED, method: "POST", path: "/api/incidents", headers: { authorization: `Bearer ${WALL_TOKEN}` }, expect: { ok: false, status: 403 } },
  { name: "viewer: incident revocation → 403", config: PROXY_RESTRICTED, method: "DELETE", path: "/api/incidents/inc_8f2k", headers: { authorization: `Bearer ${WALL_TOKEN}` }, expect: { ok: false, status: 403 } },
  { name: "viewer: incidents list is not a shared incident", config: PROXY_RESTRICTED, path: "/incidents", cookies: { [VIEWER_COOKIE]: WALL_TOKEN }, expect: { ok: false, status: 403 } },
  { name: "viewer: dashboard home → 403", config: PROXY_RESTRICTED, path: "/", cookies: { [VIEWER_COOKIE]: WALL_TOKEN }, expect: { ok: false, status: 403 } },
  { name: "viewer: scale-set API → 403", config: PROXY_RESTRICTED, path: "/api/scale-sets/a/b/c", cookies: { [VIEWER_COOKIE]: WALL_TOKEN }, expect: { ok: false, status: 403 } },
  { name: "viewer: wrong token → 401", config: PROXY_RESTRICTED, path: "/wall", headers: { authorization: "Bearer not-a-token" }, expect: { ok: false, status: 401 } },
  { name: "viewer: the hash itself is not the token", config: PROXY_RESTRICTED, path: "/wall", queryToken: sha256(WALL_TOKEN).toString("hex"), expect: { ok: false, status: 401 } },
  { name: "viewer: token differing in the last character → 401", config: PROXY_RESTRICTED, path: "/wall", queryToken: WALL_TOKEN.slice(0, -1) + "1", expect: { ok: false, status: 401 } },
  { name: "viewer: empty bearer is no credential", config: PROXY_RESTRICTED, path: "/wall", headers: { authorization: "Bearer " }, expect: { ok: false, status: 401 } },
  { name: "viewer: no tokens configured → 401", config: loadAuthConfig({ RUNNERSCOPE_AUTH: "proxy" }), path: "/wall", headers: { authorization: `Bearer ${WALL_TOKEN}` }, expect: { ok: false, status: 401 } },
];

describe("authorize", () => {
  it.each(cases)("$name", (c) => {
    const result = run(c);
    if (c.expect.ok) {
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) return;
      expect(result.principal.kind).toBe(c.expect.kind);
      if (c.expect.name) expect(result.principal.name).toBe(c.expect.name);
      if (c.expect.via) expect(result.principal.via).toBe(c.expect.via);
    } else {
      expect(result).toMatchObject({ ok: false, status: c.expect.status });
    }
  });

  it("never echoes the presented token in a denial", () => {
    const denied = run({ config: PROXY_RESTRICTED, method: "POST", path: "/api/diagnose", headers: { authorization: `Bearer ${WALL_TOKEN}` } });
    const bad = run({ config: PROXY_RESTRICTED, path: "/wall", queryToken: "typo-secret" });
    expect(JSON.stringify([denied, bad])).not.toMatch(/wall-secret|typo-secret/);
  });
});
