import { describe, expect, it } from "vitest";
import { groupAllowsRepo, ownerOf, scaleSetsForJob, servesLabels } from "./job-routing";

const web = { runnerScaleSetName: "web", extraLabels: [] };
const gpu = { runnerScaleSetName: "gpu", extraLabels: ["linux", "cuda"] };

describe("job routing", () => {
  it("matches a job whose runs-on is the scale-set name, ignoring self-hosted and case", () => {
    expect(servesLabels(web, ["self-hosted", "WEB"])).toBe(true);
    expect(servesLabels(web, ["self-hosted", "gpu-large"])).toBe(false);
  });

  it("needs every label; extra labels count (ARC 0.14 runnerScaleSetLabels)", () => {
    expect(servesLabels(gpu, ["gpu", "cuda"])).toBe(true);
    expect(servesLabels(gpu, ["linux", "cuda", "arm64"])).toBe(false);
  });

  it("does not match a job that only asks for self-hosted", () => {
    expect(servesLabels(web, ["self-hosted"])).toBe(false);
  });

  it("lists every scale set serving a shared label", () => {
    const a = { runnerScaleSetName: "a", extraLabels: ["shared"] };
    const b = { runnerScaleSetName: "b", extraLabels: ["shared"] };
    expect(scaleSetsForJob([a, b, web], { labels: ["shared"] })).toEqual([a, b]);
  });

  it("reads the owner from a repo or a config URL", () => {
    expect(ownerOf("acme/web")).toBe("acme");
    expect(ownerOf("https://github.com/acme/web")).toBe("acme");
    expect(ownerOf("https://github.com/acme")).toBe("acme");
  });

  it("applies runner-group repository access", () => {
    const selected = { id: 2, org: "acme", name: "restricted", visibility: "selected" as const, default: false, repositories: ["acme/api"] };
    expect(groupAllowsRepo(selected, "acme/api")).toBe(true);
    expect(groupAllowsRepo(selected, "acme/web")).toBe(false);
    expect(groupAllowsRepo(undefined, "acme/web")).toBeUndefined();
  });
});
