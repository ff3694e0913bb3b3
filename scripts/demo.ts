/**
 * `npm run demo`: builds the dashboard and starts it.
 * With nothing configured (no KUBECONFIG, no GITHUB_TOKEN) it first starts the simulated ARC fleet
 * (lib/simulator) and points the dashboard at it through a generated kubeconfig and GitHub base URL,
 * so the dashboard runs the same client code over real HTTP as it would against a real cluster.
 *
 * Flags: --port N (3000), --data-dir DIR (.data/demo), --fresh (wipe DIR), --no-build, --live (never simulate),
 *        --control-port N (loopback control API for tests: restart the dashboard, trigger scenario changes).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { startSimulation, type Simulation } from "@/lib/simulator";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "3000" },
    "data-dir": { type: "string", default: ".data/demo" },
    fresh: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    live: { type: "boolean", default: false },
    "control-port": { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
  },
});

const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.resolve(root, args["data-dir"]);
const port = Number(args.port);
const simulate = !args.live && !process.env.KUBECONFIG && !process.env.GITHUB_TOKEN && !process.env.KUBERNETES_SERVICE_HOST;

function build(): void {
  console.log("demo: building the dashboard (next build)…");
  const res = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (res.status !== 0) throw new Error("next build failed");
}

/** The standalone server needs public/ and .next/static beside it (Next leaves copying them to us). */
function prepareStandalone(): string {
  const standalone = path.join(root, ".next/standalone");
  const server = path.join(standalone, "server.js");
  if (!existsSync(server)) throw new Error("no .next/standalone/server.js — run without --no-build");
  cpSync(path.join(root, ".next/static"), path.join(standalone, ".next/static"), { recursive: true });
  if (existsSync(path.join(root, "public"))) cpSync(path.join(root, "public"), path.join(standalone, "public"), { recursive: true });
  return server;
}

let dashboard: ChildProcess | undefined;
let sim: Simulation | undefined;
let stopping = false;

function startDashboard(server: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [server], {
    cwd: path.dirname(server),
    stdio: "inherit",
    env: { ...process.env, ...env, PORT: String(port), HOSTNAME: args.host, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  child.on("exit", (code, signal) => {
    if (!stopping && child === dashboard) {
      console.error(`demo: dashboard exited (${code ?? signal})`);
      void shutdown(1);
    }
  });
  return child;
}

async function stopDashboard(): Promise<void> {
  const child = dashboard;
  dashboard = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stopDashboard();
  await sim?.stop();
  process.exit(code);
}

async function main(): Promise<void> {
  if (args.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  if (!args["no-build"]) build();
  const server = prepareStandalone();

  const env: Record<string, string> = {
    RUNNERSCOPE_DATA_DIR: path.join(dataDir, "pglite"),
    RUNNERSCOPE_MIGRATIONS_DIR: path.join(root, "drizzle"),
    // Runnerscope's own shutdown hooks flush writes and close SSE streams before the process exits
    NEXT_MANUAL_SIG_HANDLE: "true",
  };
  if (simulate) {
    const webhookSecret = "runnerscope-demo-webhook-secret";
    sim = await startSimulation({
      kubeconfigPath: path.join(dataDir, "sim", "kubeconfig.yaml"),
      webhook: { url: `http://127.0.0.1:${port}/api/webhooks/github`, secret: webhookSecret },
    });
    Object.assign(env, {
      KUBECONFIG: sim.kubeconfigPath,
      GITHUB_API_URL: sim.github.url,
      GITHUB_TOKEN: sim.github.token,
      GITHUB_ORGS: sim.github.orgs.join(","),
      GITHUB_WEBHOOK_SECRET: webhookSecret,
      RUNNERSCOPE_SIMULATED: "1",
    });
    console.log(`demo: simulated ARC fleet: ${sim.clusters.map((c) => `${c.name} (ARC ${c.arc}) ${c.url}`).join(", ")}; GitHub ${sim.github.url}`);
    console.log(`demo: kubectl --kubeconfig ${sim.kubeconfigPath} get ephemeralrunners -A`);
  }
  dashboard = startDashboard(server, env);

  const controlPort = args["control-port"];
  if (controlPort) {
    http
      .createServer((req, res) => {
        void (async () => {
          if (req.method === "POST" && req.url === "/restart-dashboard") {
            await stopDashboard();
            dashboard = startDashboard(server, env);
            res.end("restarted");
          } else if (req.method === "POST" && req.url?.startsWith("/trigger/") && sim) {
            sim.trigger(decodeURIComponent(req.url.slice("/trigger/".length)));
            res.end("ok");
          } else {
            res.statusCode = 404;
            res.end();
          }
        })();
      })
      .listen(Number(controlPort), "127.0.0.1");
  }
  console.log(`\n  Runnerscope is starting at http://${args.host}:${port}${simulate ? "  (simulated fleet)" : ""}\n`);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
main().catch((err: unknown) => {
  console.error("demo:", err instanceof Error ? err.message : err);
  void shutdown(1);
});
