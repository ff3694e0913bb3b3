/** Kubeconfig YAML that points kubectl and client-node at a simulated API server. */

/** Kubeconfig for a plain-HTTP simulated server (client-node needs insecure-skip-tls-verify for http). */
export function kubeconfigFor(url: string, namespace = "default"): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: sim",
    "  cluster:",
    `    server: ${url}`,
    "    insecure-skip-tls-verify: true",
    "users:",
    "- name: sim",
    "  user: {}",
    "contexts:",
    "- name: sim",
    "  context:",
    "    cluster: sim",
    "    user: sim",
    `    namespace: ${namespace}`,
    "current-context: sim",
    "",
  ].join("\n");
}
