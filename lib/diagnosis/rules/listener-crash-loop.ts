/**
 * listener-crash-loop: the listener keeps dying. It prints "Application returned an error: …" and exits 1,
 * and the controller deletes and recreates its pod with no backoff (ARC #4656), or the container restarts.
 * The error is classified for the title: 409 session conflict (two listeners for one scale set), 401 auth,
 * 404 scale set gone, 403 rate limit / forbidden, network/TLS.
 * Suppressed: old restarts (last termination outside the window) and 1–2 recreations (config changes do that).

 */
import type { EvidenceItem, FleetSnapshot, LogRecord, PodState, RunbookStep, ScaleSetState } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { logEvidence, podEvidence } from "../helpers/evidence";
import { findScaleSet, logsFor, resolvedLogScaleSet, sameScaleSet, type ScaleSetRef } from "../helpers/group";
import { controllerLogsCmd, kubectl, logsCmd, controllerTarget } from "../helpers/kubectl";
import { earliest, inWindow, withinLast } from "../helpers/time";
import { scaleSetSubject, cleanSubject } from "../helpers/subject";
import { listenerPodsFor } from "../helpers/listener";
import { bucket, memo } from "../helpers/index";
import { classifyGitHubError, dominantKind, KIND_LABEL, lineText, type GitHubErrorKind } from "../helpers/github-errors";

const FATAL = "Application returned an error";
const SESSION_RETRY = "Unable to create message session";
const RECENT_SECONDS = 600;

const KIND_EXPLANATION: Record<GitHubErrorKind | "oom" | "unknown", string> = {
  "session-conflict":
    "GitHub answers 409 \"already has an active session\": another listener holds this scale set's message session — typically a second installation (another cluster or release) registered with the same runnerScaleSetName in the same org and runner group, or an old listener pod that is still running.",
  "rate-limit": "The listener's GitHub credentials ran out of API budget (403 rate limit); the listener exits and is recreated immediately, burning more calls.",
  auth: "GitHub rejects the credentials from the scale set's githubConfigSecret (401): a revoked or expired PAT, or a GitHub App whose installation or private key changed.",
  proxy: "The listener cannot connect through the configured HTTP proxy to reach GitHub.",
  tls: "The listener does not trust the TLS certificate presented for GitHub (corporate TLS inspection or a GHES certificate without githubServerTLS).",
  dns: "The listener cannot resolve GitHub's hostname.",
  timeout: "The listener's calls to GitHub time out.",
  connection: "Connections to GitHub are refused or reset.",
  "not-found":
    "GitHub answers 404: the runner scale set registered by the controller no longer exists on GitHub (deleted, or GitHub incident RunnerScaleSetNotFound) or githubConfigUrl points at the wrong org/repo.",
  forbidden: "GitHub answers 403: the credentials lack permission to manage self-hosted runners for this org/repo.",
  oom: "The listener container is OOMKilled: its memory limit is too small for the number of jobs it tracks.",
  unknown: "The listener exits with an error and the controller recreates it.",
};

function podRestarts(pod: PodState, start: string, now: Date): { count: number; crashLoop: boolean; oom: boolean } {
  const c = pod.containerStatuses.find((s) => s.name === "listener") ?? pod.containerStatuses[0];
  if (!c) return { count: 0, crashLoop: false, oom: false };
  const crashLoop = c.state === "waiting" && c.reason === "CrashLoopBackOff";
  const recent = crashLoop || (!!c.lastTerminated?.finishedAt && inWindow(c.lastTerminated.finishedAt, start, now));
  return { count: recent ? c.restartCount : 0, crashLoop, oom: c.lastTerminated?.reason === "OOMKilled" };
}

/** Controller lines about this scale set's AutoscalingListener (`autoscalinglistener` = ns/<ars>-<hash>-listener). */
function listenerControllerLogs(snapshot: FleetSnapshot, ref: ScaleSetRef): LogRecord[] {
  // grouped once per round by the scale-set name in the listener's name (a hash has no dash, so the name is fixed)
  const byName = memo(snapshot, "controllerLogsByListenerSet", () =>
    bucket(snapshot.logs, (l) => {
      const al = l.fields.autoscalinglistener;
      if (l.origin !== "controller" || typeof al !== "string") return undefined;
      return LISTENER_NAME.exec(al.slice(al.lastIndexOf("/") + 1))?.[1];
    }),
  );
  return (byName.get(ref.name) ?? []).filter((l) => !(ref.cluster && l.cluster && l.cluster !== ref.cluster));
}

