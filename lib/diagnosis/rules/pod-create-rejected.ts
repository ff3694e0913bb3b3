/**
 * pod-create-rejected: the API server refuses the runner pod (EphemeralRunner Failed/InvalidPod, "Failed to create
 * the pod: …"). ARC does not retry an invalid pod, so the runner slot is dead until the spec is fixed. The message is
 * parsed into a cause: missing volume, invalid field, admission webhook denial or policy (forbidden).
 */
import type { EvidenceItem, RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { lifeEvidence, runnerEvidence, scaleSetEvidence } from "../helpers/evidence";
import { findScaleSet, forScaleSet, knownScaleSets, scaleSetOf, type ScaleSetRef } from "../helpers/group";
import { getRunnersCmd, kubectl } from "../helpers/kubectl";
import { recentLives } from "../helpers/lives";
import { earliest } from "../helpers/time";
import { scaleSetSubject } from "../helpers/subject";

type RejectionCause =
  | { kind: "missing-volume"; volume: string; field?: string }
  | { kind: "webhook"; webhook: string; detail: string }
  | { kind: "forbidden"; detail: string }
  | { kind: "invalid"; field?: string; detail: string };

/** Parse ARC's "Failed to create the pod: …" message into a cause the user can act on. */
function parseRejection(message: string): RejectionCause {
  const detail = message.replace(/^Failed to create the pod:\s*/, "");
  const volume = /([\w.[\]]*volumeMounts\[\d+\]\.name): Not found: "([^"]+)"/.exec(detail);
  if (volume?.[2]) return { kind: "missing-volume", volume: volume[2], field: volume[1] };
  const webhook = /admission webhook "([^"]+)" denied the request:?\s*(.*)/.exec(detail);
  if (webhook?.[1]) return { kind: "webhook", webhook: webhook[1], detail: webhook[2] ?? "" };
  if (/is forbidden/.test(detail) && !/exceeded quota/.test(detail)) return { kind: "forbidden", detail };
  const field = /is invalid: ([\w.[\]]+):/.exec(detail);
  return { kind: "invalid", field: field?.[1], detail };
}

function titleFor(c: RejectionCause): string {
  switch (c.kind) {
    case "missing-volume":
      return `Runner pods rejected: volume "${c.volume}" is mounted but not defined`;
    case "webhook":
      return `Runner pods rejected by admission webhook ${c.webhook}`;
    case "forbidden":
      return "Runner pods rejected by a policy (forbidden)";
    case "invalid":
      return c.field ? `Runner pods rejected: invalid ${c.field}` : "Runner pods rejected as invalid";
  }
}

function runbook(ref: ScaleSetRef, runner: string | undefined, c: RejectionCause): RunbookStep[] {
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  const steps: RunbookStep[] = [
    {
      action: "Read the rejection on the failed runners",
      command: getRunnersCmd(target, ref.name, "-o custom-columns=NAME:.metadata.name,PHASE:.status.phase,REASON:.status.reason,MESSAGE:.status.message"),
      tellsYou: "Every InvalidPod runner carries the API server's exact complaint.",
    },
  ];
  if (c.kind === "missing-volume" || c.kind === "invalid") {
    steps.push({
      action: "Compare the template's volumes with the runner container's volumeMounts",
      command: kubectl(target, `get autoscalingrunnerset ${ref.name} -o jsonpath='{.spec.template.spec.volumes[*].name}{"\\n"}{.spec.template.spec.containers[?(@.name=="runner")].volumeMounts[*].name}'`),
      tellsYou: "A mount without a volume of the same name is rejected; if Helm renders the volume but the live object lacks it, the live object is stale (re-install the scale set).",
    });
  }
  if (c.kind === "webhook") {
    steps.push({
      action: "Find the webhook and its policy",
      command: kubectl(target, `get validatingwebhookconfigurations,mutatingwebhookconfigurations -o name | grep -i '${c.webhook.split(".")[0] ?? c.webhook}'`, { clusterScoped: true }),
      tellsYou: "Which policy engine (Kyverno, Gatekeeper…) denies the pod and why; add an exception for runner pods or change the template.",
    });
  }
  if (c.kind === "forbidden") {
    steps.push({ action: "Check the namespace's Pod Security level", command: kubectl(target, `get namespace ${ref.namespace ?? "<namespace>"} --show-labels`, { clusterScoped: true }), tellsYou: "pod-security.kubernetes.io/enforce=restricted rejects privileged dind runners." });
  }
  steps.push({
    action: "After fixing the values, delete the Failed runners so the set re-creates them (ARC does not retry InvalidPod)",
    command: runner ? kubectl(target, `delete ephemeralrunner ${runner}`) : undefined,
    tellsYou: "New runners get pods with the fixed spec.",
  });
  return steps;
}

