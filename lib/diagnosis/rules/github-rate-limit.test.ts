import { describe, expect, it } from "vitest";
import { NOW, aLog, aRateLimit, aSnapshot, minutesAgo, secondsAgo } from "../testing/builders";
import { rule } from "./github-rate-limit";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });

describe("github-rate-limit", () => {
  it("is critical when the budget is at 0 before its reset", () => {
    const [hit] = run(aSnapshot({ github: { rateLimits: [aRateLimit({ remaining: 0, used: 5000, resetAt: secondsAgo(-1500) })] } }));
    expect(hit?.severity).toBe("critical");
    expect(hit?.title).toBe("GitHub API budget for acme exhausted until 12:25 UTC");
    expect(hit?.subject).toEqual({ object: "GitHub API budget acme" });
    expect(hit?.evidence[0]?.observation).toBe("0 of 5000 requests left; resets in 25 min");
    expect(hit?.runbook[0]?.command).toBe("gh api rate_limit --jq '.resources.core'");
  });

  it("warns below 10% using the latest observation per scope", () => {
    const hits = run(aSnapshot({ github: { rateLimits: [aRateLimit({ remaining: 4000, observedAt: minutesAgo(10) }), aRateLimit({ remaining: 300, used: 4700 })] } }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.severity).toBe("warning");
    expect(hits[0]?.title).toBe("GitHub API budget for acme at 6% (300 of 5000)");
  });

  it("stays silent with budget left, or once the reset has passed", () => {
    expect(run(aSnapshot({ github: { rateLimits: [aRateLimit()] } }))).toEqual([]);
    expect(run(aSnapshot({ github: { rateLimits: [aRateLimit({ remaining: 0, resetAt: minutesAgo(1) })] } }))).toEqual([]);
  });

  it("reports ARC's own rate-limit errors from the listener log, even when Runnerscope's budget is fine", () => {
    const line = aLog({ origin: "listener", level: "error", message: "Application returned an error: failed to get message: GET https://api.github.com/...: 403 API rate limit exceeded for installation ID 4242.", time: minutesAgo(2) });
    const old = aLog({ origin: "listener", level: "error", message: "API rate limit exceeded", time: minutesAgo(40) });
    const hits = run(aSnapshot({ logs: [line, old], github: { rateLimits: [aRateLimit()] } }));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.title).toBe("web's listener hit the GitHub API rate limit");
    expect(hits[0]?.subject).toEqual({ cluster: "prod-eu", scaleSet: "web" });
    expect(hits[0]?.evidence).toHaveLength(1);
    expect(hits[0]?.runbook[0]?.command).toBe("kubectl --context prod-eu -A get pods -l app.kubernetes.io/component=runner-scale-set-listener");
  });
});
