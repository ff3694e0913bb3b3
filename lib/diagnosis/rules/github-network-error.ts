/**
 * github-network-error: ARC cannot reach GitHub — TLS ("x509: certificate signed by unknown authority",
 * "tls: failed to verify"), proxy ("proxyconnect tcp"), DNS ("no such host"), timeouts ("i/o timeout",
 * "context deadline exceeded") or refused connections — in listener/controller lines that name a GitHub host.
 * Suppressed: lines that do not mention GitHub (the same errors against the Kubernetes API are not this), and
 * isolated timeouts/DNS blips (fewer than 3 in 15 min). TLS and proxy errors fire on one line: they do not heal.
 */
import type { EvidenceItem, FleetSnapshot, LogRecord, RunbookStep, ScaleSetState } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { logEvidence } from "../helpers/evidence";
import { findScaleSet } from "../helpers/group";
import { kubectl, controllerTarget } from "../helpers/kubectl";
import { earliest } from "../helpers/time";
import { cleanSubject } from "../helpers/subject";
import { type GitHubErrorKind, KIND_LABEL, dominantKind, gitHubErrorLogs, groupBySubject } from "../helpers/github-errors";

const WINDOW_SECONDS = 900;
const NETWORK_KINDS: GitHubErrorKind[] = ["tls", "proxy", "dns", "timeout", "connection"];
const PERSISTENT: GitHubErrorKind[] = ["tls", "proxy"];
const MIN_TRANSIENT = 3;

