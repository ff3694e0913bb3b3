import type { KubeEventRecord } from "@/lib/model";

/** `kubectl get pods` / `kubectl get events` tables → loose pod JSON / event records. */

/** kubectl ages: `7m34s`, `2d3h`, `45s`, `<unknown>` → ISO time `now - age`. */
export function parseAge(age: string, now: Date): string | undefined {
  const re = /(\d+)([dhms])/g;
  let ms = 0;
  let matched = "";
  for (let m = re.exec(age); m; m = re.exec(age)) {
    const n = Number(m[1]);
    ms += n * (m[2] === "d" ? 86_400_000 : m[2] === "h" ? 3_600_000 : m[2] === "m" ? 60_000 : 1000);
    matched += m[0];
  }
  if (matched === "" || matched !== age.replace(/^(\d+y)/, "")) return undefined;
  return new Date(now.getTime() - ms).toISOString();
}

export type TableKind = "pods" | "events" | "ephemeralrunners";

const PODS_HEADER = /^(?:NAMESPACE\s+)?NAME\s+READY\s+STATUS(?:\s+RESTARTS)?\s+AGE\b/;
const EVENTS_HEADER = /^(?:NAMESPACE\s+)?LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+/;

const ER_HEADER = /^(?:NAMESPACE\s+)?NAME\s+GITHUB CONFIG URL\s+RUNNERID\s+STATUS\b/;

export function tableKind(line: string): TableKind | undefined {
  if (PODS_HEADER.test(line)) return "pods";
  if (EVENTS_HEADER.test(line)) return "events";
  if (ER_HEADER.test(line)) return "ephemeralrunners";
  return undefined;
}

/** Cells of an aligned row by the header's column offsets (kubectl pads with spaces; empty cells stay empty). */
function cellsByOffset(cols: { name: string; start: number }[], row: string): Record<string, string> {
  const rec: Record<string, string> = {};
  cols.forEach((c, i) => {
    const end = i === cols.length - 1 ? undefined : cols[i + 1]?.start;
    rec[c.name] = row.slice(c.start, end).trim();
  });
  return rec;
}

const ER_PHASES = new Set(["", "Pending", "Running", "Succeeded", "Failed", "Outdated"]);

/** `kubectl get ephemeralrunners` (printer columns of the CRD) → loose EphemeralRunner JSON. */
export function parseRunnersTable(header: string, rows: string[], now: Date, defaultNamespace?: string): Record<string, unknown>[] {
  const cols = columns(header);
  const out: Record<string, unknown>[] = [];
  for (const row of rows) {
    const r = cellsByOffset(cols, row);
    if (!r.NAME || !ER_PHASES.has(r.STATUS ?? "")) continue;
    const created = r.AGE ? parseAge(r.AGE, now) : undefined;
    const status: Record<string, unknown> = {};
    if (r.STATUS) status.phase = r.STATUS;
    if (r.RUNNERID && /^\d+$/.test(r.RUNNERID)) status.runnerId = Number(r.RUNNERID);
    if (r.JOBREPOSITORY) status.jobRepositoryName = r.JOBREPOSITORY;
    if (r.JOBWORKFLOWREF) status.jobWorkflowRef = r.JOBWORKFLOWREF;
    if (r.WORKFLOWRUNID && /^\d+$/.test(r.WORKFLOWRUNID)) status.workflowRunId = Number(r.WORKFLOWRUNID);
    if (r.JOBDISPLAYNAME) status.jobDisplayName = r.JOBDISPLAYNAME;
    if (r.JOBID) status.jobId = r.JOBID;
    if (r.MESSAGE) status.message = r.MESSAGE;
    out.push({
      apiVersion: "actions.github.com/v1alpha1",
      kind: "EphemeralRunner",
      metadata: { name: r.NAME, namespace: r.NAMESPACE || defaultNamespace || "", ...(created ? { creationTimestamp: created } : {}) },
      spec: { githubConfigUrl: r["GITHUB CONFIG URL"] ?? "" },
      status,
    });
  }
  return out;
}

/** Header column names and start offsets (multi-word names such as `LAST SEEN` kept together). */
function columns(header: string): { name: string; start: number }[] {
  const out: { name: string; start: number }[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(header); m; m = re.exec(header)) out.push({ name: m[0], start: m.index });
  return out;
}

interface PodRow {
  namespace?: string;
  name: string;
  ready?: string;
  status: string;
  restarts: number;
  age?: string;
  node?: string;
}

function podRows(header: string, rows: string[]): PodRow[] {
  const cols = columns(header).map((c) => c.name);
  const out: PodRow[] = [];
  for (const row of rows) {
    const tokens = row.trim().split(/\s+/);
    const rec: Record<string, string> = {};
    let t = 0;
    for (const col of cols) {
      if (t >= tokens.length) break;
      if (col === "RESTARTS") {
        rec[col] = tokens[t++] ?? "";
        // `3 (2m ago)`
        if ((tokens[t] ?? "").startsWith("(")) {
          while (t < tokens.length && !(tokens[t] ?? "").endsWith(")")) t++;
          t++;
        }
      } else rec[col] = tokens[t++] ?? "";
    }
    if (!rec.NAME || !rec.STATUS) continue;
    out.push({ namespace: rec.NAMESPACE, name: rec.NAME, ready: rec.READY, status: rec.STATUS, restarts: Number(rec.RESTARTS ?? 0) || 0, age: rec.AGE, node: rec.NODE });
  }
  return out;
}

