import { getStore } from "@/lib/store";
import { loadCollectorConfig } from "./config";
import { startCollectorOnce } from "./runtime";

/**
 * Starts the process-wide collector from the environment (called by instrumentation.ts on the Node.js runtime).
 * Never throws: the UI and paste diagnosis must come up even when the collector cannot start.
 */
export async function startInProcess(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    const store = await getStore();
    // no signal handlers here: Next owns SIGTERM/SIGINT, and a listener would change its exit behaviour
    await startCollectorOnce({ store, config: loadCollectorConfig() });
  } catch (err) {
    console.error("runnerscope: collector failed to start:", err instanceof Error ? err.message : err);
  }
}
