/**
 * The resource types the simulated API server knows, and the discovery documents built from
 * them (`/api`, `/api/v1`, `/apis`, `/apis/{group}/{version}`), shaped like a real apiserver's.
 */
import type { ResourceType } from "./types";

export interface ResourceInfo extends ResourceType {
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Subresources advertised in discovery, e.g. `status`, `log`, `proxy`. */
  subresources: { name: string; verbs: string[] }[];
}

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const STATUS_SUB = { name: "status", verbs: ["get", "patch", "update"] };

export const ARC_GROUP = "actions.github.com";
export const ARC_VERSION = "v1alpha1";

export const RESOURCES: readonly ResourceInfo[] = [
  {
    group: "", version: "v1", plural: "pods", kind: "Pod", singular: "pod", namespaced: true, shortNames: ["po"],
    subresources: [STATUS_SUB, { name: "log", verbs: ["get"] }, { name: "proxy", verbs: ["create", "delete", "get", "patch", "update"] }],
  },
  { group: "", version: "v1", plural: "events", kind: "Event", singular: "event", namespaced: true, shortNames: ["ev"], subresources: [] },
  { group: "", version: "v1", plural: "namespaces", kind: "Namespace", singular: "namespace", namespaced: false, shortNames: ["ns"], subresources: [STATUS_SUB] },
  { group: "", version: "v1", plural: "nodes", kind: "Node", singular: "node", namespaced: false, shortNames: ["no"], subresources: [STATUS_SUB] },
  { group: "", version: "v1", plural: "secrets", kind: "Secret", singular: "secret", namespaced: true, subresources: [] },
  { group: "", version: "v1", plural: "configmaps", kind: "ConfigMap", singular: "configmap", namespaced: true, shortNames: ["cm"], subresources: [] },
  { group: "", version: "v1", plural: "services", kind: "Service", singular: "service", namespaced: true, shortNames: ["svc"], subresources: [STATUS_SUB] },
  { group: "", version: "v1", plural: "serviceaccounts", kind: "ServiceAccount", singular: "serviceaccount", namespaced: true, shortNames: ["sa"], subresources: [] },
  {
    group: "", version: "v1", plural: "persistentvolumeclaims", kind: "PersistentVolumeClaim", singular: "persistentvolumeclaim",
    namespaced: true, shortNames: ["pvc"], subresources: [STATUS_SUB],
  },
  { group: ARC_GROUP, version: ARC_VERSION, plural: "autoscalingrunnersets", kind: "AutoscalingRunnerSet", singular: "autoscalingrunnerset", namespaced: true, subresources: [STATUS_SUB] },
  { group: ARC_GROUP, version: ARC_VERSION, plural: "ephemeralrunnersets", kind: "EphemeralRunnerSet", singular: "ephemeralrunnerset", namespaced: true, subresources: [STATUS_SUB] },
  { group: ARC_GROUP, version: ARC_VERSION, plural: "ephemeralrunners", kind: "EphemeralRunner", singular: "ephemeralrunner", namespaced: true, subresources: [STATUS_SUB] },
  { group: ARC_GROUP, version: ARC_VERSION, plural: "autoscalinglisteners", kind: "AutoscalingListener", singular: "autoscalinglistener", namespaced: true, subresources: [STATUS_SUB] },
  { group: "coordination.k8s.io", version: "v1", plural: "leases", kind: "Lease", singular: "lease", namespaced: true, subresources: [] },
];

/** `ResourceType` constants for the model and tests, so plural strings are typed once. */
export const RESOURCE = {
  pods: { group: "", version: "v1", plural: "pods" },
  events: { group: "", version: "v1", plural: "events" },
  namespaces: { group: "", version: "v1", plural: "namespaces" },
  nodes: { group: "", version: "v1", plural: "nodes" },
  secrets: { group: "", version: "v1", plural: "secrets" },
  configmaps: { group: "", version: "v1", plural: "configmaps" },
  services: { group: "", version: "v1", plural: "services" },
  serviceaccounts: { group: "", version: "v1", plural: "serviceaccounts" },
  persistentvolumeclaims: { group: "", version: "v1", plural: "persistentvolumeclaims" },
  autoscalingrunnersets: { group: ARC_GROUP, version: ARC_VERSION, plural: "autoscalingrunnersets" },
  ephemeralrunnersets: { group: ARC_GROUP, version: ARC_VERSION, plural: "ephemeralrunnersets" },
  ephemeralrunners: { group: ARC_GROUP, version: ARC_VERSION, plural: "ephemeralrunners" },
  autoscalinglisteners: { group: ARC_GROUP, version: ARC_VERSION, plural: "autoscalinglisteners" },
  leases: { group: "coordination.k8s.io", version: "v1", plural: "leases" },
} as const satisfies Record<string, ResourceType>;

export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function groupVersionOf(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `pods` or `ephemeralrunners.actions.github.com`, as apiserver messages name resources. */
export function qualifiedResource(r: ResourceType): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

export function apiVersionsDocument(serverAddress: string): unknown {
  return { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }] };
}

function groupVersions(): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const r of RESOURCES) {
    if (!r.group) continue;
    const set = groups.get(r.group) ?? new Set<string>();
    set.add(r.version);
    groups.set(r.group, set);
  }
  return groups;
}

export function apiGroupListDocument(): unknown {
  const groups = [...groupVersions()].map(([name, versions]) => {
    const vs = [...versions].map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
    return { name, versions: vs, preferredVersion: vs[0] };
  });
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

export function apiGroupDocument(group: string): unknown | undefined {
  const versions = groupVersions().get(group);
  if (!versions) return undefined;
  const vs = [...versions].map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { kind: "APIGroup", apiVersion: "v1", name: group, versions: vs, preferredVersion: vs[0] };
}

export function apiResourceListDocument(group: string, version: string): unknown | undefined {
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  const entries: unknown[] = [];
  for (const r of resources) {
    entries.push({
      name: r.plural,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ALL_VERBS,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.group === ARC_GROUP ? { categories: [] } : {}),
      storageVersionHash: "",
    });
    for (const sub of r.subresources) {
      entries.push({ name: `${r.plural}/${sub.name}`, singularName: "", namespaced: r.namespaced, kind: kindForSub(sub.name, r.kind), verbs: sub.verbs });
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${version}` : version, resources: entries };
}

function kindForSub(sub: string, kind: string): string {
  // the real apiserver reports these option kinds for pods/log and pods/proxy
  if (sub === "log") return "Pod";
  if (sub === "proxy") return "PodProxyOptions";
  return kind;
}
