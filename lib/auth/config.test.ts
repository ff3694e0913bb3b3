import { describe, expect, it } from "vitest";
import { loadAuthConfig } from "./config";

describe("loadAuthConfig", () => {
  it("defaults to off with the oauth2-proxy header names", () => {
    expect(loadAuthConfig({})).toEqual({
      mode: "off",
      userHeader: "x-forwarded-user",
      groupsHeader: "x-forwarded-groups",
      allowedUsers: [],
      allowedGroups: [],
      viewerTokens: [],
    });
  });

  it("parses lists, lower-cases users and header names", () => {
    const c = loadAuthConfig({ RUNNERSCOPE_AUTH: "proxy", RUNNERSCOPE_AUTH_USER_HEADER: "X-Auth-Request-User", RUNNERSCOPE_ALLOWED_USERS: " Alice ,bob,", RUNNERSCOPE_ALLOWED_GROUPS: "Acme:SRE" });
    expect(c).toMatchObject({ mode: "proxy", userHeader: "x-auth-request-user", allowedUsers: ["alice", "bob"], allowedGroups: ["Acme:SRE"] });
  });

  it.each([
    [{ RUNNERSCOPE_AUTH: "oidc" }, /RUNNERSCOPE_AUTH/],
    [{ RUNNERSCOPE_AUTH_USER_HEADER: "x user" }, /RUNNERSCOPE_AUTH_USER_HEADER/],
    [{ RUNNERSCOPE_VIEWER_TOKENS: "wall:nothex" }, /RUNNERSCOPE_VIEWER_TOKENS/],
    [{ RUNNERSCOPE_TRUSTED_PROXY_CIDRS: "10.0.0.0/8" }, /NetworkPolicy/],
  ])("fails loudly on %j", (env, message) => {
    expect(() => loadAuthConfig(env)).toThrow(message);
  });
});
