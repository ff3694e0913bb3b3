import { KubeConfig } from "@kubernetes/client-node";

export interface ClusterConfig {
  /** Cluster name as shown in Runnerscope = kubeconfig context name. */
  name: string;
  kc: KubeConfig;
}

/**
 * One KubeConfig per cluster: every context of the kubeconfig (optionally restricted), or the in-cluster
 * service account. client-node's Watch/Log use the *current* context, so each cluster gets its own copy.
 */
export function loadClusterConfigs(opts: { kubeconfigPath?: string; contexts?: string[]; inCluster?: boolean; inClusterName?: string }): ClusterConfig[] {
  if (opts.inCluster && !opts.kubeconfigPath) {
    const kc = new KubeConfig();
    kc.loadFromCluster();
    return [{ name: opts.inClusterName ?? "in-cluster", kc }];
  }
  const base = new KubeConfig();
  if (opts.kubeconfigPath) base.loadFromFile(opts.kubeconfigPath);
  else base.loadFromDefault();
  const wanted = opts.contexts ? new Set(opts.contexts) : undefined;
  const out: ClusterConfig[] = [];
  for (const ctx of base.getContexts()) {
    if (wanted && !wanted.has(ctx.name)) continue;
    const kc = new KubeConfig();
    kc.loadFromOptions({ clusters: base.getClusters(), users: base.getUsers(), contexts: base.getContexts(), currentContext: ctx.name });
    out.push({ name: ctx.name, kc });
  }
  if (wanted) {
    const missing = [...wanted].filter((n) => !out.some((c) => c.name === n));
    if (missing.length) throw new Error(`RUNNERSCOPE_CONTEXTS names unknown contexts: ${missing.join(", ")}`);
  }
  return out;
}
