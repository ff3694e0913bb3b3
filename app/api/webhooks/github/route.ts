import { connection } from "next/server";
import { getStore } from "@/lib/store";
import { handleWebhookRequest } from "@/lib/sources/github/webhook-handler";

/** GitHub `workflow_job` webhooks (HMAC-verified with GITHUB_WEBHOOK_SECRET). */
export async function POST(req: Request): Promise<Response> {
  await connection();
  return handleWebhookRequest(req, { secret: process.env.GITHUB_WEBHOOK_SECRET, store: getStore });
}
