import { describe, expect, it } from "vitest";
import { aLog, aPod, aRunnerLife, anEvent, runnerName } from "../testing/builders";
import { groupLives, logRunner, logScaleSet, scaleSetFromRunnerName, scaleSetOf } from "./group";
import { getRunnersCmd, kubectl, logsCmd } from "./kubectl";
import { formatDuration, median, secondsBetween } from "./time";
import { logEvidence } from "./evidence";
import { hasJob, isQuickNoJobExit, runsRunSh } from "./lives";

describe("group", () => {
  it("derives the scale set from ARC runner and workflow pod names", () => {
    expect(scaleSetFromRunnerName("web-x7k2p-runner-abcde")).toBe("web");
    expect(scaleSetFromRunnerName("my-big-set-x7k2p-runner-abcde-workflow")).toBe("my-big-set");
    expect(scaleSetFromRunnerName("web-754b578d-listener")).toBeUndefined();
  });
  it("attributes controller, runner and listener log lines to their scale set", () => {
    expect(logScaleSet(aLog({ fields: { ephemeralrunner: "arc-runners/web-x7k2p-runner-abcde" } }))).toEqual({ cluster: "prod-eu", namespace: "arc-runners", name: "web" });
    expect(logScaleSet(aLog({ origin: "runner", message: "Listening for Jobs" }))?.name).toBe("web");
    expect(logScaleSet(aLog({ origin: "listener", message: "Getting next message" }))).toEqual({ cluster: "prod-eu", name: "web" });
    expect(logRunner(aLog({ fields: { ephemeralrunner: "arc-runners/web-x7k2p-runner-abcde" } }))).toBe("web-x7k2p-runner-abcde");
  });
  it("uses the scale-set-namespace label for listener pods and groups lives", () => {
    expect(scaleSetOf(aPod({ role: "listener", namespace: "arc-systems", labels: { "actions.github.com/scale-set-name": "web", "actions.github.com/scale-set-namespace": "arc-runners" }, scaleSet: undefined }))).toEqual({ cluster: "prod-eu", namespace: "arc-runners", name: "web" });
    expect(scaleSetOf(anEvent({ involvedName: runnerName(1) }))?.name).toBe("web");
    const groups = groupLives([aRunnerLife(), aRunnerLife({ name: runnerName(1) }), aRunnerLife({ scaleSet: "api", name: "api-aaaaa-runner-bbbbb" })]);
    expect([...groups.values()].map((g) => [g.ref.name, g.items.length])).toEqual([["web", 2], ["api", 1]]);
  });
});

describe("kubectl", () => {
  it("fills context and namespace, and degrades when they are unknown", () => {
    expect(getRunnersCmd({ cluster: "prod-eu", namespace: "arc-runners" }, "web")).toBe(
      "kubectl --context prod-eu -n arc-runners get ephemeralrunners -l actions.github.com/scale-set-name=web",
    );
    expect(kubectl({}, "get pods")).toBe("kubectl -n <namespace> get pods");
    expect(logsCmd({ namespace: "arc-systems" }, "web-754b578d-listener", { previous: true })).toBe("kubectl -n arc-systems logs web-754b578d-listener --previous");
  });
});

describe("time and evidence", () => {
  it("computes durations and medians", () => {
    expect(secondsBetween("2026-05-30T12:00:00Z", "2026-05-30T12:00:01.500Z")).toBe(1.5);
    expect(secondsBetween(undefined, "2026-05-30T12:00:00Z")).toBeUndefined();
    expect(median([5, 1, 3, 100])).toBe(4);
    expect(formatDuration(1.24)).toBe("1.2 s");
    expect(formatDuration(300)).toBe("5 min");
  });
  it("builds log evidence naming the pod and quoting the line", () => {
    const e = logEvidence(aLog({ origin: "runner", message: "Not configured. Run config.(sh/cmd) to configure the runner." }), "runner says it is not configured");
    expect(e.source).toBe("runner log (arc-runners/web-x7k2p-runner-" + runnerName(0).split("-").pop() + ")");
    expect(e.excerpt).toContain("Not configured");
  });
});

describe("lives", () => {
  it("recognises run.sh via command or via args when command is unset", () => {
    expect(runsRunSh(["/home/runner/run.sh"])).toBe(true);
    expect(runsRunSh(undefined, ["/home/runner/run.sh"])).toBe(true);
    expect(runsRunSh(["/bin/bash"], ["/home/runner/run.sh"])).toBe(false);
    expect(runsRunSh(undefined)).toBe(false);
    expect(hasJob({ jobRequestId: 0 })).toBe(false);
    expect(hasJob({ jobRequestId: 77 })).toBe(true);
    expect(isQuickNoJobExit(aRunnerLife(), 5)).toBe(false);
  });
});
