import type { EphemeralRunnerSetState, ScaleSetPhase, ScaleSetState } from "@/lib/model";
import { ANNOTATION, LABEL } from "@/lib/model/arc-labels";
import { containerMode, hookTemplatePath, runnerContainerOf, toContainerSpec } from "./container";
import { arr, compact, meta, num, obj, str, strList } from "./loose";

const ARS_PHASES = new Set(["Pending", "Running", "Outdated"]);

/** AutoscalingRunnerSet → ScaleSetState. Secret contents are never read, only the Secret's name. */
export function toScaleSetState(ars: unknown, cluster: string): ScaleSetState {
  const m = meta(ars);
  const spec = obj(obj(ars).spec);
  const status = obj(obj(ars).status);
  const template = obj(spec.template);
  const podSpec = obj(template.spec);
  const runner = runnerContainerOf(podSpec);
  const phase = str(status.phase);
  const id = num(m.annotations[ANNOTATION.scaleSetId]);
  return compact({
    cluster,
    namespace: m.namespace,
    name: m.name,
    uid: m.uid,
    createdAt: m.createdAt,
    githubConfigUrl: str(spec.githubConfigUrl) ?? "",
    githubConfigSecret: str(spec.githubConfigSecret) ?? "",
    runnerGroup: str(spec.runnerGroup) ?? m.annotations[ANNOTATION.runnerGroupName] ?? "Default",
    runnerScaleSetName: str(spec.runnerScaleSetName) || m.name,
    extraLabels: strList(spec.runnerScaleSetLabels),
    minRunners: num(spec.minRunners),
    maxRunners: num(spec.maxRunners),
    phase: phase && ARS_PHASES.has(phase) ? (phase as ScaleSetPhase) : "unknown",
    version: m.labels[LABEL.version],
    containerMode: containerMode(template),
    scaleSetId: id,
    runnerContainer: runner === undefined ? undefined : toContainerSpec(runner),
    templateVolumes: arr(podSpec.volumes).flatMap((v) => str(obj(v).name) ?? []),
    status: compact({
      currentRunners: num(status.currentRunners),
      pendingEphemeralRunners: num(status.pendingEphemeralRunners),
      runningEphemeralRunners: num(status.runningEphemeralRunners),
      failedEphemeralRunners: num(status.failedEphemeralRunners),
    }),
    hookTemplatePath: hookTemplatePath(podSpec),
    deletedAt: m.deletionTimestamp,
  });
}

const ERS_PHASES = new Set(["Running", "Outdated"]);

export function toRunnerSetState(ers: unknown, cluster: string): EphemeralRunnerSetState {
  const m = meta(ers);
  const spec = obj(obj(ers).spec);
  const status = obj(obj(ers).status);
  const phase = str(status.phase);
  const owner = m.ownerReferences.find((r) => r.kind === "AutoscalingRunnerSet")?.name;
  return compact({
    cluster,
    namespace: m.namespace,
    name: m.name,
    scaleSet: m.labels[LABEL.scaleSetName] ?? owner ?? m.name.replace(/-[a-z0-9]{5}$/, ""),
    uid: m.uid,
    createdAt: m.createdAt,
    replicas: num(spec.replicas) ?? 0,
    patchId: num(spec.patchID),
    phase: phase && ERS_PHASES.has(phase) ? (phase as EphemeralRunnerSetState["phase"]) : "unknown",
    runnerSpecHash: m.annotations[ANNOTATION.runnerSpecHash],
    status: compact({
      currentReplicas: num(status.currentReplicas),
      pending: num(status.pendingEphemeralRunners),
      running: num(status.runningEphemeralRunners),
      failed: num(status.failedEphemeralRunners),
    }),
    deletedAt: m.deletionTimestamp,
  });
}
