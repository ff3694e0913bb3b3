/**
 * Workload generator: Poisson job arrivals (plus periodic bursts) per scenario workload stream,
 * on the virtual clock. Remembers which stream made each job so runners know its duration.
 */
import type { VirtualClock } from "@/lib/simulator/clock";
import type { SimJob } from "@/lib/simulator/github/types";
import type { WorkloadSpec } from "@/lib/simulator/scenarios/types";
import type { GitHubSide } from "./github-side";
import type { Rng } from "./random";

const DEFAULT_SPEC: Pick<WorkloadSpec, "durationSec"> = { durationSec: [30, 60] };

export class WorkloadGenerator {
  private readonly byJob = new Map<number, WorkloadSpec>();

  constructor(
    private readonly github: GitHubSide,
    private readonly clock: VirtualClock,
    private readonly rng: Rng,
  ) {
    github.onJobChange((action, job) => {
      if (action === "completed") this.byJob.delete(job.id);
    });
  }

  specFor(job: SimJob): Pick<WorkloadSpec, "durationSec" | "failShare"> {
    return this.byJob.get(job.id) ?? DEFAULT_SPEC;
  }

  /** Start a stream; the first job arrives within a few seconds so short tests see traffic. */
  start(spec: WorkloadSpec): void {
    const create = () => {
      this.github.queueJob(spec.repo, spec.workflow, spec.jobName, spec.labels, (job) => this.byJob.set(job.id, spec));
    };
    if (spec.jobsPerMinute > 0) {
      const meanMs = 60_000 / spec.jobsPerMinute;
      const next = () => {
        create();
        this.clock.setTimeout(next, this.rng.exponential(meanMs));
      };
      this.clock.setTimeout(next, this.rng.between(1_000, 5_000));
    }
    if (spec.burst) {
      const burst = spec.burst;
      const fire = () => {
        for (let i = 0; i < burst.count; i++) create();
        this.clock.setTimeout(fire, burst.everySec * 1000);
      };
      this.clock.setTimeout(fire, this.rng.between(5_000, 10_000));
    }
  }
}
