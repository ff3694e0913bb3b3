import type { Scenario } from "./types";

/** Seed 000: the JIT secret is created without data; every runner exits 0 within 1–2 s without a job. */
export const emptyJitSecret: Scenario = {
  id: "empty-jit-secret",
  title: "Runner JIT secret is empty",
  description: "Runner pods start, print \"Not configured\" and exit 0 after 1–2 s, again and again; queued jobs never start.",
  seed: "000_ee5b99a4d5db1868.txt",
  scaleSets: [
    {
      name: "deskrun",
      minRunners: 1,
      maxRunners: 3,
      containerMode: "kubernetes",
      faults: { emptyJitSecret: true },
      expected: { primary: ["runner-jit-config-empty"], alsoAcceptable: ["runner-failure-loop", "job-at-risk"] },
    },
  ],
  workload: [{ repo: "acme/deskrun", workflow: "ci.yml", jobName: "build", labels: ["deskrun"], jobsPerMinute: 1, durationSec: [30, 60] }],
};
