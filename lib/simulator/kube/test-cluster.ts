/**
 * Test and demo helper: a stepped-clock store + logs + API server on a random loopback port,
 * with a kubeconfig (YAML and loaded `KubeConfig`) that points real clients at it.
 */
import { KubeConfig } from "@kubernetes/client-node";
import { VirtualClock } from "@/lib/simulator/clock";
import { kubeconfigFor } from "./kubeconfig";
import { createPodLogs, type PodLogStore } from "./pod-logs";
import { startKubeApiServer, type KubeApiServer } from "./server";
import { createKubeStore, type KubeStoreImpl } from "./store";
import type { KubeObject, PodProxyHandler } from "./types";

export { kubeconfigFor };

export interface TestCluster {
  clock: VirtualClock;
  store: KubeStoreImpl;
  logs: PodLogStore;
  server: KubeApiServer;
  kubeconfigYaml: string;
  kc: KubeConfig;
  close(): Promise<void>;
}

export async function startTestCluster(
  opts: { historySize?: number; bookmarkIntervalMs?: number; proxy?: PodProxyHandler; start?: Date } = {},
): Promise<TestCluster> {
  const clock = new VirtualClock({ kind: "stepped", start: opts.start ?? new Date("2026-11-22T12:00:00Z") });
  const store = createKubeStore(clock, { historySize: opts.historySize });
  const logs = createPodLogs(clock);
  const server = await startKubeApiServer({ store, logs, clock, proxy: opts.proxy, bookmarkIntervalMs: opts.bookmarkIntervalMs });
  const kubeconfigYaml = kubeconfigFor(server.url);
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml);
  return {
    clock,
    store,
    logs,
    server,
    kubeconfigYaml,
    kc,
    close: async () => {
      await server.close();
      clock.stop();
    },
  };
}

export interface PodFixture {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  containers?: { name: string; ports?: { name: string; containerPort: number }[] }[];
  phase?: string;
  nodeName?: string;
  ready?: boolean;
}

export function podFixture(p: PodFixture): KubeObject {
  const containers = p.containers ?? [{ name: "runner" }];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: p.name, namespace: p.namespace, labels: p.labels ?? {} },
    spec: { containers: containers.map((c) => ({ image: "ghcr.io/actions/actions-runner:latest", ...c })), ...(p.nodeName ? { nodeName: p.nodeName } : {}), restartPolicy: "Never" },
    status: {
      phase: p.phase ?? "Running",
      containerStatuses: containers.map((c) => ({
        name: c.name,
        ready: p.ready ?? true,
        restartCount: 0,
        state: p.phase === "Pending" ? { waiting: { reason: "ContainerCreating" } } : { running: { startedAt: "2026-11-22T12:00:00Z" } },
      })),
    },
  };
}

export function ephemeralRunnerFixture(namespace: string, name: string, labels: Record<string, string> = {}, status: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "actions.github.com/v1alpha1",
    kind: "EphemeralRunner",
    metadata: { name, namespace, labels },
    spec: { githubConfigUrl: "https://github.com/acme", runnerScaleSetId: 1 },
    status,
  };
}