/** Hosts that count as GitHub: github.com, *.githubusercontent.com, GHE.com and every configured GHES host. */
function gitHubHostPattern(snapshot: FleetSnapshot): RegExp {
  const hosts = new Set(["github\\.com", "githubusercontent\\.com", "ghe\\.com"]);
  for (const s of snapshot.scaleSets) {
    const m = /^https?:\/\/([^/]+)/.exec(s.githubConfigUrl);
    if (m?.[1]) hosts.add(m[1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  }
  // Only as a URL/lookup host: the API group "actions.github.com" in Kubernetes API paths must not count.
  return new RegExp(`(?:https?://|wss?://|lookup )(?:[a-z0-9-]+\\.)*(?:${[...hosts].join("|")})(?=[:/"'\\s]|$)`, "i");
}

const KIND_EXPLANATION: Partial<Record<GitHubErrorKind, string>> = {
  tls: "ARC does not trust the certificate it gets for GitHub: a TLS-inspecting proxy or a GHES server whose CA is not configured (githubServerTLS.certificateFrom).",
  proxy: "ARC's connection through the configured HTTP(S) proxy fails (proxy down, wrong address, or it refuses CONNECT to GitHub).",
  dns: "ARC cannot resolve GitHub's hostname from inside the cluster.",
  timeout: "ARC's calls to GitHub time out: egress is blocked, filtered, or very slow.",
  connection: "Connections to GitHub are refused or reset on the way out of the cluster.",
};

function runbook(snapshot: FleetSnapshot, set: ScaleSetState | undefined, cluster: string | undefined, kind: GitHubErrorKind): RunbookStep[] {
  const ctl = controllerTarget(snapshot, cluster);
  const host = set ? (/^https?:\/\/([^/]+)/.exec(set.githubConfigUrl)?.[1] ?? "github.com") : "github.com";
  const api = host === "github.com" ? "https://api.github.com/meta" : `https://${host}/api/v3/meta`;
  const steps: RunbookStep[] = [
    {
      action: `Test the same path from a throw-away pod in the controller namespace (creates and removes one pod)`,
      command: kubectl(ctl, `run gh-net-check --rm -it --restart=Never --image=curlimages/curl -- curl -sv -o /dev/null ${api}`),
      tellsYou: "The curl error (certificate, proxy CONNECT, resolve, timeout) is the one ARC hits; a 200 means the problem is specific to ARC's proxy/TLS settings.",
    },
  ];
  if (set) {
    steps.push({
      action: "Read the scale set's proxy and GitHub TLS settings",
      command: kubectl(set, `get autoscalingrunnerset ${set.name} -o jsonpath='{.spec.proxy}{"\\n"}{.spec.githubServerTLS}{"\\n"}'`),
      tellsYou:
        kind === "tls"
          ? "Empty githubServerTLS behind TLS inspection: add the corporate CA via githubServerTLS.certificateFrom.configMapKeyRef."
          : "The proxy URL and noProxy list ARC uses; the Kubernetes API address must be in noProxy.",
    });
  }
  if (kind === "dns") {
    steps.push({
      action: "Check cluster DNS",
      command: kubectl({ cluster, namespace: "kube-system" }, "get pods -l k8s-app=kube-dns"),
      tellsYou: "CoreDNS pods not Running/Ready explain lookups failing for every pod.",
    });
  }
  return steps;
}

export const rule: CatalogRule = {
  id: "github-network-error",
  title: "ARC cannot reach GitHub (network/TLS)",
  severity: "warning",
  rank: 12,
  requires: [],
  requiresAny: [["listenerLogs", "controllerLogs"]],
  uses: ["scaleSets", "clusterInfo"],
  detects:
    "Listener/controller lines naming a GitHub host with TLS (x509), proxy (proxyconnect), DNS (no such host), timeout (i/o timeout, context deadline exceeded) or connection-refused errors.",
  evidenceNeeded: "Listener and controller log lines of the last 15 min; scale sets' githubConfigUrl (GHES hosts), proxy and githubServerTLS settings.",
  runbookOutline: [
    "curl GitHub from a throw-away pod in the controller namespace.",
    "Read spec.proxy / spec.githubServerTLS of the scale set.",
    "DNS: check CoreDNS.",
  ],
  evaluate(snapshot, ctx) {
    const hosts = gitHubHostPattern(snapshot);
    const lines = gitHubErrorLogs(snapshot, ctx.now, NETWORK_KINDS, WINDOW_SECONDS).filter((i) => hosts.test(i.log.raw || i.log.message));
    const hits: RuleHit[] = [];
    for (const group of groupBySubject(snapshot, lines)) {
      const kind = dominantKind(group.items);
      if (!kind) continue;
      const persistent = group.items.some((i) => PERSISTENT.includes(i.kind));
      if (!persistent && group.items.length < MIN_TRANSIENT) continue;
      const logs: LogRecord[] = group.items.map((i) => i.log);
      const set = group.ref ? findScaleSet(snapshot, group.ref) : undefined;
      const fatal = logs.some((l) => (l.raw || l.message).includes("Application returned an error"));
      const who = group.ref ? `${group.ref.name}'s ${logs.some((l) => l.origin === "listener") ? "listener" : "controller"}` : "The ARC controller";
      const evidence: EvidenceItem[] = [
        { observation: `${logs.length} failed GitHub call(s) in the last 15 min (${[...new Set(group.items.map((i) => KIND_LABEL[i.kind]))].join(", ")})`, source: "listener/controller logs" },
        ...group.items.slice(-4).map((i) => logEvidence(i.log, KIND_LABEL[i.kind])),
      ];
      hits.push({
        subject: cleanSubject({ cluster: group.cluster, namespace: group.ref?.namespace, scaleSet: group.ref?.name }),
        severity: PERSISTENT.includes(kind) || fatal || logs.length >= 10 ? "critical" : "warning",
        title: `${who} cannot reach GitHub: ${KIND_LABEL[kind]}`,
        explanation: `${KIND_EXPLANATION[kind] ?? ""} While GitHub is unreachable the listener cannot receive jobs and the controller cannot register runners, so jobs queue.`,
        evidence: evidence.slice(0, 5),
        runbook: runbook(snapshot, set, group.cluster, kind),
        differential: "Errors of the same kind against the Kubernetes API (10.x/kubernetes.default addresses) are not GitHub connectivity; a 401/403 answer means the network works and the credential or budget is the problem.",
        confidence: "high",
        since: earliest(logs.map((l) => l.time)),
      });
    }
    return hits;
  },
};
