import { verify } from "@octokit/webhooks-methods";
import type { GitHubJob } from "@/lib/model";
import { toGitHubJob } from "./to-github";

export const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

export type WebhookOutcome =
  | { status: 401; reason: string }
  | { status: 413; reason: string }
  | { status: 400; reason: string }
  | { status: 503; reason: string }
  | { status: 202; ignored: string }
  | { status: 200; job: GitHubJob };

/**
 * Verifies and interprets one GitHub webhook delivery. Nothing is returned to record unless the
 * `X-Hub-Signature-256` HMAC verifies against the configured secret.
 */
export async function interpretWebhook(req: { body: string; signature: string | null; event: string | null; secret: string | undefined }): Promise<WebhookOutcome> {
  if (!req.secret) return { status: 503, reason: "webhooks are not configured (GITHUB_WEBHOOK_SECRET is unset)" };
  if (Buffer.byteLength(req.body) > MAX_WEBHOOK_BYTES) return { status: 413, reason: "payload too large" };
  if (!req.signature || !req.signature.startsWith("sha256=")) return { status: 401, reason: "missing X-Hub-Signature-256" };
  let ok = false;
  try {
    ok = await verify(req.secret, req.body, req.signature);
  } catch {
    ok = false;
  }
  if (!ok) return { status: 401, reason: "signature does not match" };
  if (req.event !== "workflow_job") return { status: 202, ignored: `event ${req.event ?? "(none)"} ignored` };
  let payload: unknown;
  try {
    payload = JSON.parse(req.body);
  } catch {
    return { status: 400, reason: "body is not JSON" };
  }
  const p = typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {};
  const repo = typeof p.repository === "object" && p.repository !== null ? (p.repository as Record<string, unknown>).full_name : undefined;
  if (typeof repo !== "string") return { status: 400, reason: "workflow_job without repository.full_name" };
  const job = toGitHubJob(p.workflow_job, repo);
  if (!job) return { status: 400, reason: "workflow_job payload is incomplete" };
  return { status: 200, job };
}
