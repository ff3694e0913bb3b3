import { describe, expect, it } from "vitest";
import { NOW, aRunner, aRunnerSet, aScaleSet, aSnapshot, minutesAgo, runnerName, withUnavailable } from "../testing/builders";
import { rule } from "./runner-set-stale-generation";
import type { FleetSnapshot, RunnerState } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const OLD = "web-x7k2p";
const NEW = "web-p9q8r";
const busyOld = aRunner({ name: runnerName(0, OLD), ephemeralRunnerSet: OLD });
const idleOld = aRunner({ name: runnerName(1, OLD), ephemeralRunnerSet: OLD, job: undefined });

function twoGenerations(runners: RunnerState[], newCreated = minutesAgo(42)): FleetSnapshot {
  return aSnapshot({
    scaleSets: [aScaleSet()],
    runnerSets: [aRunnerSet({ name: OLD, status: { currentReplicas: runners.length } }), aRunnerSet({ name: NEW, createdAt: newCreated, runnerSpecHash: "7d4e1a2c9" })],
    runners,
  });
}

describe("runner-set-stale-generation", () => {
  it("warns when an old generation keeps idle runners for more than a few minutes", () => {
    const [hit] = run(twoGenerations([busyOld, idleOld]));
    expect(hit?.severity).toBe("warning");
    expect(hit?.title).toBe("web has 2 runner-set generations for 42 min (2 old runner(s), 1 idle)");
    expect(hit?.evidence[1]).toMatchObject({ source: `EphemeralRunnerSet arc-runners/${OLD}`, excerpt: "runner-spec-hash: 5c9f8d7b6, replicas: 2" });
    expect(hit?.evidence.some((e) => e.observation.includes("Idle runner of the old generation") && e.source.endsWith(idleOld.name))).toBe(true);
    expect(hit?.runbook.at(-1)?.command).toBe(`kubectl --context prod-eu -n arc-runners delete ephemeralrunner ${idleOld.name}`);
  });

  it("is only info while every old runner is busy (a normal drain)", () => {
    const [hit] = run(twoGenerations([busyOld]));
    expect(hit?.severity).toBe("info");
    expect(hit?.explanation).toContain("normal drain");
  });

  it("stays silent for one generation, a fresh rollover, or an emptied old set", () => {
    expect(run(aSnapshot({ scaleSets: [aScaleSet()], runnerSets: [aRunnerSet()], runners: [busyOld] }))).toEqual([]);
    expect(run(twoGenerations([idleOld], minutesAgo(2)))).toEqual([]);
    expect(run(twoGenerations([]))).toEqual([]);
  });

  it("falls back to the ERS counters when runners are not readable", () => {
    const hits = run(withUnavailable(twoGenerations([busyOld, idleOld]), "runners"));
    expect(hits[0]?.confidence).toBe("medium");
    expect(hits[0]?.title).toBe("web has 2 runner-set generations for 42 min (2 old runner(s))");
  });
});
