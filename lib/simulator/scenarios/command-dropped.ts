import type { Scenario } from "./types";

const registrationNotFound =
  "VssOAuthTokenRequestException: Registration 5d3a1f3e-8c4b-4f0e-9a51-2b7c6d9e0f13 was not found. Failed to create a session. The runner registration has been deleted from the server, please re-configure.";

/**
 * Seed 002: the runner container override lost `command`, so the image CMD /bin/bash runs and exits 0
 * in under a second. ARC ≥0.13 treats exit 0 as success and deletes the runner, so the set churns.
 */
export const commandDropped: Scenario = {
  id: "command-dropped",
  title: "Runner container command dropped",
  description: "The runner container has no command: /bin/bash exits 0 in <1 s, runners are deleted and re-created forever.",
  seed: "002_a26f9d001d61e6de.txt",
  scaleSets: [
    {
      name: "ha-restarter",
      minRunners: 1,
      maxRunners: 1,
      containerMode: "default",
      template: { dropCommand: true },
      faults: {
        runnerExit: { code: 0, reason: "Completed", afterMs: [200, 900], log: [] },
        runnerExitExtraLog: { share: 0.3, line: registrationNotFound },
      },
      expected: { primary: ["runner-command-dropped"], alsoAcceptable: ["runner-failure-loop", "runner-registration-not-found", "job-at-risk"] },
    },
  ],
  workload: [{ repo: "acme/home-config", workflow: "restart-ha-on-push.yml", jobName: "restart", labels: ["ha-restarter"], jobsPerMinute: 0.5, durationSec: [10, 20] }],
};
