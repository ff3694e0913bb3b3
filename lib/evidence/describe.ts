import type { KubeEventRecord } from "@/lib/model";
import { parseAge } from "./tables";

/**
 * `kubectl describe` output → loose Kubernetes JSON, so the same normalizers apply. Pods get a
 * dedicated reader (their layout is not YAML: `State: Terminated` has its details indented below);
 * ARC custom resources are read generically (describe prints them as Title-Cased YAML).
 */

interface Node {
  key?: string;
  value: string;
  indent: number;
  children: Node[];
}

/** Keys have single spaces only ("Restart Count"), so table rows with a colon in the message are not keys. */
const KEY_LINE = /^([A-Za-z][\w.()/-]*(?: [\w.()/-]+)*):(?:\s+(.*)|$)/;

/** Indentation tree of `Key: value` lines; lines without a key become keyless text nodes. */
export function describeTree(lines: string[]): Node[] {
  const root: Node = { value: "", indent: -1, children: [] };
  const stack: Node[] = [root];
  for (const line of lines) {
    if (line.trim() === "") continue;
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    while (stack.length > 1 && (stack[stack.length - 1]?.indent ?? -1) >= indent) stack.pop();
    const parent = stack[stack.length - 1] ?? root;
    const m = KEY_LINE.exec(body);
    // `/home/runner/_work from work (rw)` and table rows have no key
    const node: Node = m && !body.startsWith("/") ? { key: m[1]?.trim(), value: (m[2] ?? "").trim(), indent, children: [] } : { value: body, indent, children: [] };
    parent.children.push(node);
    if (node.key !== undefined) stack.push(node);
  }
  return root.children;
}

const child = (n: Node | undefined, key: string): Node | undefined => n?.children.find((c) => c.key === key);
const childValue = (n: Node | undefined, key: string): string | undefined => {
  const v = child(n, key)?.value;
  return v === undefined || v === "" || v === "<none>" ? undefined : v;
};
const texts = (n: Node | undefined): string[] => (n ? n.children.filter((c) => c.key === undefined).map((c) => c.value) : []);

function labelsOf(n: Node | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!n) return out;
  for (const raw of [n.value, ...texts(n)]) {
    const i = raw.indexOf("=");
    if (i > 0) out[raw.slice(0, i)] = raw.slice(i + 1);
  }
  return out;
}

/** describe prints annotations as `key: value` (labels as `key=value`). */
function annotationsOf(n: Node | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!n) return out;
  const first = /^(\S+?):\s*(.*)$/.exec(n.value);
  if (first?.[1]) out[first[1]] = first[2] ?? "";
  for (const c of n.children) if (c.key) out[c.key] = c.value;
  return out;
}

