import type { Scenario } from "./types";

/** Seed 004: the listener lands on a fresh node and cannot pull the controller image from GHCR (403). */
export const listenerImagePull403: Scenario = {
  id: "listener-image-pull-403",
  title: "Listener image pull fails (GHCR 403)",
  description: "The listener pod in arc-systems is in ImagePullBackOff with a GHCR 403; the scale set never scales.",
  seed: "004_f00a045dd6be1f34.txt",
  scaleSets: [
    {
      name: "tinyland-kvm",
      minRunners: 0,
      maxRunners: 4,
      containerMode: "default",
      faults: { listenerImagePull403: true },
      expected: { primary: ["image-pull-failure"], alsoAcceptable: ["listener-missing", "listener-stats-stale", "job-at-risk"] },
    },
  ],
  workload: [{ repo: "acme/tinyland", workflow: "kvm.yml", jobName: "vm-test", labels: ["tinyland-kvm"], jobsPerMinute: 1, durationSec: [30, 60] }],
};
