import type { Scenario } from "./types";

/** Seed 004 (TIN-2055): eventual update strategy waits for an idle runner of the old generation forever. */
export const rolloverDeadlock: Scenario = {
  id: "rollover-deadlock",
  title: "Listener rollover deadlock",
  description: "ARS phase Pending, no listener, two runner-set generations; the controller waits for running/pending runners that never finish.",
  seed: "004_f00a045dd6be1f34.txt",
  scaleSets: [
    {
      name: "tinyland-docker",
      minRunners: 1,
      maxRunners: 4,
      containerMode: "dind",
      faults: { rolloverDeadlock: true },
      expected: { primary: ["listener-rollover-deadlock"], alsoAcceptable: ["listener-missing", "runner-set-stale-generation", "job-at-risk", "listener-stats-stale"] },
    },
  ],
  workload: [{ repo: "acme/tinyland", workflow: "docker.yml", jobName: "image", labels: ["tinyland-docker"], jobsPerMinute: 0.5, durationSec: [30, 60] }],
};
