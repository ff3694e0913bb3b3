import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sign } from "@octokit/webhooks-methods";
import { openStore, type Store } from "@/lib/store";
import { handleWebhookRequest } from "./webhook-handler";

const SECRET = "whsec-test-1234";
let store: Store;

beforeAll(async () => {
  store = await openStore({ dir: "memory://" });
}, 60_000);
afterAll(async () => {
  await store?.close();
});

// GitHub's real workflow_job delivery shape (trimmed)
const delivery = {
  action: "queued",
  workflow_job: {
    id: 40512345678,
    run_id: 13000000001,
    run_attempt: 1,
    name: "build",
    workflow_name: "CI",
    status: "queued",
    conclusion: null,
    created_at: "2026-11-22T10:00:00Z",
    started_at: "2026-11-22T10:00:00Z",
    completed_at: null,
    labels: ["self-hosted", "web"],
    runner_id: null,
    runner_name: null,
    runner_group_id: null,
    runner_group_name: null,
    html_url: "https://github.com/acme/web/actions/runs/13000000001/job/40512345678",
    head_branch: "main",
  },
  repository: { id: 1, name: "web", full_name: "acme/web", owner: { login: "acme" }, private: true },
  organization: { login: "acme" },
  sender: { login: "octocat" },
};

async function post(body: string, headers: Record<string, string>): Promise<Response> {
  const req = new Request("http://127.0.0.1/api/webhooks/github", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  return handleWebhookRequest(req, { secret: SECRET, store: async () => store });
}

describe("GitHub webhook endpoint", () => {
  it("rejects unsigned and wrongly signed deliveries with 401 and records nothing", async () => {
    const body = JSON.stringify(delivery);
    expect((await post(body, { "x-github-event": "workflow_job" })).status).toBe(401);
    const forged = await sign("other-secret", body);
    expect((await post(body, { "x-github-event": "workflow_job", "x-hub-signature-256": forged })).status).toBe(401);
    const tampered = await sign(SECRET, body);
    expect((await post(body.replace("acme/web", "acme/evil"), { "x-github-event": "workflow_job", "x-hub-signature-256": tampered })).status).toBe(401);
    expect(await store.listGitHubJobs({})).toEqual([]);
    expect((await store.listSourceHealth()).find((h) => h.id === "webhooks")).toBeUndefined();
  });

  it("records a signed workflow_job as a GitHub job and marks webhooks healthy", async () => {
    const body = JSON.stringify(delivery);
    const res = await post(body, { "x-github-event": "workflow_job", "x-hub-signature-256": await sign(SECRET, body) });
    expect(res.status).toBe(200);
    const [job] = await store.listGitHubJobs({});
    expect(job).toMatchObject({ id: 40512345678, runId: 13000000001, repository: "acme/web", status: "queued", labels: ["self-hosted", "web"], workflowName: "CI" });
    expect((await store.listSourceHealth()).find((h) => h.id === "webhooks")?.state).toBe("ok");

    const done = { ...delivery, action: "completed", workflow_job: { ...delivery.workflow_job, status: "completed", conclusion: "success", runner_name: "web-x7k2p-runner-4tq9z", completed_at: "2026-11-22T10:05:00Z" } };
    const body2 = JSON.stringify(done);
    expect((await post(body2, { "x-github-event": "workflow_job", "x-hub-signature-256": await sign(SECRET, body2) })).status).toBe(200);
    const jobs = await store.listGitHubJobs({});
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: "completed", conclusion: "success", runnerName: "web-x7k2p-runner-4tq9z" });
  });

  it("acknowledges other signed events with 202 without recording them", async () => {
    const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
    const res = await post(body, { "x-github-event": "ping", "x-hub-signature-256": await sign(SECRET, body) });
    expect(res.status).toBe(202);
    expect(await store.listGitHubJobs({})).toHaveLength(1);
  });
});