function isoOf(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function stateOf(n: Node | undefined): Record<string, unknown> | undefined {
  if (!n || !n.value) return undefined;
  const kind = n.value.split(/\s+/)[0]?.toLowerCase() ?? "";
  if (!["terminated", "waiting", "running"].includes(kind)) return undefined;
  const exit = childValue(n, "Exit Code");
  const detail: Record<string, unknown> = {};
  const reason = childValue(n, "Reason");
  const message = childValue(n, "Message");
  if (reason) detail.reason = reason;
  if (message) detail.message = message;
  if (exit !== undefined && Number.isFinite(Number(exit))) detail.exitCode = Number(exit);
  const started = isoOf(childValue(n, "Started")) ?? isoOf(n.value.replace(/^Running\s*/i, "").replace(/^Started:\s*/i, ""));
  const finished = isoOf(childValue(n, "Finished"));
  if (started) detail.startedAt = started;
  if (finished) detail.finishedAt = finished;
  return { [kind]: detail };
}

function containerOf(n: Node): { spec: Record<string, unknown>; status: Record<string, unknown> } {
  const spec: Record<string, unknown> = { name: n.key ?? "", image: childValue(n, "Image") ?? "" };
  const cmd = child(n, "Command");
  if (cmd) spec.command = [cmd.value, ...texts(cmd)].filter((s) => s !== "");
  const args = child(n, "Args");
  if (args) spec.args = [args.value, ...texts(args)].filter((s) => s !== "");
  const env = child(n, "Environment");
  // names only: describe shows values (or secret references) after the colon
  if (env) spec.env = env.children.flatMap((c) => (c.key ? [{ name: c.key }] : []));
  const mounts = child(n, "Mounts");
  if (mounts) spec.volumeMounts = texts(mounts).flatMap((t) => {
    const m = / from (\S+)/.exec(t);
    return m ? [{ name: m[1], mountPath: t.split(" ")[0] }] : [];
  });
  const status: Record<string, unknown> = {
    name: n.key ?? "",
    image: childValue(n, "Image") ?? "",
    ready: childValue(n, "Ready") === "True",
    restartCount: Number(childValue(n, "Restart Count") ?? 0) || 0,
  };
  const state = stateOf(child(n, "State"));
  if (state) status.state = state;
  const last = stateOf(child(n, "Last State"));
  if (last) status.lastState = last;
  return { spec, status };
}

export interface DescribeResult {
  /** A Pod / EphemeralRunner / AutoscalingRunnerSet / … as loose JSON. */
  object?: Record<string, unknown>;
  events: KubeEventRecord[];
}

/** One `kubectl describe <kind> <name>` block. */
export function parseDescribe(lines: string[], cluster: string, now: Date): DescribeResult {
  const top = describeTree(lines);
  const get = (k: string) => top.find((n) => n.key === k);
  const val = (k: string) => {
    const v = get(k)?.value;
    return v && v !== "<none>" ? v : undefined;
  };
  const name = val("Name") ?? "";
  const namespace = val("Namespace") ?? "";
  const kind = val("Kind") ?? (get("Containers") ? "Pod" : undefined);
  const labels = labelsOf(get("Labels"));
  const events = eventsOf(get("Events"), { kind: kind ?? "Pod", name, namespace, cluster, now });
  if (kind === "Pod") {
    const containers = (get("Containers")?.children ?? []).filter((c) => c.key).map(containerOf);
    const inits = (get("Init Containers")?.children ?? []).filter((c) => c.key).map(containerOf);
    const conditions = texts(get("Conditions")).flatMap((t) => {
      const [type, status] = t.split(/\s+/);
      return type && type !== "Type" && status ? [{ type, status }] : [];
    });
    const controlledBy = val("Controlled By");
    const startTime = isoOf(val("Start Time"));
    const object: Record<string, unknown> = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace,
        labels,
        ...(startTime ? { creationTimestamp: startTime } : {}),
        ...(controlledBy ? { ownerReferences: [{ kind: controlledBy.split("/")[0], name: controlledBy.split("/")[1] ?? "" }] } : {}),
      },
      spec: {
        nodeName: val("Node")?.split("/")[0],
        containers: containers.map((c) => c.spec),
        initContainers: inits.map((c) => c.spec),
        volumes: (get("Volumes")?.children ?? []).flatMap((c) => (c.key ? [{ name: c.key }] : [])),
      },
      status: {
        phase: val("Status"),
        reason: val("Reason"),
        message: val("Message"),
        startTime,
        conditions,
        containerStatuses: containers.map((c) => c.status),
        initContainerStatuses: inits.map((c) => c.status),
      },
    };
    return { object, events };
  }
  if (!kind) return { events };
  // ARC custom resources: Title Case keys → camelCase; maps keyed by data (Failures, Labels) kept as-is
  const body: Record<string, unknown> = { kind, apiVersion: val("API Version") ?? "actions.github.com/v1alpha1" };
  for (const n of top) {
    if (!n.key || ["Name", "Namespace", "Labels", "Annotations", "Kind", "API Version", "Events"].includes(n.key)) continue;
    body[camel(n.key)] = toValue(n, false);
  }
  const metaNode = (body.metadata ?? {}) as Record<string, unknown>;
  body.metadata = { ...metaNode, name, namespace, labels, annotations: annotationsOf(get("Annotations")) };
  return { object: body, events };
}

