/**
 * Kubeconfig for the simulated clusters: one context per cluster, plain HTTP servers
 * (client-node needs `insecure-skip-tls-verify: true` for them), current-context = first cluster.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { stringify } from "yaml";

export interface KubeconfigCluster {
  name: string;
  url: string;
}

export function kubeconfigYaml(clusters: readonly KubeconfigCluster[]): string {
  const doc = {
    apiVersion: "v1",
    kind: "Config",
    clusters: clusters.map((c) => ({ name: c.name, cluster: { server: c.url, "insecure-skip-tls-verify": true } })),
    users: clusters.map((c) => ({ name: c.name, user: {} })),
    contexts: clusters.map((c) => ({ name: c.name, context: { cluster: c.name, user: c.name, namespace: "arc-runners" } })),
    "current-context": clusters[0]?.name ?? "",
    preferences: {},
  };
  return stringify(doc);
}

/** Writes the kubeconfig (mode 0600, like kubectl) and returns its YAML. */
export async function writeKubeconfig(path: string, clusters: readonly KubeconfigCluster[]): Promise<string> {
  const yaml = kubeconfigYaml(clusters);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, yaml, { mode: 0o600 });
  return yaml;
}
