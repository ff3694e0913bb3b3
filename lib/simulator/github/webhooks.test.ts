import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sign, verify } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimJob, SimRepo } from "./types";
import { sendWorkflowJobWebhook, signPayload } from "./webhooks";

const SECRET = "It's a Secret to Everybody";

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const deliveries: Delivery[] = [];
let receiver: Server;
let url: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;
});

afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

const repo: SimRepo = { owner: "acme", name: "web", private: true };
const job: SimJob = {
  id: 30433642,
  runId: 29679449,
  repo: "acme/web",
  name: "build",
  workflowName: "CI",
  status: "completed",
  conclusion: "failure",
  labels: ["arc-linux"],
  createdAt: "2026-11-22T10:00:00Z",
  startedAt: "2026-11-22T10:00:10Z",
  completedAt: "2026-11-22T10:03:00Z",
  runnerId: 17,
  runnerName: "arc-linux-abcde-runner-x1",
  runnerGroupId: 2,
  runnerGroupName: "arc",
};

describe("webhook signing", () => {
  it("matches @octokit/webhooks-methods sign() and passes verify()", async () => {
    const body = JSON.stringify({ hello: "world", n: 1 });
    const ours = signPayload(SECRET, body);
    expect(ours).toBe(await sign(SECRET, body));
    expect(await verify(SECRET, body, ours)).toBe(true);
    expect(await verify("other secret", body, ours)).toBe(false);
  });
});

describe("sendWorkflowJobWebhook", () => {
  it("POSTs a signed workflow_job delivery in GitHub's shape", async () => {
    const status = await sendWorkflowJobWebhook({ url, secret: SECRET, action: "completed", job, repo, deliveryId: "d-1" });
    expect(status).toBe(202);
    const got = deliveries.at(-1)!;
    expect(got.headers["x-github-event"]).toBe("workflow_job");
    expect(got.headers["x-github-delivery"]).toBe("d-1");
    expect(got.headers["content-type"]).toBe("application/json");
    expect(await verify(SECRET, got.body, String(got.headers["x-hub-signature-256"]))).toBe(true);

    const payload: unknown = JSON.parse(got.body);
    expect(payload).toMatchObject({
      action: "completed",
      workflow_job: {
        id: 30433642,
        run_id: 29679449,
        run_attempt: 1,
        workflow_name: "CI",
        status: "completed",
        conclusion: "failure",
        labels: ["arc-linux"],
        runner_name: "arc-linux-abcde-runner-x1",
        runner_group_name: "arc",
        completed_at: "2026-11-22T10:03:00Z",
      },
      repository: { name: "web", full_name: "acme/web", owner: { login: "acme" }, private: true },
      organization: { login: "acme" },
      sender: { login: expect.any(String) },
    });
  });

  it("reports the action as the status, without a conclusion, and a stable delivery id", async () => {
    const queued: SimJob = { ...job, status: "queued", conclusion: null, runnerName: undefined, runnerId: undefined };
    await sendWorkflowJobWebhook({ url, secret: SECRET, action: "queued", job: queued, repo });
    await sendWorkflowJobWebhook({ url, secret: SECRET, action: "queued", job: queued, repo });
    const [a, b] = deliveries.slice(-2);
    expect(a!.headers["x-github-delivery"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(b!.headers["x-github-delivery"]).toBe(a!.headers["x-github-delivery"]);
    expect(JSON.parse(a!.body)).toMatchObject({ action: "queued", workflow_job: { status: "queued", conclusion: null, runner_name: null, runner_id: null } });
  });
});
