/** Parent side of bench/kube-fleet-server.ts: spawns it, waits until it serves the fleet, and asks it to churn. */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { FleetShape } from "./fleet";
import type { LifeMarks } from "./kube-fleet";
import type { FromChild, ToChild } from "./kube-fleet-server";

export interface FleetApi {
  kubeconfigPath: string;
  clusters: { name: string; url: string }[];
  objects: number;
  churn(ratePerSec: number, durationMs: number): Promise<{ changes: number; wallMs: number; marks: LifeMarks[] }>;
  stop(): Promise<void>;
}

export async function startFleetApi(shape: FleetShape, seed = 1): Promise<FleetApi> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, "kube-fleet-server.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_FLEET: JSON.stringify({ shape, seed }) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<FromChild>((resolve, reject) => {
      const onMsg = (m: unknown) => {
        cleanup();
        resolve(m as FromChild);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`fleet API process exited (${code})`));
      };
      const cleanup = () => {
        child.off("message", onMsg);
        child.off("exit", onExit);
      };
      child.on("message", onMsg);
      child.on("exit", onExit);
    });
  const ready = await next();
  if (ready.type !== "ready") {
    child.kill();
    throw new Error(`fleet API process failed: ${ready.type === "error" ? ready.message : ready.type}`);
  }
  const send = (m: ToChild) => child.send(m);
  return {
    kubeconfigPath: ready.kubeconfigPath,
    clusters: ready.clusters,
    objects: ready.objects,
    async churn(ratePerSec, durationMs) {
      const p = next();
      send({ type: "churn", ratePerSec, durationMs });
      const m = await p;
      if (m.type !== "churned") throw new Error(`churn failed: ${m.type === "error" ? m.message : m.type}`);
      return m;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      send({ type: "stop" });
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
