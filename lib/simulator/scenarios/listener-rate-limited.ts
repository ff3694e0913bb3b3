import type { Scenario } from "./types";

/** Seed 004: the listener's PAT has no core budget left; the listener exits and is recreated repeatedly. */
export const listenerRateLimited: Scenario = {
  id: "listener-rate-limited",
  title: "Listener hits the GitHub API rate limit",
  description: "\"failed to get runner registration token (403 Forbidden): API rate limit exceeded\" — the listener crash-loops and jobs stay queued.",
  seed: "004_f00a045dd6be1f34.txt",
  github: { arcTokenExhausted: true },
  scaleSets: [
    {
      name: "tinyland-nix",
      minRunners: 0,
      maxRunners: 4,
      containerMode: "default",
      faults: { listenerRateLimited: true },
      expected: { primary: ["github-rate-limit"], alsoAcceptable: ["listener-crash-loop", "listener-stats-stale", "listener-missing", "job-at-risk"] },
    },
  ],
  workload: [{ repo: "acme/tinyland", workflow: "nix.yml", jobName: "nix-build", labels: ["tinyland-nix"], jobsPerMinute: 1, durationSec: [30, 60] }],
};
