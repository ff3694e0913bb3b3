/**
 * arc-version-mismatch: the scale set's chart version (`app.kubernetes.io/version` label) differs from the ARC
 * controller's in major.minor (≤0.11 controllers: any difference). The controller then deletes the
 * AutoscalingRunnerSet, logging "Autoscaling runner set version doesn't match the build version. Deleting the
 * resource." — Helm/Flux re-create it and it is deleted again, so the scale set never runs.
 * Works from the controller log (after deletion the scale set is gone from the API; the log line is what remains)
 * or from cluster info (the controller version, compared with the scale sets' version labels).
 */
import type { EvidenceItem, FleetSnapshot, LogRecord, RunbookStep } from "@/lib/model";
import { COMPONENT, LABEL } from "@/lib/model/arc-labels";
import type { CatalogRule } from "../catalog";
import type { RuleHit } from "../rule";
import { logEvidence, scaleSetEvidence } from "../helpers/evidence";
import { findScaleSet, logScaleSet, sameScaleSet, scaleSetKey, stringField, type ScaleSetRef } from "../helpers/group";
import { kubectl, controllerTarget } from "../helpers/kubectl";
import { earliest, inWindow } from "../helpers/time";
import { cleanSubject } from "../helpers/subject";

const MISMATCH_LOG = "Autoscaling runner set version doesn't match the build version";

