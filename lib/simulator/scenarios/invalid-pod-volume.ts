import type { Scenario } from "./types";

/** Seed 002 (second cause): volumeMount `kubectl-bin` without a volume; pod creation is rejected. */
export const invalidPodVolume: Scenario = {
  id: "invalid-pod-volume",
  title: "Runner pod rejected: volume not found",
  description: "The live template mounts `kubectl-bin` but lost its volumes; every EphemeralRunner goes Failed/InvalidPod.",
  seed: "002_a26f9d001d61e6de.txt",
  scaleSets: [
    {
      name: "ha-kubectl",
      minRunners: 1,
      maxRunners: 2,
      containerMode: "default",
      template: { volumeMounts: [{ name: "kubectl-bin", mountPath: "/usr/local/bin/kubectl" }], missingVolumes: ["kubectl-bin"] },
      expected: { primary: ["pod-create-rejected"], alsoAcceptable: ["job-at-risk"] },
    },
  ],
  workload: [{ repo: "acme/home-config", workflow: "flux.yml", jobName: "reconcile", labels: ["ha-kubectl"], jobsPerMinute: 0.5, durationSec: [10, 20] }],
};
