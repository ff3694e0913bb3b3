import { describe, expect, it } from "vitest";
import { rule } from "./runner-command-dropped";
import { NOW, aContainerSpec, aNoJobExitLife, aRunnerLife, aScaleSet, aSnapshot, runnerName } from "../testing/builders";

const dropped = aScaleSet({ runnerContainer: aContainerSpec({ command: undefined }) });

describe("runner-command-dropped", () => {
  it("fires on the seed-002 shape: template without command, runners exit 0 in ~1.5 s with no job", () => {
    const lives = [0, 1, 2, 3].map((i) => aNoJobExitLife(i, { command: undefined }));
    const hits = rule.evaluate(aSnapshot({ scaleSets: [dropped], runnerHistory: lives }), { now: NOW });
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    expect(hit.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit.severity).toBe("critical");
    expect(hit.confidence).toBe("high");
    expect(hit.evidence[0]?.observation).toContain("no command (image default CMD)");
    expect(hit.evidence[1]?.observation).toBe("4 of 4 runner lives in the window exited 0 without a job in under 5 s");
    expect(hit.evidence[2]?.source).toBe(`EphemeralRunner arc-runners/${runnerName(0)}`);
    expect(hit.runbook[0]?.command).toBe(
      `kubectl --context prod-eu -n arc-runners get autoscalingrunnerset web -o jsonpath='{.spec.template.spec.containers[?(@.name=="runner")].command}'`,
    );
    expect(hit.differential).toContain("Not configured");
  });

  it("stays silent on a healthy set whose runners start run.sh and take jobs", () => {
    const lives = [0, 1, 2].map((i) => aRunnerLife({ name: runnerName(i) }));
    expect(rule.evaluate(aSnapshot({ scaleSets: [aScaleSet()], runnerHistory: lives }), { now: NOW })).toEqual([]);
  });

  it("does not flag a custom image whose default CMD starts the runner and takes jobs", () => {
    const lives = [0, 1].map((i) => aRunnerLife({ name: runnerName(i), command: undefined, image: "registry.acme.io/runner:2" }));
    expect(rule.evaluate(aSnapshot({ scaleSets: [dropped], runnerHistory: lives }), { now: NOW })).toEqual([]);
  });

  it("warns about a dropped command before any runner has started (no history yet)", () => {
    const [hit] = rule.evaluate(aSnapshot({ scaleSets: [dropped] }), { now: NOW });
    expect(hit?.severity).toBe("warning");
    expect(hit?.title).toBe("Runner container command dropped from the scale set template");
  });

  it("works from runner history alone (pasted data: no cluster, no scale set spec)", () => {
    const lives = [0, 1, 2].map((i) => aNoJobExitLife(i, { command: ["/bin/bash"], cluster: "" }));
    const [hit] = rule.evaluate(aSnapshot({ runnerHistory: lives }), { now: NOW });
    expect(hit?.subject).toEqual({ namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.runbook[0]?.command).toMatch(/^kubectl -n arc-runners get autoscalingrunnerset web/);
  });
});