/** `<scale set>-<hash>-listener`, the AutoscalingListener's name. */
const LISTENER_NAME = /^(.+)-[0-9a-z]+-listener$/;

function runbook(snapshot: FleetSnapshot, ref: ScaleSetRef, pod: string | undefined, kind: GitHubErrorKind | "oom" | "unknown", set: ScaleSetState | undefined): RunbookStep[] {
  const ctl = controllerTarget(snapshot, ref.cluster);
  const podName = pod ?? `<${ref.name}-listener-pod>`;
  const steps: RunbookStep[] = [
    {
      action: "Read the error the previous listener container exited with",
      command: `${logsCmd(ctl, podName, { previous: true, tail: 30 })} | grep -iE 'error|409|401|403|404'`,
      tellsYou: 'The "Application returned an error" line names the failing GitHub call and status.',
    },
    {
      action: "See how often the controller recreates the listener",
      command: controllerLogsCmd(ctl, "listener pod"),
      tellsYou: '"Listener pod is terminated" followed by "Creating a listener pod" every few seconds confirms the loop.',
    },
  ];
  if (kind === "session-conflict") {
    steps.push({
      action: `Find every listener registered as ${ref.name} — in this and your other clusters`,
      command: kubectl({ cluster: ref.cluster }, `get autoscalinglisteners -o custom-columns=NAME:.metadata.name,SCALESET:.spec.autoscalingRunnerSetName,ID:.spec.runnerScaleSetId,URL:.spec.githubConfigUrl`, {
        allNamespaces: true,
      }),
      tellsYou: "Two listeners with the same runnerScaleSetId/URL fight over one session; give each installation a unique runnerScaleSetName (or runner group).",
    });
  } else if (kind === "auth" || kind === "forbidden" || kind === "not-found") {
    const secret = set?.githubConfigSecret ?? "<githubConfigSecret>";
    steps.push({
      action: "Check which credential type the scale set uses (key names only, never the values)",
      command: kubectl({ cluster: ref.cluster, namespace: ref.namespace }, `describe secret ${secret}`),
      tellsYou: "github_token = PAT (check expiry/scopes); github_app_id/github_app_installation_id/github_app_private_key = GitHub App (check the installation and key).",
    });
  } else if (kind === "oom") {
    steps.push({
      action: "Read the listener container's memory limit",
      command: kubectl(ctl, `get pod ${podName} -o jsonpath='{.spec.containers[0].resources}'`),
      tellsYou: "Raise it via listenerTemplate in the scale set's values.",
    });
  }
  return steps;
}

