import type { Scenario } from "./types";

/** Leftovers: idle runners beyond min, offline GitHub runners without an EphemeralRunner, a job on a dying runner, a stale ERS generation. */
export const zombies: Scenario = {
  id: "zombies",
  title: "Zombie runners and leftovers",
  description: "Idle no-job runners beyond minRunners, orphaned offline GitHub runners, a job stuck on a failing runner, an old runner-set generation with an idle runner.",
  scaleSets: [
    {
      name: "zombie-idle",
      minRunners: 0,
      maxRunners: 6,
      containerMode: "default",
      faults: { idleBeyondMin: 3 },
      expected: { primary: ["runner-idle-beyond-min"], alsoAcceptable: [] },
    },
    {
      name: "zombie-orphans",
      minRunners: 0,
      maxRunners: 4,
      containerMode: "default",
      faults: { orphanGitHubRunners: 3 },
      expected: { primary: ["github-runner-orphaned"], alsoAcceptable: [] },
    },
    {
      name: "zombie-stuck-job",
      minRunners: 0,
      maxRunners: 4,
      containerMode: "default",
      faults: { jobOnFailingRunner: true },
      expected: { primary: ["job-at-risk"], alsoAcceptable: ["runner-failure-loop", "runner-lost-communication", "image-pull-failure"] },
    },
    {
      name: "zombie-stale-gen",
      minRunners: 0,
      maxRunners: 4,
      containerMode: "default",
      faults: { staleGeneration: true },
      expected: { primary: ["runner-set-stale-generation"], alsoAcceptable: ["runner-idle-beyond-min"] },
    },
  ],
  workload: [
    { repo: "acme/legacy", workflow: "ci.yml", jobName: "test", labels: ["zombie-stuck-job"], jobsPerMinute: 0.2, durationSec: [30, 60] },
    { repo: "acme/legacy", workflow: "lint.yml", jobName: "lint", labels: ["zombie-stale-gen"], jobsPerMinute: 0.5, durationSec: [10, 20] },
  ],
};
