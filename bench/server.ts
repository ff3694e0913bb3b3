/**
 * The built dashboard (`.next/standalone/server.js`, or BENCH_STANDALONE_DIR) as a child process on a free
 * loopback port, for the ui and memory benchmarks. Copies `.next/static` and `public/` beside it as
 * scripts/demo.ts does (Next leaves that to the deployer).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { waitUntil } from "./timing";

export interface BenchServer {
  url: string;
  pid: number;
  /** Resident set size of the server process (MB), from /proc. */
  rssMb(): number;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "..");

/** Where the standalone build is, or an error saying how to make one. */
export function standaloneDir(): string {
  const dir = process.env.BENCH_STANDALONE_DIR ?? path.join(root, ".next/standalone");
  if (!existsSync(path.join(dir, "server.js"))) throw new Error(`no built app at ${dir}/server.js: run \`npm run build\` first (or set BENCH_STANDALONE_DIR)`);
  return dir;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export function rssMbOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export async function startServer(env: Record<string, string>): Promise<BenchServer> {
  const dir = standaloneDir();
  const built = path.resolve(dir, "../..");
  if (!existsSync(path.join(dir, ".next/static")) && existsSync(path.join(built, ".next/static"))) cpSync(path.join(built, ".next/static"), path.join(dir, ".next/static"), { recursive: true });
  if (!existsSync(path.join(dir, "public")) && existsSync(path.join(built, "public"))) cpSync(path.join(built, "public"), path.join(dir, "public"), { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(dir, "server.js")], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...env, PORT: String(port), HOSTNAME: "127.0.0.1", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(t);
  };
  try {
    await waitUntil(
      "the built server to answer /api/health",
      async () => {
        if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
        const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
        return ok ? true : undefined;
      },
      60_000,
      200,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  const pid = child.pid ?? 0;
  return { url, pid, rssMb: () => rssMbOf(pid), stop };
}
