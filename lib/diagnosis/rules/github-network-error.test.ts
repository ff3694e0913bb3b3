import { describe, expect, it } from "vitest";
import { NOW, aLog, aScaleSet, aSnapshot, minutesAgo } from "../testing/builders";
import { rule } from "./github-network-error";
import type { FleetSnapshot, LogRecord } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const listener = (message: string, m: number, over: Partial<LogRecord> = {}) => aLog({ origin: "listener", level: "error", message, raw: message, time: minutesAgo(m), ...over });
const X509 = 'Application returned an error: failed to create session: Post "https://api.github.com/actions/runner-registration": tls: failed to verify certificate: x509: certificate signed by unknown authority';
const TIMEOUT = 'failed to get message: Get "https://pipelinesghubeus2.actions.githubusercontent.com/abc/_apis/runtime/runnerscalesets/7/messages": context deadline exceeded (Client.Timeout exceeded while awaiting headers)';

describe("github-network-error", () => {
  it("is critical on one x509 error: certificates do not fix themselves", () => {
    const [hit] = run(aSnapshot({ scaleSets: [aScaleSet()], logs: [listener(X509, 1)] }));
    expect(hit?.severity).toBe("critical");
    expect(hit?.title).toBe("web's listener cannot reach GitHub: TLS certificate not trusted");
    expect(hit?.evidence[1]?.excerpt).toBe(X509);
    expect(hit?.runbook[0]?.command).toBe("kubectl --context prod-eu -n arc-systems run gh-net-check --rm -it --restart=Never --image=curlimages/curl -- curl -sv -o /dev/null https://api.github.com/meta");
    expect(hit?.runbook[1]?.command).toContain("get autoscalingrunnerset web -o jsonpath='{.spec.proxy}");
  });

  it("needs three timeouts in 15 minutes before warning", () => {
    expect(run(aSnapshot({ scaleSets: [aScaleSet()], logs: [listener(TIMEOUT, 1), listener(TIMEOUT, 4)] }))).toEqual([]);
    const [hit] = run(aSnapshot({ scaleSets: [aScaleSet()], logs: [listener(TIMEOUT, 1), listener(TIMEOUT, 4), listener(TIMEOUT, 9)] }));
    expect(hit?.severity).toBe("warning");
    expect(hit?.title).toBe("web's listener cannot reach GitHub: timeouts reaching GitHub");
  });

  it("ignores the same errors against the Kubernetes API", () => {
    const kube = aLog({ origin: "controller", level: "error", message: 'Get "https://10.96.0.1:443/apis/actions.github.com/v1alpha1/ephemeralrunners": dial tcp 10.96.0.1:443: i/o timeout', time: minutesAgo(1) });
    expect(run(aSnapshot({ scaleSets: [aScaleSet()], logs: [kube, kube, kube, kube] }))).toEqual([]);
  });

  it("knows GHES hosts from githubConfigUrl and flags proxy failures", () => {
    const set = aScaleSet({ githubConfigUrl: "https://github.example.corp/acme" });
    const line = listener('Get "https://github.example.corp/api/v3/orgs/acme/actions/runners": proxyconnect tcp: dial tcp 10.0.0.5:3128: connect: connection refused', 2);
    const [hit] = run(aSnapshot({ scaleSets: [set], logs: [line] }));
    expect(hit?.title).toBe("web's listener cannot reach GitHub: proxy connection failed");
    expect(hit?.runbook[0]?.command).toContain("curl -sv -o /dev/null https://github.example.corp/api/v3/meta");
  });
});
