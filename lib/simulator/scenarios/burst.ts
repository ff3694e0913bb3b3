import { HEALTHY, type Scenario } from "./types";

/**
 * Burst traffic on a shared label: jobs queue behind scale sets at max, and runner pods stay Pending
 * on a ResourceQuota, on pod slots and on ephemeral storage. One steady set in the burst stays healthy.
 * The shared label uses 0.14 `runnerScaleSetLabels`; each set also gets jobs on its own name.
 */
export const burst: Scenario = {
  id: "burst",
  title: "Burst: capacity limits",
  description: "A burst of jobs on the shared label `burst` hits max runners, a pod ResourceQuota, a full node pool and short ephemeral storage.",
  seed: "004_f00a045dd6be1f34.txt",
  scaleSets: [
    {
      name: "burst-max",
      minRunners: 0,
      maxRunners: 2,
      extraLabels: ["burst"],
      containerMode: "default",
      expected: { primary: ["scale-set-at-max"], alsoAcceptable: ["job-at-risk"] },
    },
    {
      name: "burst-quota",
      minRunners: 0,
      maxRunners: 6,
      extraLabels: ["burst"],
      containerMode: "default",
      faults: { podQuota: 2 },
      expected: { primary: ["resource-quota-exceeded"], alsoAcceptable: ["pod-create-rejected", "job-at-risk", "runner-slow-startup"] },
    },
    {
      name: "burst-pods",
      minRunners: 0,
      maxRunners: 6,
      extraLabels: ["burst"],
      containerMode: "dind",
      faults: { schedulingLimit: { pods: 2, resource: "pods" } },
      expected: { primary: ["pods-unschedulable"], alsoAcceptable: ["job-at-risk", "runner-slow-startup"] },
    },
    {
      name: "burst-storage",
      minRunners: 0,
      maxRunners: 6,
      extraLabels: ["burst"],
      containerMode: "default",
      template: { resources: { requests: { "ephemeral-storage": "20Gi" } } },
      faults: { schedulingLimit: { pods: 1, resource: "ephemeral-storage" } },
      expected: { primary: ["pods-unschedulable"], alsoAcceptable: ["job-at-risk", "runner-slow-startup"] },
    },
    { name: "burst-steady", minRunners: 0, maxRunners: 4, containerMode: "default", expected: HEALTHY },
  ],
  workload: [
    { repo: "acme/mobile", workflow: "release.yml", jobName: "matrix", labels: ["self-hosted", "burst"], jobsPerMinute: 2, durationSec: [120, 240], burst: { everySec: 60, count: 12 } },
    { repo: "acme/mobile", workflow: "lint.yml", jobName: "lint", labels: ["burst-max"], jobsPerMinute: 2, durationSec: [90, 180] },
    { repo: "acme/mobile", workflow: "ios.yml", jobName: "ios", labels: ["burst-quota"], jobsPerMinute: 3, durationSec: [90, 180] },
    { repo: "acme/mobile", workflow: "android.yml", jobName: "android", labels: ["burst-pods"], jobsPerMinute: 3, durationSec: [90, 180] },
    { repo: "acme/mobile", workflow: "e2e.yml", jobName: "e2e", labels: ["burst-storage"], jobsPerMinute: 3, durationSec: [90, 180] },
    { repo: "acme/docs", workflow: "docs.yml", jobName: "docs", labels: ["burst-steady"], jobsPerMinute: 1, durationSec: [10, 30] },
  ],
};
