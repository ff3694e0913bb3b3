/** Exact label and annotation keys ARC sets (arc-model.md §1.1). */
export const LABEL = {
  partOf: "app.kubernetes.io/part-of",
  component: "app.kubernetes.io/component",
  version: "app.kubernetes.io/version",
  scaleSetName: "actions.github.com/scale-set-name",
  scaleSetNamespace: "actions.github.com/scale-set-namespace",
  enterprise: "actions.github.com/enterprise",
  organization: "actions.github.com/organization",
  repository: "actions.github.com/repository",
  ephemeralRunner: "actions-ephemeral-runner",
  podTemplateHash: "pod-template-hash",
  runnerPod: "runner-pod",
} as const;

export const COMPONENT = {
  listener: "runner-scale-set-listener",
  runnerSet: "runner-set",
  runner: "runner",
  autoscalingRunnerSet: "autoscaling-runner-set",
  controller: "controller-manager",
} as const;

export const ANNOTATION = {
  scaleSetId: "runner-scale-set-id",
  runnerGroupName: "actions.github.com/runner-group-name",
  runnerScaleSetName: "actions.github.com/runner-scale-set-name",
  changeHash: "actions.github.com/change-hash",
  valuesHash: "actions.github.com/values-hash",
  runnerSpecHash: "actions.github.com/runner-spec-hash",
  patchId: "actions.github.com/patch-id",
} as const;

export const ARC_GROUP = "actions.github.com";
export const ARC_VERSION = "v1alpha1";
export const ARC_PLURALS = ["autoscalingrunnersets", "ephemeralrunnersets", "ephemeralrunners", "autoscalinglisteners"] as const;
export type ArcPlural = (typeof ARC_PLURALS)[number];
