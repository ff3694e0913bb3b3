import { describe, expect, it } from "vitest";
import { loadCollectorConfig } from "./config";

describe("collector configuration", () => {
  it("applies the documented defaults", () => {
    const c = loadCollectorConfig({});
    expect(c.github).toMatchObject({ apiUrl: "https://api.github.com", auth: { kind: "none" }, orgs: [], repos: undefined });
    expect(c.kubernetes).toMatchObject({ contexts: undefined, runnerNamespaces: undefined, controllerNamespaces: undefined, inCluster: false });
    expect(c.listenerScrapeSeconds).toBe(15);
  });

  it("parses lists, a token, and in-cluster mode", () => {
    const c = loadCollectorConfig({
      KUBERNETES_SERVICE_HOST: "10.0.0.1",
      RUNNERSCOPE_RUNNER_NAMESPACES: "arc-runners, team-b",
      GITHUB_TOKEN: "ghp_example",
      GITHUB_REPOS: "acme/web,acme/api",
      GITHUB_API_URL: "https://ghe.example.com/api/v3/",
    });
    expect(c.kubernetes.inCluster).toBe(true);
    expect(c.kubernetes.runnerNamespaces).toEqual(["arc-runners", "team-b"]);
    expect(c.github).toMatchObject({ auth: { kind: "token", token: "ghp_example" }, repos: ["acme/web", "acme/api"], apiUrl: "https://ghe.example.com/api/v3" });
  });

  it("prefers a GitHub App and rejects incomplete App settings or bad repo names", () => {
    const app = loadCollectorConfig({ GITHUB_APP_ID: "12", GITHUB_APP_INSTALLATION_ID: "34", GITHUB_APP_PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\\nabc\\n-----END RSA PRIVATE KEY-----", GITHUB_TOKEN: "x" });
    expect(app.github.auth).toMatchObject({ kind: "app", appId: "12", installationId: 34 });
    expect(app.github.auth.kind === "app" && app.github.auth.privateKey.includes("\nabc\n")).toBe(true);
    expect(() => loadCollectorConfig({ GITHUB_APP_ID: "12" })).toThrow(/GITHUB_APP_INSTALLATION_ID/);
    expect(() => loadCollectorConfig({ GITHUB_REPOS: "acme" })).toThrow(/owner\/repo/);
  });
});