const LIST_KEYS = new Set(["containers", "initContainers", "volumes", "volumeMounts", "env", "finalizers", "command", "args", "runnerScaleSetLabels", "ownerReferences"]);
const RAW_KEY_MAPS = new Set(["Failures", "Labels", "Annotations", "Limits", "Requests"]);

function toValue(n: Node, rawKeys: boolean): unknown {
  const keyed = n.children.filter((c) => c.key !== undefined);
  const text = texts(n);
  if (keyed.length === 0 && !(rawKeys && text.some((t) => /^\S+:\s/.test(t)))) {
    if (text.length) return n.value ? [n.value, ...text] : text;
    return scalar(n.value);
  }
  const out: Record<string, unknown> = {};
  // data-keyed maps (Failures: podUID → time) may have keys starting with a digit, which read as text
  if (rawKeys) {
    for (const t of text) {
      const m = /^(\S+):\s+(.*)$/.exec(t);
      if (m?.[1]) out[m[1]] = scalar(m[2] ?? "");
    }
  }
  for (const c of keyed) {
    const k = rawKeys ? (c.key ?? "") : camel(c.key ?? "");
    let v = LIST_KEYS.has(k) ? toList(c) : toValue(c, RAW_KEY_MAPS.has(c.key ?? ""));
    if (LIST_KEYS.has(k) && !Array.isArray(v)) v = v === "" || v === undefined ? [] : [v];
    out[k] = v;
  }
  return out;
}

/**
 * describe prints a list of objects without separators (`Name: a … Name: b …`): a key seen again
 * starts the next item.
 */
function toList(n: Node): unknown {
  const keyed = n.children.filter((c) => c.key !== undefined);
  if (keyed.length === 0) return toValue(n, false);
  const items: Node[][] = [[]];
  for (const c of keyed) {
    const cur = items[items.length - 1] ?? [];
    if (cur.some((x) => x.key === c.key)) items.push([c]);
    else cur.push(c);
  }
  return items.map((group) => toValue({ ...n, children: group }, false));
}

function scalar(v: string): unknown {
  if (v === "" || v === "<none>") return undefined;
  if (/^-?\d+$/.test(v) && v.length < 16) return Number(v);
  if (v === "true") return true;
  if (v === "false") return false;
  return v;
}

export function camel(key: string): string {
  const special: Record<string, string> = { UID: "uid", "Patch ID": "patchID", "Runner JIT Config": "runnerJITConfig", "Github Config URL": "githubConfigUrl", "Job Id": "jobId", "Job ID": "jobId" };
  if (special[key]) return special[key];
  const parts = key.split(/[\s_-]+/).filter(Boolean);
  return parts.map((p, i) => (i === 0 ? p.charAt(0).toLowerCase() + p.slice(1) : p.charAt(0).toUpperCase() + p.slice(1))).join("");
}

/** The `Events:` table at the end of a describe: `Type Reason Age From Message`. */
function eventsOf(n: Node | undefined, o: { kind: string; name: string; namespace: string; cluster: string; now: Date }): KubeEventRecord[] {
  if (!n) return [];
  const out: KubeEventRecord[] = [];
  for (const row of texts(n)) {
    const m = /^(Normal|Warning)\s+(\S+)\s+(\S+(?:\s+\(x\d+ over \S+\))?)\s+(\S+(?:,\s*\S+)?)\s+(.*)$/.exec(row);
    if (!m) continue;
    const ageText = m[3] ?? "";
    const last = parseAge(ageText.split(/\s/)[0] ?? "", o.now);
    const over = /\(x(\d+) over (\S+)\)/.exec(ageText);
    const first = over ? parseAge(over[2] ?? "", o.now) : last;
    out.push({
      cluster: o.cluster,
      namespace: o.namespace,
      uid: `describe:${o.namespace}/${o.name}/${out.length}`,
      involvedKind: o.kind,
      involvedName: o.name,
      reason: m[2] ?? "",
      message: (m[5] ?? "").trim(),
      type: m[1] === "Warning" ? "Warning" : "Normal",
      count: over ? Number(over[1]) : 1,
      firstSeen: first ?? o.now.toISOString(),
      lastSeen: last ?? o.now.toISOString(),
      source: m[4],
    });
  }
  return out;
}
