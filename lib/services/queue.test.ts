import { describe, expect, it } from "vitest";
import { job, scaleSet } from "@/lib/store/testing/fixtures";
import { jobMatcher, percentile, queuedAt } from "./queue";

describe("jobMatcher", () => {
  it("matches runs-on labels case-insensitively and ignores the implicit self-hosted", () => {
    const m = jobMatcher(scaleSet({ runnerScaleSetName: "linux-x64", extraLabels: ["GPU"] }));
    expect(m(job({ labels: ["self-hosted", "Linux-X64"] }))).toBe(true);
    expect(m(job({ labels: ["linux-x64", "gpu"] }))).toBe(true);
    expect(m(job({ labels: ["linux-x64", "arm64"] }))).toBe(false);
    expect(m(job({ labels: ["self-hosted"] }))).toBe(false);
  });

  it("only takes jobs from repositories under the set's GitHub config URL", () => {
    const org = jobMatcher(scaleSet({ githubConfigUrl: "https://github.com/acme" }));
    expect(org(job({ repository: "acme/shop" }))).toBe(true);
    expect(org(job({ repository: "acme-labs/shop" }))).toBe(false);
    const repo = jobMatcher(scaleSet({ githubConfigUrl: "https://github.com/acme/shop/" }));
    expect(repo(job({ repository: "Acme/Shop" }))).toBe(true);
    expect(repo(job({ repository: "acme/api" }))).toBe(false);
    const ent = jobMatcher(scaleSet({ githubConfigUrl: "https://ghe.example.com/enterprises/big" }));
    expect(ent(job({ repository: "any/thing" }))).toBe(true);
  });
});

describe("queuedAt", () => {
  const t = (iso: string) => Date.parse(iso);
  it("counts a job from creation until it starts or is cancelled", () => {
    const started = job({ status: "completed", createdAt: "2026-11-22T10:00:00Z", startedAt: "2026-11-22T10:05:00Z", completedAt: "2026-11-22T10:09:00Z" });
    expect(queuedAt(started, t("2026-11-22T09:59:59Z"))).toBe(false);
    expect(queuedAt(started, t("2026-11-22T10:04:59Z"))).toBe(true);
    expect(queuedAt(started, t("2026-11-22T10:05:00Z"))).toBe(false);
    const cancelled = job({ status: "completed", conclusion: "cancelled", createdAt: "2026-11-22T10:00:00Z", completedAt: "2026-11-22T10:02:00Z" });
    expect(queuedAt(cancelled, t("2026-11-22T10:01:00Z"))).toBe(true);
    expect(queuedAt(cancelled, t("2026-11-22T10:03:00Z"))).toBe(false);
    expect(queuedAt(job({ status: "queued", createdAt: "2026-11-22T10:00:00Z" }), t("2026-11-22T12:00:00Z"))).toBe(true);
  });
});

describe("percentile", () => {
  it("uses the nearest rank and is undefined without data", () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([percentile(xs, 50), percentile(xs, 90), percentile(xs, 99)]).toEqual([5, 9, 10]);
    expect(percentile([], 50)).toBeUndefined();
  });
});
