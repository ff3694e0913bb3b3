import { describe, expect, it } from "vitest";
import { health } from "@/lib/store/testing/fixtures";
import { sliceFromSources } from "./snapshot";

describe("sliceFromSources", () => {
  it("is unavailable when no source of the kind ever reported", () => {
    expect(sliceFromSources([], "GitHub is not configured")).toEqual({ available: false, reason: "GitHub is not configured" });
  });

  it("is unavailable, with every reason, when all sources are down", () => {
    const down = [
      health({ id: "k8s:a", label: "Kubernetes a", state: "unavailable", lastError: { at: "2026-11-22T12:00:00Z", message: "connection refused" } }),
      health({ id: "k8s:b", label: "Kubernetes b", state: "unavailable" }),
    ];
    expect(sliceFromSources(down, "x")).toEqual({ available: false, reason: "Kubernetes a: connection refused; Kubernetes b is unavailable" });
  });

  it("stays available on partial data and names what is missing", () => {
    const mixed = [health({ id: "k8s:a", label: "Kubernetes a" }), health({ id: "k8s:b", label: "Kubernetes b", state: "unavailable" })];
    expect(sliceFromSources(mixed, "x")).toEqual({ available: true, reason: "partial: Kubernetes b is unavailable" });
    expect(sliceFromSources([health({ state: "degraded" })], "x")).toEqual({ available: true });
  });
});