export const rule: CatalogRule = {
  id: "pod-create-rejected",
  title: "Runner pods are rejected by the API server",
  severity: "critical",
  rank: 15,
  requires: ["runners"],
  uses: ["runnerHistory", "scaleSets"],
  detects:
    "EphemeralRunners in phase Failed with reason InvalidPod: the API server refused the runner pod (missing volume, invalid spec, admission webhook, pod security). ARC does not retry these.",
  evidenceNeeded: "EphemeralRunner status Failed/InvalidPod with message \"Failed to create the pod: …\" (current runners or recorded lives with outcome pod-rejected).",
  runbookOutline: [
    "Read phase/reason/message of the scale set's EphemeralRunners.",
    "Missing volume / invalid spec: compare template volumes with volumeMounts; re-install a stale scale set.",
    "Webhook: find the validating/mutating webhook and its policy.",
    "Forbidden: check the namespace's Pod Security labels.",
    "Delete the Failed runners after the fix so they are re-created.",
  ],
  evaluate(snapshot, ctx) {
    const hits: RuleHit[] = [];
    for (const ref of knownScaleSets(snapshot)) {
      const runners = forScaleSet(snapshot.runners, ref, scaleSetOf).filter((r) => r.phase === "Failed" && r.reason === "InvalidPod");
      const lives = forScaleSet(recentLives(snapshot, ctx.now), ref, scaleSetOf).filter(
        (l) => (l.outcome === "pod-rejected" || l.reason === "InvalidPod") && !runners.some((r) => r.uid === l.uid),
      );
      const messages = [...runners.map((r) => r.message ?? ""), ...lives.map((l) => l.message ?? "")].filter(Boolean);
      if (runners.length + lives.length === 0) continue;
      const cause = parseRejection(messages[0] ?? "");
      const set = findScaleSet(snapshot, ref);
      const evidence: EvidenceItem[] = [
        { observation: `${runners.length + lives.length} runner(s) failed with InvalidPod: their pod was never created`, source: `EphemeralRunners of ${ref.name}` },
        ...runners.slice(0, 3).map((r) => runnerEvidence(r, "Pod creation rejected (Failed/InvalidPod)", r.message)),
        ...lives.slice(0, 3 - Math.min(3, runners.length)).map((l) => lifeEvidence(l, "Pod creation rejected (Failed/InvalidPod)", l.message)),
      ];
      if (set && cause.kind === "missing-volume" && !set.templateVolumes.includes(cause.volume)) {
        evidence.push(scaleSetEvidence(set, `Template defines volumes [${set.templateVolumes.join(", ")}] — no "${cause.volume}"`));
      }
      hits.push({
        subject: scaleSetSubject(ref),
        title: titleFor(cause),
        explanation:
          "ARC asked the API server to create the runner pod and was refused, so the EphemeralRunner went to Failed/InvalidPod. " +
          "ARC does not retry an invalid pod: no runner of this scale set can start until the pod template (or the policy) is fixed." +
          (cause.kind === "missing-volume" ? ` The runner container mounts "${cause.volume}", but the pod template defines no such volume.` : ""),
        evidence: evidence.slice(0, 5),
        runbook: runbook(ref, runners[0]?.name, cause),
        differential: "\"exceeded quota\" is not a rejection of the spec but a full ResourceQuota (resource-quota-exceeded); ARC retries those every 30 s.",
        confidence: messages.length > 0 ? "high" : "medium",
        since: earliest([...runners.map((r) => r.createdAt), ...lives.map((l) => l.createdAt)]),
      });
    }
    return hits;
  },
};
