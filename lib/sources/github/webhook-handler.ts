import type { Store } from "@/lib/store";
import { MAX_WEBHOOK_BYTES, interpretWebhook } from "./webhook";

export const WEBHOOK_HEALTH_ID = "webhooks";

/** Reads at most `max` bytes of the body; undefined when it is larger (never buffers unbounded). */
async function readLimited(req: Request, max: number): Promise<string | undefined> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) return undefined;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const json = (status: number, body: unknown) => Response.json(body, { status });

/**
 * `POST /api/webhooks/github`: verify the HMAC, then record `workflow_job` deliveries as GitHubJob upserts.
 * Unsigned or wrongly signed deliveries get 401 and nothing is written.
 */
export async function handleWebhookRequest(req: Request, deps: { secret: string | undefined; store: () => Promise<Pick<Store, "upsertGitHubJobs" | "upsertSourceHealth">>; now?: () => Date }): Promise<Response> {
  const body = await readLimited(req, MAX_WEBHOOK_BYTES);
  if (body === undefined) return json(413, { error: { code: "payload_too_large", message: "webhook body over 5 MB" } });
  const out = await interpretWebhook({ body, signature: req.headers.get("x-hub-signature-256"), event: req.headers.get("x-github-event"), secret: deps.secret });
  switch (out.status) {
    case 200: {
      const store = await deps.store();
      const at = (deps.now?.() ?? new Date()).toISOString();
      await store.upsertGitHubJobs([out.job]);
      await store.upsertSourceHealth([{ id: WEBHOOK_HEALTH_ID, kind: "webhooks", label: "GitHub webhooks", state: "ok", lastSuccess: at, detail: `last delivery: workflow_job ${out.job.id} ${out.job.status}` }]);
      return json(200, { recorded: { job: out.job.id, status: out.job.status } });
    }
    case 202:
      return json(202, { ignored: out.ignored });
    default:
      return json(out.status, { error: { code: out.status === 401 ? "unauthorized" : out.status === 503 ? "not_configured" : "bad_request", message: out.reason } });
  }
}
