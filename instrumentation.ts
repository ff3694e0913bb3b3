/**
 * Next.js startup hook: starts the collector once per server process on the Node.js runtime.
 * `RUNNERSCOPE_COLLECTOR=off` disables it (e.g. pure paste-and-diagnose deployments).
 * The import sits inside the runtime check so the edge bundle never pulls in the Kubernetes client or PGlite.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.RUNNERSCOPE_COLLECTOR !== "off") {
    const { startInProcess } = await import("@/lib/collector/start-in-process");
    await startInProcess();
  }
}