export const rule: CatalogRule = {
  id: "listener-crash-loop",
  title: "Listener crash-looping",
  severity: "critical",
  rank: 30,
  requires: ["listenerLogs"],
  uses: ["pods", "controllerLogs", "scaleSets", "clusterInfo"],
  detects:
    'A listener that exits with "Application returned an error: …" or restarts/is recreated repeatedly; the title names the cause class (409 session conflict, 401 auth, 404, 403 rate limit, network).',
  evidenceNeeded: "Listener log lines (fatal error), listener pod restart counts and last termination, controller AutoscalingListener lines (pod terminated / created).",
  runbookOutline: [
    "kubectl logs <listener-pod> --previous to read the fatal error.",
    "Grep the controller log for listener pod recreation.",
    "Cause-specific check: duplicate listeners (409), credential type (401/403/404), memory limit (OOM).",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    const refs: ScaleSetRef[] = snapshot.scaleSets.filter((s) => !s.deletedAt).map((s) => ({ cluster: s.cluster, namespace: s.namespace, name: s.name }));
    // only same-named refs can be the same scale set: compare within a name
    const refsByName = bucket(refs, (r) => r.name);
    for (const l of snapshot.logs) {
      if (l.origin !== "listener") continue;
      const r = resolvedLogScaleSet(snapshot, l);
      if (!r || refsByName.get(r.name)?.some((x) => sameScaleSet(x, r))) continue;
      refs.push(r);
      const same = refsByName.get(r.name);
      if (same) same.push(r);
      else refsByName.set(r.name, [r]);
    }

    for (const ref of refs) {
      const listenerLogs = logsFor(snapshot, ref, "listener").filter((l) => {
        const r = resolvedLogScaleSet(snapshot, l);
        return !!r && sameScaleSet(r, ref) && inWindow(l.time, snapshot.windowStart, ctx.now);
      });
      const fatal = listenerLogs.filter((l) => l.message.includes(FATAL) || l.raw.includes(FATAL));
      const pods = listenerPodsFor(snapshot, ref);
      const restarts = pods.map((p) => ({ pod: p, ...podRestarts(p, snapshot.windowStart, ctx.now) }));
      const restartCount = restarts.reduce((n, r) => n + r.count, 0);
      const recreations = listenerControllerLogs(snapshot, ref).filter((l) => l.message === "Creating a listener pod" && inWindow(l.time, snapshot.windowStart, ctx.now));
      // ≤0.13 retries a failed session in-process every 30 s instead of exiting: the same loop without restarts.
      const sessionRetries = listenerLogs.filter((l) => l.message.startsWith(SESSION_RETRY));
      if (fatal.length === 0 && restartCount < 3 && recreations.length < 3 && sessionRetries.length < 2) continue;

      const errorLines = listenerLogs.filter((l) => classifyGitHubError(lineText(l)) !== undefined);
      const classified = [...new Set([...fatal, ...errorLines])].flatMap((l) => {
        const kind = classifyGitHubError(lineText(l));
        return kind ? [{ log: l, kind }] : [];
      });
      const oom = restarts.some((r) => r.oom);
      const kind: GitHubErrorKind | "oom" | "unknown" = dominantKind(classified) ?? (oom ? "oom" : "unknown");
      const label = kind === "oom" ? "OOMKilled" : kind === "unknown" ? undefined : KIND_LABEL[kind];

      const lastFatal = fatal[fatal.length - 1];
      const lastFailure = lastFatal ?? sessionRetries[sessionRetries.length - 1];
      const crashingNow = restarts.some((r) => r.crashLoop) || (lastFailure?.time ? withinLast(lastFailure.time, ctx.now, RECENT_SECONDS) : !!lastFailure);
      const retrying = fatal.length === 0 && restartCount < 3 && recreations.length < 3;
      const loop = fatal.length >= 2 || restartCount >= 3 || recreations.length >= 3 || sessionRetries.length >= 3;
      const evidence: EvidenceItem[] = [];
      if (lastFatal) evidence.push(logEvidence(lastFatal, `Listener exited with an error${fatal.length > 1 ? ` (${fatal.length} times in the window)` : ""}`));
      const lastRetry = sessionRetries[sessionRetries.length - 1];
      if (lastRetry) evidence.push(logEvidence(lastRetry, `Listener could not create its message session (${sessionRetries.length} attempts in the window)`));
      const firstClassified = classified.find((c) => c.log !== lastFatal && c.log !== lastRetry && c.kind === kind);
      if (firstClassified) evidence.push(logEvidence(firstClassified.log, `GitHub error: ${KIND_LABEL[firstClassified.kind]}`));
      for (const r of restarts.filter((x) => x.count > 0).slice(0, 2)) {
        evidence.push(podEvidence(r.pod, `Listener container restarted ${r.count} time(s)${r.crashLoop ? ", now in CrashLoopBackOff" : ""}${r.oom ? ", last termination OOMKilled" : ""}`));
      }
      const lastRecreate = recreations[recreations.length - 1];
      if (recreations.length >= 2 && lastRecreate) evidence.push(logEvidence(lastRecreate, `Controller created the listener pod ${recreations.length} times in the window`));

      const set = findScaleSet(snapshot, ref);
      hits.push({
        subject: set ? scaleSetSubject(set) : cleanSubject({ cluster: ref.cluster, namespace: ref.namespace, scaleSet: ref.name }),
        severity: crashingNow && loop ? "critical" : "warning",
        title: `Listener for ${ref.name} ${retrying ? "cannot open its GitHub session" : loop ? "crash-looping" : "exited with an error"}${label ? `: ${label}` : ""}`,
        explanation:
          `${KIND_EXPLANATION[kind]} ` +
          (retrying
            ? "Until a session is created nobody acquires jobs for this scale set, so nothing scales."
            : "While the listener is down nobody acquires jobs for this scale set, so nothing scales; the controller recreates the pod right away, so the loop also spends GitHub API calls."),
        evidence: evidence.slice(0, 5),
        runbook: runbook(snapshot, ref, pods[0]?.name ?? lastFatal?.pod, kind, set),
        differential:
          "Credential, rate-limit and network failures also get their own cards (github-auth-failure, github-rate-limit, github-network-error), which are the cause; a listener that is simply absent is listener-missing.",
        confidence: fatal.length > 0 || sessionRetries.length > 0 ? "high" : "medium",
        since: earliest([...fatal.map((l) => l.time), ...sessionRetries.map((l) => l.time), ...recreations.map((l) => l.time)]),
      });
    }
    return hits;
  },
};
