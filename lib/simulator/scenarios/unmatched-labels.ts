import { HEALTHY, type Scenario } from "./types";

/** Seed 001: jobs ask for `gpu-large`, which no scale set serves; the listener sees nothing. */
export const unmatchedLabels: Scenario = {
  id: "unmatched-labels",
  title: "Jobs ask for labels no scale set serves",
  description: "Jobs `runs-on: [self-hosted, gpu-large]` stay queued; the `gpu` scale set idles with 0 assigned jobs.",
  seed: "001_9db4dd9a1abb36c3.txt",
  scaleSets: [{ name: "gpu", minRunners: 1, maxRunners: 4, containerMode: "default", expected: HEALTHY }],
  workload: [
    { repo: "acme/ml", workflow: "train.yml", jobName: "train", labels: ["self-hosted", "gpu-large"], jobsPerMinute: 1, durationSec: [60, 120] },
  ],
  fleetExpected: { primary: ["jobs-unmatched-labels"], alsoAcceptable: [] },
};
