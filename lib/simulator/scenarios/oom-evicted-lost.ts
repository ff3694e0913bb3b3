import type { Scenario } from "./types";

/** Runners dying mid-job: OOMKilled containers, evicted pods, a pod deleted under a running job. */
export const oomEvictedLost: Scenario = {
  id: "oom-evicted-lost",
  title: "Runners killed mid-job",
  description: "`heavy-build` runners are OOMKilled (exit 137), `disk-hungry` pods are evicted for ephemeral-storage, `spot-pool` pods vanish mid-job.",
  scaleSets: [
    {
      name: "heavy-build",
      minRunners: 0,
      maxRunners: 4,
      containerMode: "default",
      template: { resources: { limits: { memory: "2Gi" }, requests: { memory: "2Gi" } } },
      faults: { oomKillShare: 0.6 },
      expected: { primary: ["runner-oom-killed"], alsoAcceptable: ["runner-failure-loop", "runner-lost-communication"] },
    },
    {
      name: "disk-hungry",
      minRunners: 0,
      maxRunners: 4,
      containerMode: "dind",
      faults: { evictShare: 0.6 },
      expected: { primary: ["runner-evicted"], alsoAcceptable: ["runner-lost-communication", "runner-failure-loop"] },
    },
    {
      name: "spot-pool",
      minRunners: 0,
      maxRunners: 4,
      containerMode: "default",
      faults: { deleteMidJobShare: 0.6 },
      expected: { primary: ["runner-lost-communication"], alsoAcceptable: [] },
    },
  ],
  workload: [
    { repo: "acme/monorepo", workflow: "build.yml", jobName: "compile", labels: ["heavy-build"], jobsPerMinute: 2, durationSec: [40, 80] },
    { repo: "acme/monorepo", workflow: "images.yml", jobName: "docker-build", labels: ["disk-hungry"], jobsPerMinute: 2, durationSec: [40, 80] },
    { repo: "acme/monorepo", workflow: "nightly.yml", jobName: "integration", labels: ["spot-pool"], jobsPerMinute: 2, durationSec: [40, 80] },
  ],
};