/** A pod as far as one table row tells: phase and the main container's state from STATUS. */
function podFromRow(r: PodRow, now: Date, defaultNamespace: string | undefined): Record<string, unknown> {
  const created = r.age ? parseAge(r.age, now) : undefined;
  const s = r.status;
  const [readyN, total] = (r.ready ?? "").split("/").map(Number);
  let phase = "Running";
  let state: Record<string, unknown> = { running: {} };
  let reason: string | undefined;
  if (s === "Completed") {
    phase = "Succeeded";
    state = { terminated: { reason: "Completed", exitCode: 0 } };
  } else if (s === "Error" || s === "OOMKilled" || s === "ContainerCannotRun" || s === "StartError") {
    phase = "Failed";
    state = { terminated: { reason: s, ...(s === "OOMKilled" ? { exitCode: 137 } : {}) } };
  } else if (s === "Evicted") {
    phase = "Failed";
    reason = "Evicted";
    state = {};
  } else if (s === "Pending" || s === "ContainerCreating" || s === "PodInitializing" || s.startsWith("Init:")) {
    phase = "Pending";
    state = { waiting: { reason: s } };
  } else if (/BackOff|ErrImagePull|InvalidImageName|CreateContainerConfigError|CreateContainerError/.test(s)) {
    phase = s === "CrashLoopBackOff" ? "Running" : "Pending";
    state = { waiting: { reason: s } };
  } else if (s === "Terminating" || s === "Running") {
    phase = "Running";
  } else if (s === "Unknown") {
    phase = "Unknown";
    state = {};
  }
  const container = /-listener$/.test(r.name) ? "listener" : /-runner-[a-z0-9]{5}$/.test(r.name) ? "runner" : "main";
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: r.name, namespace: r.namespace ?? defaultNamespace ?? "", ...(created ? { creationTimestamp: created } : {}) },
    // a table row says nothing about the spec: no containers, so nobody reads "command missing" into it
    spec: { ...(r.node && r.node !== "<none>" ? { nodeName: r.node } : {}), containers: [] },
    status: {
      phase,
      ...(reason ? { reason } : {}),
      containerStatuses: [{ name: container, ready: Number.isFinite(readyN) && readyN === total && (total ?? 0) > 0, restartCount: r.restarts, state }],
    },
  };
}

export function parsePodsTable(header: string, rows: string[], now: Date, defaultNamespace?: string): Record<string, unknown>[] {
  return podRows(header, rows).map((r) => podFromRow(r, now, defaultNamespace));
}

const KIND_NAMES: Record<string, string> = {
  pod: "Pod",
  ephemeralrunner: "EphemeralRunner",
  ephemeralrunnerset: "EphemeralRunnerSet",
  autoscalingrunnerset: "AutoscalingRunnerSet",
  autoscalinglistener: "AutoscalingListener",
  node: "Node",
  replicaset: "ReplicaSet",
  deployment: "Deployment",
  persistentvolumeclaim: "PersistentVolumeClaim",
  job: "Job",
};

/** `kind/name` → involved kind and name. */
export function objectRef(ref: string): { kind: string; name: string } {
  const i = ref.indexOf("/");
  if (i < 0) return { kind: "", name: ref };
  const k = ref.slice(0, i).toLowerCase().replace(/\..*$/, "");
  return { kind: KIND_NAMES[k] ?? k.charAt(0).toUpperCase() + k.slice(1), name: ref.slice(i + 1) };
}

export function parseEventsTable(header: string, rows: string[], now: Date, cluster: string, defaultNamespace?: string): KubeEventRecord[] {
  const cols = columns(header);
  const names = cols.map((c) => c.name);
  const wide = names.includes("SUBOBJECT") || names.includes("FIRST SEEN");
  const out: KubeEventRecord[] = [];
  rows.forEach((row, idx) => {
    let rec: Record<string, string> = {};
    if (wide) rec = cellsByOffset(cols, row);
    if (!wide || (rec.TYPE !== "Normal" && rec.TYPE !== "Warning")) {
      // misaligned (chat collapsed the spaces) or narrow: fixed columns are single tokens, MESSAGE is the rest
      const m = /^(?:(\S+)\s+)??(\S+|\d+m\d+s)\s+(Normal|Warning)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(row.trim());
      if (!m) return;
      rec = { NAMESPACE: m[1] ?? "", "LAST SEEN": m[2] ?? "", TYPE: m[3] ?? "", REASON: m[4] ?? "", OBJECT: m[5] ?? "", MESSAGE: m[6] ?? "" };
    }
    const ref = objectRef(rec.OBJECT ?? "");
    const last = parseAge(rec["LAST SEEN"] ?? "", now) ?? now.toISOString();
    const first = rec["FIRST SEEN"] ? (parseAge(rec["FIRST SEEN"], now) ?? last) : last;
    const namespace = rec.NAMESPACE || defaultNamespace || "";
    out.push({
      cluster,
      namespace,
      uid: `table:${namespace}/${ref.name}/${rec.REASON}/${idx}`,
      involvedKind: ref.kind,
      involvedName: ref.name,
      reason: rec.REASON ?? "",
      message: rec.MESSAGE ?? "",
      type: rec.TYPE === "Warning" ? "Warning" : "Normal",
      count: Number(rec.COUNT) || 1,
      firstSeen: first,
      lastSeen: last,
      ...(rec.SOURCE ? { source: rec.SOURCE } : {}),
    });
  });
  return out;
}
