import { HEALTHY, type Scenario } from "./types";

/** Baseline: steady traffic, runners start quickly, run their job and exit 0. Must give no finding. */
export const healthy: Scenario = {
  id: "healthy",
  title: "Healthy fleet",
  description: "Three scale sets with steady jobs; every runner registers, runs one job and exits 0.",
  scaleSets: [
    { name: "web", minRunners: 1, maxRunners: 10, containerMode: "default", expected: HEALTHY },
    { name: "api", minRunners: 0, maxRunners: 8, containerMode: "dind", expected: HEALTHY },
    { name: "infra", minRunners: 1, maxRunners: 5, containerMode: "kubernetes", expected: HEALTHY },
  ],
  workload: [
    { repo: "acme/web", workflow: "ci.yml", jobName: "build", labels: ["web"], jobsPerMinute: 3, durationSec: [20, 60] },
    { repo: "acme/api", workflow: "test.yml", jobName: "test", labels: ["self-hosted", "api"], jobsPerMinute: 2, durationSec: [30, 90] },
    { repo: "acme/infra", workflow: "deploy.yml", jobName: "plan", labels: ["infra"], jobsPerMinute: 1, durationSec: [15, 40] },
  ],
};
