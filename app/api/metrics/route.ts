import { connection } from "next/server";
import { getMetrics, renderMetrics } from "@/lib/metrics";
import { getFleetOverview } from "@/lib/services/fleet-overview";
import { getStore } from "@/lib/store";

/**
 * Prometheus scrape endpoint (text exposition 0.0.4). Fleet gauges are rebuilt from the overview on every scrape.
 * When the store cannot be read the scrape fails (503), so Prometheus' own `up` turns 0 rather than every
 * Runnerscope series silently vanishing.
 */
export async function GET() {
  await connection();
  try {
    const overview = await getFleetOverview(await getStore(), { now: new Date() });
    const body = await renderMetrics(overview, getMetrics());
    return new Response(body, { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" } });
  } catch (e) {
    console.error("metrics scrape failed:", e instanceof Error ? e.message : e);
    return new Response("# store unavailable\n", { status: 503, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
}
