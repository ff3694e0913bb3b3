import { sql } from "drizzle-orm";
import { connection, NextResponse } from "next/server";
import { getAuthConfig } from "@/lib/auth/config";
import { checkReadiness, type Readiness } from "@/lib/lifecycle/readiness";
import { getStore } from "@/lib/store";

/**
 * Readiness: may this replica receive traffic? Yes when the store answers `select 1` within 2 s (no page can be
 * served without it) and the process is not shutting down. A not-ready pod is only taken out of the Service; it
 * is not restarted.
 *
 * Liveness (`/api/health`) is different on purpose: it answers from the process alone, never the store or a
 * cluster, because a failing liveness probe restarts the pod, and a restart cures neither a database nor an
 * API-server blip; it only adds an outage. Neither probe looks at Kubernetes or GitHub: losing those is shown in the UI.
 *
 * Invalid auth settings also make the pod not ready: every request would fail, and a rolling update with a bad
 * config then stalls while the old pods keep serving.
 */
export async function GET() {
  await connection();
  const readiness: Readiness = authConfigValid()
    ? await checkReadiness(async () => (await getStore()).db.execute(sql`select 1`))
    : { status: "not-ready", reason: "authentication settings are invalid (see the server log)" };
  return NextResponse.json(readiness, { status: readiness.status === "ready" ? 200 : 503, headers: { "cache-control": "no-store" } });
}

function authConfigValid(): boolean {
  try {
    getAuthConfig();
    return true;
  } catch {
    return false;
  }
}
