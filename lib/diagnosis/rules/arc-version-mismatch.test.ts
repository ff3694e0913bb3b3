import { describe, expect, it } from "vitest";
import { NOW, aClusterInfo, aLog, aScaleSet, aSnapshot, minutesAgo } from "../testing/builders";
import { rule } from "./arc-version-mismatch";
import type { FleetSnapshot } from "@/lib/model";

const run = (s: FleetSnapshot) => rule.evaluate(s, { now: NOW });
const deleted = (m: number) =>
  aLog({
    origin: "controller",
    logger: "AutoscalingRunnerSet",
    message: "Autoscaling runner set version doesn't match the build version. Deleting the resource.",
    fields: { autoscalingrunnerset: "arc-runners/web", version: "0.14.2", buildVersion: "0.14.2", autoscalingRunnerSetVersion: "0.13.1" },
    time: minutesAgo(m),
  });

describe("arc-version-mismatch", () => {
  it("fires on the controller's deletion log even after the scale set is gone", () => {
    const [hit, ...rest] = run(aSnapshot({ scaleSets: [], logs: [deleted(9), deleted(2)] }));
    expect(rest).toHaveLength(0);
    expect(hit?.title).toBe("web (chart 0.13.1) does not match the ARC controller 0.14.2: deleted by the controller");
    expect(hit?.subject).toEqual({ cluster: "prod-eu", namespace: "arc-runners", scaleSet: "web" });
    expect(hit?.evidence[0]?.observation).toBe("Controller deleted the scale set: version 0.13.1 ≠ build 0.14.2 (2 times in the window)");
    expect(hit?.runbook[2]?.command).toBe(
      "helm --kube-context prod-eu upgrade web oci://ghcr.io/actions/actions-runner-controller-charts/gha-runner-scale-set -n arc-runners --version 0.14.2 --reuse-values",
    );
    expect(hit?.confidence).toBe("high");
    expect(hit?.since).toBe(minutesAgo(9));
  });

  it("predicts the deletion from the version labels (medium confidence)", () => {
    const [hit] = run(aSnapshot({ scaleSets: [aScaleSet({ version: "0.13.1" })] }));
    expect(hit?.confidence).toBe("medium");
    expect(hit?.title).toBe("web (chart 0.13.1) does not match the ARC controller 0.14.2");
  });

  it("stays silent for patch-level differences on 0.12+", () => {
    expect(run(aSnapshot({ scaleSets: [aScaleSet({ version: "0.14.1" })] }))).toEqual([]);
  });

  it("applies the pre-0.12 exact-match gate", () => {
    expect(run(aSnapshot({ clusters: [aClusterInfo({ controllerVersion: "0.11.0" })], scaleSets: [aScaleSet({ version: "0.11.1" })] }))).toHaveLength(1);
    const withVersions = (controllerVersion: string, version: string) => run(aSnapshot({ clusters: [aClusterInfo({ controllerVersion })], scaleSets: [aScaleSet({ version })] }));
    expect(withVersions("0.12.1", "0.12.0")).toEqual([]);
    expect(withVersions("v0.14.2", "gha-runner-scale-set-0.13.1")).toHaveLength(1);
    // An unparseable controller version is not evidence of a mismatch.
    expect(withVersions("dev", "0.14.2")).toEqual([]);
  });
});