/** [major, minor, patch] of "0.14.2", "v0.14.2" or "gha-runner-scale-set-0.14.2". */
function parseVersion(v: string | undefined): [number, number, number] | undefined {
  const m = v ? /(\d+)\.(\d+)(?:\.(\d+))?/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Whether a controller of `controller` version accepts a scale set labelled `scaleSet` (0.12+: major.minor; before: exact). */
function versionsCompatible(controller: string, scaleSet: string): boolean | undefined {
  const c = parseVersion(controller);
  const s = parseVersion(scaleSet);
  if (!c || !s) return undefined;
  const gated = c[0] > 0 || c[1] >= 12;
  return gated ? c[0] === s[0] && c[1] === s[1] : c[0] === s[0] && c[1] === s[1] && c[2] === s[2];
}

function runbook(snapshot: FleetSnapshot, ref: ScaleSetRef, controllerVersion: string | undefined): RunbookStep[] {
  const ctl = controllerTarget(snapshot, ref.cluster);
  const target = { cluster: ref.cluster, namespace: ref.namespace };
  return [
    {
      action: "Compare the chart versions of the controller and the scale-set releases",
      command: `helm${ref.cluster ? ` --kube-context ${ref.cluster}` : ""} list -A | grep -E 'gha-rs-controller|gha-runner-scale-set'`,
      tellsYou: "The controller chart and every gha-runner-scale-set chart must share major.minor (e.g. all 0.14.x).",
    },
    {
      action: "Read the controller's version label",
      command: kubectl(ctl, `get pods -l ${LABEL.component}=${COMPONENT.controller} -o jsonpath='{.items[*].metadata.labels.app\\.kubernetes\\.io/version}'`),
      tellsYou: "The build version the controller compares every AutoscalingRunnerSet against.",
    },
    {
      action: `Upgrade the scale-set release to the controller's version${controllerVersion ? ` (${controllerVersion})` : ""} (or the controller to the scale set's)`,
      command: `helm${ref.cluster ? ` --kube-context ${ref.cluster}` : ""} upgrade ${ref.name} oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set -n ${target.namespace ?? "<namespace>"} --version ${controllerVersion ?? "<controller-version>"} --reuse-values`,
      tellsYou: "Once the labels match, the controller stops deleting the scale set and creates its listener.",
    },
  ];
}

export const rule: CatalogRule = {
  id: "arc-version-mismatch",
  title: "Scale set version does not match the ARC controller",
  severity: "critical",
  rank: 5,
  requires: [],
  requiresAny: [["controllerLogs", "clusterInfo"]],
  uses: ["scaleSets"],
  detects:
    "A scale set whose app.kubernetes.io/version differs from the controller's in major.minor, or the controller log \"Autoscaling runner set version doesn't match the build version. Deleting the resource.\"",
  evidenceNeeded: "Controller log lines (buildVersion, autoscalingRunnerSetVersion), the scale set's version label and the controller version.",
  runbookOutline: ["helm list -A to compare chart versions.", "Read the controller's version label.", "Upgrade the scale-set release to the controller's version."],
  evaluate(snapshot, ctx) {
    const found = new Map<string, { ref: ScaleSetRef; logs: LogRecord[]; label?: string; controller?: string }>();
    for (const log of snapshot.logs) {
      if (log.origin !== "controller" && log.origin !== "unknown") continue;
      if (!log.message.startsWith(MISMATCH_LOG) || !inWindow(log.time, snapshot.windowStart, ctx.now)) continue;
      const ref = logScaleSet(log) ?? { cluster: log.cluster, name: "unknown scale set" };
      const k = scaleSetKey(ref);
      const entry = found.get(k) ?? { ref, logs: [] };
      entry.logs.push(log);
      entry.label = stringField(log, "autoscalingRunnerSetVersion") ?? entry.label;
      entry.controller = stringField(log, "buildVersion") ?? entry.controller;
      found.set(k, entry);
    }
    for (const set of snapshot.scaleSets) {
      if (set.deletedAt || !set.version) continue;
      const controller = snapshot.clusters.find((c) => c.name === set.cluster)?.controllerVersion;
      if (!controller || versionsCompatible(controller, set.version) !== false) continue;
      const ref = { cluster: set.cluster, namespace: set.namespace, name: set.name };
      const existing = [...found.values()].find((f) => sameScaleSet(f.ref, ref));
      if (existing) existing.label ??= set.version;
      else found.set(scaleSetKey(ref), { ref, logs: [], label: set.version, controller });
    }

    const hits: RuleHit[] = [];
    for (const { ref, logs, label, controller } of found.values()) {
      const set = findScaleSet(snapshot, ref);
      const ctlVersion = controller ?? snapshot.clusters.find((c) => c.name === ref.cluster)?.controllerVersion;
      const evidence: EvidenceItem[] = [];
      const last = logs[logs.length - 1];
      if (last) evidence.push(logEvidence(last, `Controller deleted the scale set: version ${label ?? "?"} ≠ build ${ctlVersion ?? "?"}${logs.length > 1 ? ` (${logs.length} times in the window)` : ""}`));
      if (set) evidence.push(scaleSetEvidence(set, `Scale set labelled ${LABEL.version}=${set.version ?? "?"}; controller runs ${ctlVersion ?? "?"}`, `${LABEL.version}: ${set.version ?? "?"}`));
      hits.push({
        subject: cleanSubject({ cluster: ref.cluster, namespace: ref.namespace, scaleSet: ref.name === "unknown scale set" ? undefined : ref.name, object: ref.name === "unknown scale set" ? "AutoscalingRunnerSet" : undefined }),
        title: `${ref.name === "unknown scale set" ? "A scale set" : ref.name} (chart ${label ?? "?"}) does not match the ARC controller ${ctlVersion ?? "?"}${logs.length ? ": deleted by the controller" : ""}`,
        explanation:
          `The ARC controller only manages scale sets installed with its own major.minor version and deletes any other. ${ref.name === "unknown scale set" ? "This scale set" : ref.name} is labelled ${label ?? "with another version"} while the controller is ${ctlVersion ?? "a different version"}, ` +
          "so it is deleted (and re-created by Helm/Flux, and deleted again): it never gets a listener or runners and its jobs stay queued.",
        evidence: evidence.slice(0, 5),
        runbook: runbook(snapshot, ref, ctlVersion),
        differential: "A scale set that exists with no listener for other reasons (listener-missing) does not produce this controller log line.",
        confidence: logs.length ? "high" : "medium",
        since: earliest(logs.map((l) => l.time)),
      });
    }
    return hits;
  },
};
