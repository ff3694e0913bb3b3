import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

/**
 * Runnerscope must stay read-only in the cluster. This reads every manifest under deploy/ and fails if any
 * Role/ClusterRole grants more than: get/list/watch on the four ARC kinds, pods and events; get on pods/log and
 * pods/proxy only in the controller namespace; leases only for leader election in its own namespace.
 */

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
}
interface RbacObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: PolicyRule[];
}

const root = path.dirname(new URL(import.meta.url).pathname);

function manifests(): RbacObject[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  walk(root);
  return files.flatMap((f) => parseAllDocuments(readFileSync(f, "utf8")).map((d) => d.toJS() as RbacObject)).filter((o) => o && typeof o.kind === "string");
}

const READ = ["get", "list", "watch"];
const ARC = ["autoscalingrunnersets", "ephemeralrunnersets", "ephemeralrunners", "autoscalinglisteners"];
const CONTROLLER_NAMESPACE = "arc-systems";

/** Every (group, resource, verb) triple a rule grants; wildcards are kept as "*" so they fail below. */
function grants(rule: PolicyRule): { group: string; resource: string; verb: string }[] {
  return (rule.apiGroups ?? [""]).flatMap((group) => (rule.resources ?? []).flatMap((resource) => (rule.verbs ?? []).map((verb) => ({ group, resource, verb }))));
}

function allowed(role: RbacObject, g: { group: string; resource: string; verb: string }): boolean {
  if (g.group === "actions.github.com") return ARC.includes(g.resource) && READ.includes(g.verb);
  if (g.group === "" && (g.resource === "pods" || g.resource === "events")) return READ.includes(g.verb);
  if (g.group === "" && (g.resource === "pods/log" || g.resource === "pods/proxy")) return role.kind === "Role" && role.metadata.namespace === CONTROLLER_NAMESPACE && g.verb === "get";
  if (g.group === "coordination.k8s.io" && g.resource === "leases") return role.kind === "Role" && role.metadata.namespace === undefined; // kustomize puts it in Runnerscope's namespace
  return false;
}

describe("deploy/ RBAC is read-only", () => {
  const roles = manifests().filter((o) => o.kind === "Role" || o.kind === "ClusterRole");

  it("finds the roles", () => {
    expect(roles.map((r) => r.metadata.name).sort()).toEqual(["runnerscope-leader-election", "runnerscope-listener-stats", "runnerscope-read"]);
  });

  it("grants nothing beyond the read-only set", () => {
    const extra = roles.flatMap((r) => (r.rules ?? []).flatMap(grants).filter((g) => !allowed(r, g)).map((g) => `${r.kind}/${r.metadata.name}: ${g.verb} ${g.group || "core"}/${g.resource}`));
    expect(extra).toEqual([]);
  });

  it("never mentions secrets, exec or wildcards", () => {
    const text = JSON.stringify(roles);
    expect(text).not.toMatch(/secrets|pods\/exec|pods\/attach|"\*"/);
  });

  it("can read everything the collector needs", () => {
    const all = roles.flatMap((r) => (r.rules ?? []).flatMap(grants));
    for (const resource of [...ARC, "pods", "events"]) {
      for (const verb of READ) expect(all).toContainEqual({ group: resource === "pods" || resource === "events" ? "" : "actions.github.com", resource, verb });
    }
    expect(all).toContainEqual({ group: "", resource: "pods/proxy", verb: "get" });
    expect(all).toContainEqual({ group: "", resource: "pods/log", verb: "get" });
  });
});
