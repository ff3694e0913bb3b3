import { describe, expect, it } from "vitest";
import { classifyGitHubError } from "./github-errors";

describe("classifyGitHubError", () => {
  it("classifies GitHub failures without tripping on message ids", () => {
    expect(classifyGitHubError("403 API rate limit exceeded for installation ID 4242")).toBe("rate-limit");
    expect(classifyGitHubError('Post "https://api.github.com/app/installations/1/access_tokens": proxyconnect tcp: dial tcp 10.0.0.5:3128: i/o timeout')).toBe("proxy");
    expect(classifyGitHubError("x509: certificate signed by unknown authority")).toBe("tls");
    expect(classifyGitHubError("Getting next message lastMessageID=401")).toBeUndefined();
  });
});
