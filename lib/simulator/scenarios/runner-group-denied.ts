import type { Scenario } from "./types";

/** Seed 001 (variant): the scale set's runner group does not let the repository use it. */
export const runnerGroupDenied: Scenario = {
  id: "runner-group-denied",
  title: "Runner group does not allow the repository",
  description: "Scale set `secure` is in runner group `restricted` (selected repositories) that omits acme/payments; its jobs stay queued.",
  seed: "001_9db4dd9a1abb36c3.txt",
  runnerGroups: [{ name: "restricted", visibility: "selected", repositories: ["acme/vault"] }],
  scaleSets: [
    {
      name: "secure",
      minRunners: 1,
      maxRunners: 4,
      runnerGroup: "restricted",
      containerMode: "default",
      expected: { primary: ["jobs-runner-group-denied"], alsoAcceptable: ["job-at-risk"] },
    },
  ],
  workload: [{ repo: "acme/payments", workflow: "ci.yml", jobName: "test", labels: ["self-hosted", "secure"], jobsPerMinute: 1, durationSec: [30, 60] }],
};
