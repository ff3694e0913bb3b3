/**
 * image-pull-failure: pods cannot pull their image (ErrImagePull / ImagePullBackOff / InvalidImageName, kubelet
 * "Failed to pull image" events). Tells auth failures (401/403, unauthorized, denied) from a missing tag (not found,
 * manifest unknown), and a listener/controller image (critical: the whole scale set stops) from a runner image.
 * One runner pod in back-off is a warning; ≥2 is critical.
 */
import type { EvidenceItem, FindingSubject, KubeEventRecord, PodState, RunbookStep } from "@/lib/model";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { eventEvidence, podEvidence } from "../helpers/evidence";
import { scaleSetFromRunnerName, scaleSetKey, scaleSetOf } from "../helpers/group";
import { describeCmd, kubectl } from "../helpers/kubectl";
import { allPods } from "../helpers/signals";
import { earliest, inWindow } from "../helpers/time";
import { cleanSubject } from "../helpers/subject";

const PULL_REASONS = new Set(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"]);

type PullCause = "auth" | "not-found" | "invalid-name" | "network" | "unknown";

/** Classify a kubelet/containerd pull error message. */
function classifyPull(message: string, reason?: string): PullCause {
  if (reason === "InvalidImageName" || /invalid reference format/i.test(message)) return "invalid-name";
  if (/\b401\b|\b403\b|unauthorized|authentication required|denied|forbidden|failed to authorize/i.test(message)) return "auth";
  if (/not found|manifest unknown|does not exist|no such image/i.test(message)) return "not-found";
  if (/i\/o timeout|no such host|connection refused|TLS handshake|context deadline exceeded/i.test(message)) return "network";
  return "unknown";
}

const CAUSE_TEXT: Record<PullCause, string> = {
  auth: "the registry refused the credentials (401/403)",
  "not-found": "the image or tag does not exist",
  "invalid-name": "the image reference is malformed",
  network: "the node cannot reach the registry",
  unknown: "the pull keeps failing",
};

function imageOf(message: string): string | undefined {
  return /image "([^"]+)"/.exec(message)?.[1];
}

interface Failure {
  pod?: PodState;
  event?: KubeEventRecord;
  podName: string;
  image?: string;
  message: string;
  reason?: string;
}

function runbook(ns: string | undefined, cluster: string | undefined, podName: string, image: string | undefined, cause: PullCause): RunbookStep[] {
  const target = { cluster, namespace: ns };
  const steps: RunbookStep[] = [{ action: "Read the kubelet's pull error", command: describeCmd(target, "pod", podName), tellsYou: "The Events section has the registry's exact answer." }];
  if (cause === "auth") {
    steps.push({
      action: "Check which imagePullSecrets the pod uses (names only)",
      command: kubectl(target, `get pod ${podName} -o jsonpath='{.spec.imagePullSecrets[*].name}'`),
      tellsYou: "No secret, or one for another registry, explains a 401/403; the secret must exist in this namespace.",
    });
  }
  if (image) {
    steps.push({
      action: "Check the image reference exists and is readable",
      command: `docker manifest inspect ${image}`,
      tellsYou: cause === "auth" ? "Works for you but not the node ⇒ the pull secret is wrong or expired." : "\"manifest unknown\" ⇒ fix the tag in the Helm values.",
    });
  }
  return steps;
}

