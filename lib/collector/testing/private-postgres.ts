/**
 * A private, throw-away PostgreSQL server for tests that must disturb the database (restart it, kill it) without
 * touching the shared one other tests use: initdb into a temp dir, start on a free loopback port, stop and delete.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PrivatePostgres {
  url: string;
  port: number;
  /**
   * `pg_ctl stop -m fast` (every connection is cut), `downMs` with no server, then start again; resolves when the
   * server accepts connections. Async so the code under test keeps running (and failing) meanwhile.
   */
  restart(downMs: number): Promise<void>;
  stop(): void;
}

/** bin directory of the newest installed PostgreSQL with initdb, or undefined. */
export function findPostgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], "bin");
  }
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    return existsSync(join(dir, "initdb")) ? dir : undefined;
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), "runnerscope-pg-"));
  const data = join(dir, "data");
  // initdb refuses to run as root: run the server as the postgres user then
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args], { stdio: "pipe" }) : execFileSync(join(bin, cmd), args, { stdio: "pipe" });
  const runAsync = (cmd: string, args: string[]) =>
    asRoot ? promisify(execFile)("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args]) : promisify(execFile)(join(bin, cmd), args);
  const port = await freePort();
  run("initdb", ["-D", data, "-A", "trust", "-U", "runnerscope", "--no-sync", "-E", "UTF8"]);
  const ctlArgs = (...args: string[]) => ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", ...args];
  const pgctl = (...args: string[]) => run("pg_ctl", ctlArgs(...args));
  const options = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off`;
  pgctl("-o", options, "start");
  let stopped = false;
  return {
    url: `postgres://runnerscope@127.0.0.1:${port}/postgres`,
    port,
    async restart(downMs) {
      await runAsync("pg_ctl", ctlArgs("-m", "fast", "stop"));
      await new Promise((r) => setTimeout(r, downMs));
      await runAsync("pg_ctl", ctlArgs("-o", options, "start"));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        pgctl("-m", "immediate", "stop");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
