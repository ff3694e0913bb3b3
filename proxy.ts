import { NextResponse, type NextRequest } from "next/server";
import { authorize, isProbe, VIEWER_COOKIE, type AuthResult } from "@/lib/auth/authorize";
import { getAuthConfig } from "@/lib/auth/config";
import { ApiError, toErrorResponse } from "@/lib/services/api-error";

/** Set by this proxy only (any incoming value is dropped): `<kind>:<name>` of who is asking, for audit trails. */
const PRINCIPAL_HEADER = "x-runnerscope-principal";
const VIEWER_COOKIE_MAX_AGE = 90 * 24 * 3600;

/**
 * Per-request Content-Security-Policy with a nonce: Next marks its own inline bootstrap scripts with it, so no
 * other inline script can run. Styles allow inline attributes (charts set `style=`), which cannot run code.
 */
function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const isApi = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/");
const isPrefetch = (request: NextRequest) => request.headers.has("next-router-prefetch") || request.headers.get("purpose") === "prefetch";

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 401/403 (or 500 on a bad auth config): JSON for the API, a small page for people. */
function deny(request: NextRequest, status: number, code: string, message: string): NextResponse {
  const response = isApi(request.nextUrl.pathname)
    ? toErrorResponse(new ApiError(status, code, message))
    : new NextResponse(
        `<!doctype html><meta charset="utf-8"><title>Runnerscope</title><main style="font:16px system-ui;max-width:40rem;margin:4rem auto"><h1>Runnerscope</h1><p>${escapeHtml(message)}</p></main>`,
        { status, headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" } },
      );
  // A revoked token in the cookie would otherwise be replayed on every reload.
  if (status === 401 && request.cookies.has(VIEWER_COOKIE)) response.cookies.delete(VIEWER_COOKIE);
  response.headers.set("cache-control", "no-store");
  return response;
}

let configErrorLogged = false;

function check(request: NextRequest): AuthResult | { ok: false; status: 500; message: string } {
  const query = request.nextUrl.searchParams.get("token");
  const req = {
    method: request.method,
    pathname: request.nextUrl.pathname,
    headers: request.headers,
    cookies: Object.fromEntries(request.cookies.getAll().map((c) => [c.name, c.value])),
    ...(query ? { queryToken: query } : {}),
  };
  try {
    return authorize(req, getAuthConfig());
  } catch (e) {
    if (!configErrorLogged) console.error(e instanceof Error ? e.message : e);
    configErrorLogged = true;
    // Fail closed, but let the probes through: /api/ready reports the bad config, /api/health keeps the pod alive.
    if (isProbe(req.pathname)) return { ok: true, principal: { kind: "anonymous", name: "anonymous" } };
    return { ok: false, status: 500, message: "authentication is misconfigured; see the server log" };
  }
}

export function proxy(request: NextRequest) {
  const result = check(request);
  if (!result.ok) {
    const code = result.status === 401 ? "unauthenticated" : result.status === 403 ? "forbidden" : "auth_misconfigured";
    return deny(request, result.status, code, result.message);
  }

  // A wall display passes ?token= once: move it into an HttpOnly cookie and drop it from the address bar.
  if (result.principal.via === "query" && (request.method === "GET" || request.method === "HEAD")) {
    const clean = request.nextUrl.clone();
    clean.searchParams.delete("token");
    const response = NextResponse.redirect(clean, 303);
    response.cookies.set(VIEWER_COOKIE, request.nextUrl.searchParams.get("token") ?? "", {
      httpOnly: true,
      sameSite: "lax",
      secure: request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https",
      path: "/",
      maxAge: VIEWER_COOKIE_MAX_AGE,
    });
    response.headers.set("cache-control", "no-store");
    return response;
  }

  const headers = new Headers(request.headers);
  headers.set(PRINCIPAL_HEADER, `${result.principal.kind}:${result.principal.name}`);
  // API responses and prefetches carry no HTML, so only page requests get the nonce and the CSP.
  if (isApi(request.nextUrl.pathname) || isPrefetch(request)) return NextResponse.next({ request: { headers } });

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Everything but build assets: API routes and prefetches must pass authentication too.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