export const rule: CatalogRule = {
  id: "image-pull-failure",
  title: "Image cannot be pulled",
  severity: "warning",
  rank: 20,
  requires: ["events"],
  uses: ["pods", "runners"],
  detects: "Runner, listener or controller pods that cannot pull their image, classified as auth failure, missing image/tag, malformed reference or registry unreachable.",
  evidenceNeeded: "Container waiting reason ErrImagePull/ImagePullBackOff/InvalidImageName, or kubelet Failed/BackOff events \"Failed to pull image …\".",
  runbookOutline: ["Describe the pod to read the kubelet's pull error.", "Auth: check the pod's imagePullSecrets.", "Check the image reference with docker manifest inspect."],
  evaluate(snapshot, ctx) {
    const pods = allPods(snapshot);
    const failures: Failure[] = [];
    for (const p of pods) {
      for (const st of [...p.initContainerStatuses, ...p.containerStatuses]) {
        if (st.state === "waiting" && PULL_REASONS.has(st.reason ?? "")) failures.push({ pod: p, podName: p.name, image: st.image, message: st.message ?? st.reason ?? "", reason: st.reason });
      }
    }
    for (const e of snapshot.events) {
      if (!inWindow(e.lastSeen, snapshot.windowStart, ctx.now)) continue;
      const pull = (e.reason === "Failed" && /Failed to pull image|ErrImagePull|InvalidImageName/.test(e.message)) || (e.reason === "BackOff" && /Back-off pulling image/.test(e.message));
      if (!pull) continue;
      const existing = failures.find((f) => f.podName === e.involvedName);
      if (existing) {
        // Events carry the registry's answer; the waiting message is often just "Back-off pulling image".
        if (e.reason === "Failed") existing.message = e.message;
        existing.event ??= e;
        continue;
      }
      failures.push({ event: e, pod: pods.find((p) => p.name === e.involvedName), podName: e.involvedName, image: imageOf(e.message), message: e.message });
    }

    const groups = new Map<string, { subject: FindingSubject; controlPlane: boolean; items: Failure[]; ns?: string; cluster?: string }>();
    for (const f of failures) {
      const role = f.pod?.role ?? (scaleSetFromRunnerName(f.podName) ? "runner" : "other");
      const controlPlane = role === "listener" || role === "controller";
      const ref = f.pod ? scaleSetOf(f.pod) : f.event ? scaleSetOf(f.event) : undefined;
      const cluster = f.pod?.cluster ?? f.event?.cluster;
      const ns = f.pod?.namespace ?? f.event?.namespace;
      const subject = cleanSubject(
        ref
          ? { cluster: ref.cluster, namespace: ref.namespace, scaleSet: ref.name, object: controlPlane ? `Pod ${ns}/${f.podName}` : undefined }
          : { cluster, namespace: ns, object: `Pod ${ns}/${f.podName}` },
      );
      const key = `${ref ? scaleSetKey(ref) : ""}|${subject.object ?? ""}`;
      const g = groups.get(key) ?? { subject, controlPlane, items: [], ns, cluster };
      g.items.push(f);
      groups.set(key, g);
    }

    const hits: RuleHit[] = [];
    for (const g of groups.values()) {
      const first = g.items[0]!;
      const cause = classifyPull(g.items.map((f) => f.message).find((m) => classifyPull(m) !== "unknown") ?? first.message, first.reason);
      const image = g.items.map((f) => f.image ?? imageOf(f.message)).find(Boolean);
      const who = g.controlPlane ? (first.pod?.role === "controller" ? "controller" : "listener") : "runner";
      const evidence: EvidenceItem[] = [];
      if (!g.controlPlane) evidence.push({ observation: `${new Set(g.items.map((f) => f.podName)).size} runner pod(s) cannot pull ${image ?? "their image"}`, source: "runner pods" });
      for (const f of g.items.slice(0, 4)) {
        evidence.push(f.event ? eventEvidence(f.event, `${f.event.reason} pulling image for ${f.podName}`) : podEvidence(f.pod!, `Container waiting: ${f.reason}`, f.message));
      }
      hits.push({
        subject: g.subject,
        severity: g.controlPlane || new Set(g.items.map((f) => f.podName)).size >= 2 ? "critical" : "warning",
        title: `${who === "runner" ? "Runner" : who === "listener" ? "Listener" : "Controller"} image cannot be pulled: ${cause === "auth" ? "registry denied access" : cause === "not-found" ? "image or tag not found" : cause === "invalid-name" ? "invalid image reference" : cause === "network" ? "registry unreachable" : "pull failing"}`,
        explanation:
          `The ${who} pod cannot start because ${CAUSE_TEXT[cause]}${image ? ` for ${image}` : ""}. ` +
          (g.controlPlane ? "Without a running listener the scale set receives no jobs at all." : "Runners of this scale set cannot start, so jobs queue."),
        evidence: evidence.slice(0, 5),
        runbook: runbook(g.ns, g.cluster, first.podName, image, cause),
        differential: "A pod that is Pending without a pull error is a scheduling problem (pods-unschedulable); \"exec format error\" after a successful pull is a wrong architecture.",
        confidence: cause === "unknown" ? "medium" : "high",
        since: earliest(g.items.map((f) => f.event?.firstSeen ?? f.pod?.createdAt)),
      });
    }
    return hits;
  },
};
