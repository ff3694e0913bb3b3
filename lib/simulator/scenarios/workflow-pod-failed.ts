import type { Scenario } from "./types";

/** Seed 003: kubernetes mode with a hook extension adding cache volumes; the `-workflow` pod fails. */
export const workflowPodFailed: Scenario = {
  id: "workflow-pod-failed",
  title: "Job pod (kubernetes mode) fails",
  description: "Cache volumes in the hook extension make every `<runner>-workflow` pod go Failed; jobs fail in \"Initialize containers\".",
  seed: "003_6b74666c5df7f7c2.txt",
  scaleSets: [
    {
      name: "nix-builder",
      minRunners: 0,
      maxRunners: 3,
      containerMode: "kubernetes",
      template: { hookExtension: { configMap: "nix-builder-hook-extension", cacheVolumes: ["nix-store", "docker-cache"] } },
      faults: { workflowPodFails: true },
      expected: { primary: ["workflow-pod-failed"], alsoAcceptable: [] },
    },
  ],
  workload: [{ repo: "acme/nix-infra", workflow: "test-runner.yml", jobName: "build", labels: ["nix-builder"], jobsPerMinute: 1, durationSec: [30, 60] }],
};
