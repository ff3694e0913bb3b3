import { z } from "zod";
import { parseViewerTokens, type ViewerToken } from "./viewer-tokens";

/**
 * Authentication settings, from the environment.
 *
 * - `RUNNERSCOPE_AUTH=off` (default): no authentication at all. Meant for `localhost` and `kubectl port-forward`;
 *   never expose an `off` instance through an Ingress.
 * - `RUNNERSCOPE_AUTH=proxy`: an authenticating reverse proxy in front (oauth2-proxy, an Ingress auth_request…) sets
 *   the user header (and optionally the groups header). Requests without it are rejected. Only the proxy must be able
 *   to reach the pod (NetworkPolicy, or the proxy as a sidecar with Runnerscope bound to 127.0.0.1): anyone who can
 *   reach the pod directly can set the headers themselves.
 */
export interface AuthConfig {
  mode: "off" | "proxy";
  /** Lower-case header names. */
  userHeader: string;
  groupsHeader: string;
  /** Lower-cased; empty = any authenticated user (unless allowedGroups is set). */
  allowedUsers: string[];
  allowedGroups: string[];
  viewerTokens: ViewerToken[];
}

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean));

const header = z
  .string()
  .regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name")
  .transform((h) => h.toLowerCase());

const EnvSchema = z.object({
  RUNNERSCOPE_AUTH: z.enum(["off", "proxy"]).default("off"),
  RUNNERSCOPE_AUTH_USER_HEADER: header.default("x-forwarded-user"),
  RUNNERSCOPE_AUTH_GROUPS_HEADER: header.default("x-forwarded-groups"),
  RUNNERSCOPE_ALLOWED_USERS: list,
  RUNNERSCOPE_ALLOWED_GROUPS: list,
  RUNNERSCOPE_VIEWER_TOKENS: z.string().optional(),
  /*
   * Rejected on purpose: Next's proxy never sees the TCP peer (X-Forwarded-For is whatever the client or the
   * nearest proxy sent), so a CIDR check there would look like protection without being one.
   */
  RUNNERSCOPE_TRUSTED_PROXY_CIDRS: z
    .string()
    .optional()
    .refine((v) => !v?.trim(), "is not supported: restrict who can reach the pod with a NetworkPolicy, or run the auth proxy as a sidecar and bind Runnerscope to 127.0.0.1"),
});

/** Validates the auth environment; throws one message naming every bad variable. */
export function loadAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid authentication settings: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  }
  const e = parsed.data;
  return {
    mode: e.RUNNERSCOPE_AUTH,
    userHeader: e.RUNNERSCOPE_AUTH_USER_HEADER,
    groupsHeader: e.RUNNERSCOPE_AUTH_GROUPS_HEADER,
    allowedUsers: e.RUNNERSCOPE_ALLOWED_USERS.map((u) => u.toLowerCase()),
    allowedGroups: e.RUNNERSCOPE_ALLOWED_GROUPS,
    viewerTokens: parseViewerTokens(e.RUNNERSCOPE_VIEWER_TOKENS),
  };
}

let cached: { config: AuthConfig } | { error: Error } | undefined;

/** The process-wide auth config, validated once. A bad config is remembered too, so every request fails closed. */
export function getAuthConfig(): AuthConfig {
  if (!cached) {
    try {
      cached = { config: loadAuthConfig() };
    } catch (e) {
      cached = { error: e instanceof Error ? e : new Error(String(e)) };
    }
  }
  if ("error" in cached) throw cached.error;
  return cached.config;
}
