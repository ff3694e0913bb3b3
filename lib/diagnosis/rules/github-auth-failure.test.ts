import { describe, expect, it } from "vitest";
import { NOW, aLog, aScaleSet, aSnapshot, minutesAgo } from "../testing/builders";
import { rule } from "./github-auth-failure";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const BAD = 'Application returned an error: failed to get runner scale set: GET https://api.github.com/orgs/acme/actions/runner-groups: 401 Bad credentials []';

describe("github-auth-failure", () => {
  it("fires on 401 Bad credentials in the listener log, with the secret to inspect (names only)", () => {
    const snap = aSnapshot({ scaleSets: [aScaleSet()], logs: [aLog({ origin: "listener", level: "error", message: BAD, raw: BAD, time: minutesAgo(2) })] });
    const [hit, ...rest] = run(snap);
    expect(rest).toHaveLength(0);
    expect(hit?.severity ?? rule.severity).toBe("critical");
    expect(hit?.title).toBe("GitHub rejects the credentials of web (401 Bad credentials)");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.excerpt).toBe(BAD);
    expect(hit?.runbook[0]?.command).toBe("kubectl --context prod-eu -n arc-runners describe secret arc-github-app");
    expect(hit?.runbook.some((s) => s.command?.includes("gh api orgs/acme/installations"))).toBe(true);
    expect(hit?.runbook.every((s) => !/get secret .*-o (yaml|json)|jsonpath=.*data/.test(s.command ?? ""))).toBe(true);
  });

  it("recognises GitHub App JWT problems in the controller log", () => {
    const jwt = aLog({
      origin: "controller",
      level: "error",
      message: "Reconciler error",
      fields: { autoscalingrunnerset: "arc-runners/web", error: "failed to get access token: 401 A JSON web token could not be decoded" },
      time: minutesAgo(3),
    });
    const listenerLine = aLog({ origin: "listener", level: "error", message: BAD, raw: BAD, time: minutesAgo(2) });
    const hits = run(aSnapshot({ scaleSets: [aScaleSet()], logs: [jwt, listenerLine] }));
    expect(hits).toHaveLength(1);
    const hit = hits[0];
    expect(hit?.evidence).toHaveLength(2);
    expect(hit?.title).toBe("GitHub App credentials for web are invalid (JWT rejected)");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
  });

  it("stays silent for healthy logs, old failures and ids that happen to be 401", () => {
    const logs = [
      aLog({ origin: "listener", message: "Getting next message", fields: { lastMessageID: 401 }, raw: '{"msg":"Getting next message","lastMessageID":401}', time: minutesAgo(1) }),
      aLog({ origin: "listener", level: "error", message: BAD, raw: BAD, time: minutesAgo(45) }),
    ];
    expect(run(aSnapshot({ scaleSets: [aScaleSet()], logs }))).toEqual([]);
  });
});
