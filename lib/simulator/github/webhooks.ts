import { createHash, createHmac } from "node:crypto";
import { PUBLIC_API, jobJson, repoJson } from "./render";
import type { SimJob, SimRepo } from "./types";

/** Delivers `workflow_job` webhooks the way GitHub does: signed JSON POSTs. */

export type WorkflowJobAction = "queued" | "in_progress" | "completed" | "waiting";

/** `X-Hub-Signature-256` value: `sha256=` + hex HMAC-SHA256 of the raw body. */
export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** UUID-shaped and derived from the event, so a seeded simulation delivers the same ids (and redeliveries repeat them, like GitHub). */
function deliveryIdFor(job: SimJob, action: WorkflowJobAction): string {
  const h = createHash("sha256").update(`${job.id}:${job.runAttempt ?? 1}:${action}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** GitHub's `workflow_job` payload. Status follows the action; conclusion only once completed. */
export function workflowJobPayload(action: WorkflowJobAction, job: SimJob, repo: SimRepo) {
  const owner = repoJson(repo).owner;
  return {
    action,
    workflow_job: {
      ...jobJson(job, undefined, PUBLIC_API),
      status: action,
      conclusion: action === "completed" ? job.conclusion : null,
    },
    repository: repoJson(repo),
    organization: { login: owner.login, id: owner.id },
    sender: { login: "runnerscope-sim", id: 1, type: "User" },
  };
}

export interface WorkflowJobWebhook {
  url: string;
  secret: string;
  action: WorkflowJobAction;
  job: SimJob;
  repo: SimRepo;
  deliveryId?: string;
}

/** POSTs one signed delivery; resolves to the receiver's status code (network errors reject). */
export async function sendWorkflowJobWebhook(opts: WorkflowJobWebhook): Promise<number> {
  const body = JSON.stringify(workflowJobPayload(opts.action, opts.job, opts.repo));
  const res = await fetch(opts.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/runnerscope-sim",
      "x-github-event": "workflow_job",
      "x-github-delivery": opts.deliveryId ?? deliveryIdFor(opts.job, opts.action),
      "x-github-hook-installation-target-type": "organization",
      "x-hub-signature-256": signPayload(opts.secret, body),
    },
    body,
  });
  await res.body?.cancel();
  return res.status;
}
