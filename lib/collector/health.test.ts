import { describe, expect, it } from "vitest";
import { HealthRegistry } from "./health";

const at = (s: number) => new Date(Date.parse("2026-11-22T10:00:00Z") + s * 1000).toISOString();

describe("source health registry", () => {
  it("degrades a cluster when one namespace is forbidden and names it; the rest stays ok", () => {
    const h = new HealthRegistry();
    h.register({ id: "k8s:east", kind: "kubernetes", label: "Kubernetes API east" });
    h.success("k8s:east", "ephemeralrunners@arc-runners", at(0));
    h.failure("k8s:east", "ephemeralrunners@team-b", at(1), "forbidden: cannot list/watch ephemeralrunners in namespace team-b");
    expect(h.get("k8s:east")).toMatchObject({ state: "degraded", lastSuccess: at(0), lastError: { at: at(1), message: expect.stringContaining("namespace team-b") } });
  });

  it("is unavailable when every part fails and ok again once they recover", () => {
    const h = new HealthRegistry();
    const changes: string[] = [];
    h.onChange((x) => changes.push(x.state));
    h.register({ id: "k8s:west", kind: "kubernetes", label: "west" });
    h.failure("k8s:west", "pods@*", at(0), "HTTP 500");
    expect(h.get("k8s:west")?.state).toBe("unavailable");
    h.success("k8s:west", "pods@*", at(5));
    expect(h.get("k8s:west")?.state).toBe("ok");
    expect(changes).toEqual(["unavailable", "ok"]);
  });

  it("a forced state (bad credentials) holds until the next success", () => {
    const h = new HealthRegistry();
    h.register({ id: "github", kind: "github", label: "GitHub" });
    h.force("github", "unavailable", "bad credentials (HTTP 401)", at(0));
    h.setDetail("github", "budget 10/5000");
    expect(h.get("github")).toMatchObject({ state: "unavailable", detail: "budget 10/5000", lastError: { message: "bad credentials (HTTP 401)" } });
    h.success("github", "poll", at(1));
    expect(h.get("github")?.state).toBe("ok");
  });
});
