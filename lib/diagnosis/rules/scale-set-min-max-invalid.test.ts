import { describe, expect, it } from "vitest";
import { NOW, aJob, aScaleSet, aSnapshot, minutesAgo } from "../testing/builders";
import { rule } from "./scale-set-min-max-invalid";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });

describe("scale-set-min-max-invalid", () => {
  it("warns when minRunners exceeds maxRunners", () => {
    const [hit] = run(aSnapshot({ scaleSets: [aScaleSet({ minRunners: 5, maxRunners: 2 })] }));
    expect(hit?.severity).toBe("warning");
    expect(hit?.title).toBe("web has minRunners 5 > maxRunners 2");
    expect(hit?.evidence[0]?.observation).toBe("spec.minRunners 5, spec.maxRunners 2");
    expect(hit?.runbook[1]?.command).toBe("helm --kube-context prod-eu get values web -n arc-runners");
  });

  it("is critical for maxRunners 0 with jobs queued", () => {
    const queued = aJob({ id: 31001701, status: "queued", conclusion: null, createdAt: minutesAgo(5), startedAt: null, completedAt: null, runnerName: null });
    const [hit] = run(aSnapshot({ scaleSets: [aScaleSet({ maxRunners: 0 })], github: { jobs: [queued] } }));
    expect(hit?.severity).toBe("critical");
    expect(hit?.title).toBe("web has maxRunners 0 with 1 job(s) queued");
    expect(hit?.evidence[1]?.source).toBe("GitHub job 31001701");
  });

  it("notes an unbounded scale set (deskrun: installed without min/max) as info", () => {
    const [hit] = run(aSnapshot({ scaleSets: [aScaleSet({ minRunners: undefined, maxRunners: undefined })] }));
    expect(hit?.severity).toBe("info");
    expect(hit?.explanation).toContain("min 0 and max 2147483647");
    expect(hit?.evidence[0]?.excerpt).toBe("minRunners: unset\nmaxRunners: unset");
  });

  it("stays silent for explicit, consistent bounds", () => {
    expect(run(aSnapshot({ scaleSets: [aScaleSet({ minRunners: 1, maxRunners: 10 }), aScaleSet({ name: "gpu", minRunners: 0, maxRunners: 0, deletedAt: minutesAgo(1) })] }))).toEqual([]);
  });
});
