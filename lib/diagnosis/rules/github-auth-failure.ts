/**
 * github-auth-failure: GitHub rejects ARC's credentials — 401 "Bad credentials", or a GitHub App JWT that cannot be
 * decoded / has a bad exp/iat claim — in listener or controller logs of the last 15 min. Nothing registers or scales.
 * Suppressed: lines older than 15 min (a fixed token stops producing them).
 */
import type { EvidenceItem, FleetSnapshot, LogRecord, RunbookStep, ScaleSetState } from "@/lib/model";
import { ownerOf } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { logEvidence } from "../helpers/evidence";
import { findScaleSet } from "../helpers/group";
import { kubectl, logsCmd, controllerTarget } from "../helpers/kubectl";
import { earliest } from "../helpers/time";
import { cleanSubject } from "../helpers/subject";
import { gitHubErrorLogs, groupBySubject } from "../helpers/github-errors";

const WINDOW_SECONDS = 900;

function isAppKeyProblem(logs: readonly LogRecord[]): boolean {
  return logs.some((l) => /JSON web token|'(exp|iat)' claim/i.test(l.raw || l.message));
}

function orgOf(set: ScaleSetState | undefined): string {
  const owner = set ? ownerOf(set.githubConfigUrl) : undefined;
  return owner && owner !== "enterprises" ? owner : "<org>";
}

function runbook(snapshot: FleetSnapshot, set: ScaleSetState | undefined, cluster: string | undefined, sample: LogRecord): RunbookStep[] {
  const target = { cluster, namespace: set?.namespace };
  const steps: RunbookStep[] = [];
  if (set) {
    steps.push({
      action: "See which credential the scale set uses (key names and sizes only — never print the values)",
      command: kubectl(target, `describe secret ${set.githubConfigSecret}`),
      tellsYou:
        "github_token ⇒ a PAT: check it has not expired or been revoked and has the scopes for the config URL (repo for a repository, admin:org for an org, manage_runners:enterprise for an enterprise). github_app_id/github_app_installation_id/github_app_private_key ⇒ a GitHub App.",
    });
  }
  if (sample.pod) {
    steps.push({
      action: "Read the failing call in the log",
      command: `${logsCmd({ cluster, namespace: sample.namespace }, sample.pod, { tail: 200 })} | grep -iE '401|Bad credentials|web token'`,
      tellsYou: "Which GitHub endpoint refuses the credential (registration token, message session, JIT config).",
    });
  }
  steps.push({
    action: "GitHub App: confirm the app is still installed on the org and the installation id matches",
    command: `gh api orgs/${orgOf(set)}/installations --jq '.installations[] | {id, app_slug, suspended_at}'`,
    tellsYou: "A missing or suspended installation, or a different id than in the secret, explains 401s; a JWT decode/claim error means a wrong private key or a skewed node clock.",
  });
  steps.push({
    action: "After replacing the secret, restart the listener so it reads the new credential",
    command: kubectl(controllerTarget(snapshot, cluster), `delete pod ${set ? `-l app.kubernetes.io/component=runner-scale-set-listener,actions.github.com/scale-set-name=${set.name}` : "<listener-pod>"}`),
    tellsYou: "A new listener that logs \"Getting next message\" without 401s confirms the fix.",
  });
  return steps;
}

export const rule: CatalogRule = {
  id: "github-auth-failure",
  title: "GitHub rejects ARC's credentials (401)",
  severity: "critical",
  rank: 10,
  requires: [],
  requiresAny: [["listenerLogs", "controllerLogs"]],
  uses: ["scaleSets", "clusterInfo"],
  detects: 'Listener or controller log lines of the last 15 min with 401 "Bad credentials" or GitHub App JWT errors: the PAT or App credential in githubConfigSecret no longer works.',
  evidenceNeeded: "Listener and controller log lines; the scale set's githubConfigSecret name (never its contents).",
  runbookOutline: [
    "kubectl describe secret <githubConfigSecret> (key names only) to tell PAT from App.",
    "Grep the log for the refused call.",
    "Check the App installation (gh api orgs/<org>/installations) or the PAT's expiry/scopes.",
    "Restart the listener after rotating the secret.",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    for (const group of groupBySubject(snapshot, gitHubErrorLogs(snapshot, ctx.now, ["auth"], WINDOW_SECONDS))) {
      const logs = group.items.map((i) => i.log);
      const last = logs[logs.length - 1];
      if (!last) continue;
      const set = group.ref ? findScaleSet(snapshot, group.ref) : undefined;
      const app = isAppKeyProblem(logs);
      const who = group.ref ? group.ref.name : group.cluster ? `cluster ${group.cluster}` : "ARC";
      const evidence: EvidenceItem[] = logs.slice(-4).map((l) => logEvidence(l, app ? "GitHub App token request rejected" : "GitHub answered 401 Bad credentials"));
      if (logs.length > 4) evidence.unshift({ observation: `${logs.length} authentication failures in the last 15 min`, source: "listener/controller logs" });
      hits.push({
        subject: cleanSubject({ cluster: group.cluster, namespace: group.ref?.namespace, scaleSet: group.ref?.name }),
        title: app ? `GitHub App credentials for ${who} are invalid (JWT rejected)` : `GitHub rejects the credentials of ${who} (401 Bad credentials)`,
        explanation:
          (app
            ? "GitHub refuses the JSON web token ARC signs with the GitHub App private key: the key in the secret is wrong or rotated, the app id does not match, or the node clock is off."
            : `GitHub answers 401 "Bad credentials" to ARC${set ? ` using secret ${set.githubConfigSecret}` : ""}: the PAT expired or was revoked, or the GitHub App installation was removed.`) +
          " Until it is fixed the listener cannot hold a session and the controller cannot register runners, so jobs queue and nothing scales.",
        evidence: evidence.slice(0, 5),
        runbook: runbook(snapshot, set, group.cluster, last),
        differential: "403 with \"rate limit\" is budget exhaustion (github-rate-limit), not a bad credential; 403 without it means missing scopes/permissions; 404 usually a wrong githubConfigUrl or a deleted scale set.",
        confidence: "high",
        since: earliest(logs.map((l) => l.time)),
      });
    }
    return hits;
  },
};
