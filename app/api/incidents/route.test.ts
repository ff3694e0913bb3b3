import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeStore, getStore } from "@/lib/store";
import { health, scaleSet } from "@/lib/store/testing/fixtures";
import { POST } from "./route";
import { DELETE, GET } from "./[id]/route";
import { GET as getScaleSet } from "../scale-sets/[cluster]/[namespace]/[name]/route";
import { GET as getFleet } from "../fleet/route";
import { GET as getFindings } from "../findings/route";
import { GET as getRunner } from "../runners/[cluster]/[namespace]/[name]/route";
import { GET as getSources } from "../sources/route";

// `connection()` needs Next's request scope; outside a server it is only a prerender hint, so it is a no-op here.
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), connection: async () => {} }));

const params = <T>(p: T) => ({ params: Promise.resolve(p) });
const post = (body: unknown) => POST(new Request("http://127.0.0.1/api/incidents", { method: "POST", body: JSON.stringify(body) }));

beforeAll(async () => {
  process.env.RUNNERSCOPE_DATA_DIR = "memory://";
  delete process.env.DATABASE_URL;
  const store = await getStore();
  await store.upsertScaleSets([scaleSet({ name: "web" })]);
  await store.upsertSourceHealth([health()]);
});

afterAll(async () => {
  await closeStore();
});

describe("incident routes", () => {
  it("creates a link, serves the frozen view, and answers 410 once revoked", async () => {
    const res = await post({ title: "web stuck", scope: { scaleSets: [{ cluster: "prod-eu", namespace: "arc-runners", name: "web" }] }, window: "1h" });
    expect(res.status).toBe(201);
    const { id, url } = (await res.json()) as { id: string; url: string };
    expect(url).toBe(`/incidents/${id}`);

    const got = await GET(new Request(`http://127.0.0.1/api/incidents/${id}`), params({ id }));
    expect(got.status).toBe(200);
    expect(got.headers.get("cache-control")).toContain("no-store");
    const body = (await got.json()) as { title: string; payload: { views: { key: { name: string } }[] } };
    expect(body.title).toBe("web stuck");
    expect(body.payload.views.map((v) => v.key.name)).toEqual(["web"]);

    expect((await DELETE(new Request("http://127.0.0.1"), params({ id }))).status).toBe(204);
    const gone = await GET(new Request("http://127.0.0.1"), params({ id }));
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ error: { code: "incident_revoked" } });
    expect((await DELETE(new Request("http://127.0.0.1"), params({ id }))).status).toBe(404);
  });

  it("rejects malformed bodies with 422 and unknown scale sets with 404, as JSON errors", async () => {
    const bad = await post({ scope: { scaleSets: [] } });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_request" } });
    const notJson = await POST(new Request("http://127.0.0.1/api/incidents", { method: "POST", body: "{" }));
    expect(notJson.status).toBe(422);
    const missing = await post({ scope: { scaleSets: [{ cluster: "prod-eu", namespace: "arc-runners", name: "nope" }] } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "scale_set_not_found" } });
  });
});

describe("read routes", () => {
  it("serves the fleet overview and validates scale-set windows", async () => {
    const fleet = await getFleet();
    expect(fleet.status).toBe(200);
    expect(((await fleet.json()) as { scaleSets: unknown[] }).scaleSets).toHaveLength(1);

    const key = { cluster: "prod-eu", namespace: "arc-runners", name: "web" };
    const { NextRequest } = await import("next/server");
    const ok = await getScaleSet(new NextRequest("http://127.0.0.1/api/scale-sets/prod-eu/arc-runners/web?window=6h"), params(key));
    expect(ok.status).toBe(200);
    const view = (await ok.json()) as { window: { from: string; to: string } };
    expect(Date.parse(view.window.to) - Date.parse(view.window.from)).toBe(6 * 3_600_000);
    const bad = await getScaleSet(new NextRequest("http://127.0.0.1/api/scale-sets/prod-eu/arc-runners/web?window=forever"), params(key));
    expect(bad.status).toBe(422);
    const missing = await getScaleSet(new NextRequest("http://127.0.0.1/x"), params({ ...key, name: "nope" }));
    expect(missing.status).toBe(404);

    const findings = await getFindings(new NextRequest("http://127.0.0.1/api/findings?includeResolved=true"));
    expect(await findings.json()).toEqual({ findings: [] });
    expect((await getFindings(new NextRequest("http://127.0.0.1/api/findings?cluster=prod-eu"))).status).toBe(422);
    expect(await (await getSources()).json()).toMatchObject({ empty: false, unhealthy: [] });
    const runner = await getRunner(new Request("http://127.0.0.1"), params({ ...key, name: "web-gone-runner" }));
    expect(runner.status).toBe(404);
    expect(await runner.json()).toMatchObject({ error: { code: "runner_not_found" } });
  });
});
