import { hostname } from "node:os";
import { KubeConfig } from "@kubernetes/client-node";
import { startLeaderElection } from "@/lib/leader";
import { installSignalHandlers, onShutdown } from "@/lib/lifecycle";
import { closeAllStreams } from "@/lib/live/sse";
import { closeStore, getStore, runRetention } from "@/lib/store";
import { loadCollectorConfig } from "./config";
import { startCollectorOnce, stopCollector } from "./runtime";

const RETENTION_EVERY_MS = 3_600_000;

/**
 * Starts the process-wide collector from the environment (called by instrumentation.ts on the Node.js runtime).
 * With `RUNNERSCOPE_LEADER_ELECTION=true` (several replicas sharing PostgreSQL) only the holder of a
 * coordination.k8s.io Lease collects; every replica serves. Never throws: the UI and paste diagnosis must come
 * up even when the collector cannot start.
 */
export async function startInProcess(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // ordered shutdown: stop collecting (flushes buffered writes), close SSE streams, then the store
  onShutdown("collector", stopCollector, 10);
  onShutdown("sse-streams", () => closeAllStreams(), 30);
  onShutdown("store", closeStore, 90);
  if (process.env.NEXT_MANUAL_SIG_HANDLE === "true") installSignalHandlers();

  try {
    const store = await getStore();
    const config = loadCollectorConfig();
    const start = async () => {
      await startCollectorOnce({ store, config });
    };
    if (process.env.RUNNERSCOPE_LEADER_ELECTION === "true") {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromDefault();
      const election = startLeaderElection({
        kubeConfig,
        namespace: process.env.POD_NAMESPACE ?? "runnerscope",
        identity: process.env.POD_NAME ?? hostname(),
        onStartedLeading: start,
        onStoppedLeading: stopCollector,
      });
      onShutdown("leader-election", () => election.stop({ release: true }), 5);
    } else {
      await start();
    }
    // retention keeps history bounded; idempotent, so every replica may run it
    const retention = setInterval(() => void runRetention(store, new Date()).catch((e: unknown) => console.error("runnerscope: retention failed:", e)), RETENTION_EVERY_MS);
    retention.unref();
  } catch (err) {
    console.error("runnerscope: collector failed to start:", err instanceof Error ? err.message : err);
  }
}
