/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), which kubectl
 * uses for `get`: pods get kubectl's familiar columns, the ARC kinds their CRDs'
 * `additionalPrinterColumns` (copied from the 0.14.2 CRDs), everything else NAME/AGE.
 */
import type { ResourceInfo } from "./resources";
import type { KubeObject } from "./types";

export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export type IncludeObject = "None" | "Metadata" | "Object";

export interface Table {
  kind: "Table";
  apiVersion: "meta.k8s.io/v1";
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: TableColumn[];
  rows: { cells: unknown[]; object?: unknown }[];
}

type Cell = string | number | boolean | null;

interface Printer {
  columns: TableColumn[];
  cells(obj: KubeObject, nowMs: number): Cell[];
}

/** apimachinery `duration.HumanDuration`, what every AGE column shows. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

function age(timestamp: unknown, nowMs: number): string {
  if (typeof timestamp !== "string") return "<unknown>";
  const t = Date.parse(timestamp);
  return Number.isFinite(t) ? humanDuration(nowMs - t) : "<unknown>";
}

function col(name: string, type = "string", priority = 0, format = ""): TableColumn {
  return { name, type, format, description: name, priority };
}

const NAME_COL = col("Name", "string", 0, "name");

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function asArray(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(asRecord) : [];
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

function dotted(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.replace(/^\./, "").split(".")) cur = asRecord(cur)[p];
  return cur;
}

/** kubectl's pod STATUS column (printPod in pkg/printers/internalversion), minus the rarest branches. */
export function podStatusReason(pod: KubeObject): string {
  const status = asRecord(pod.status);
  const spec = asRecord(pod.spec);
  let reason = str(status.reason) || str(status.phase);
  const initStatuses = asArray(status.initContainerStatuses);
  const initCount = asArray(spec.initContainers).length;
  let initializing = false;
  for (const [i, cs] of initStatuses.entries()) {
    const state = asRecord(cs.state);
    const term = asRecord(state.terminated);
    const wait = asRecord(state.waiting);
    if (state.terminated && num(term.exitCode) === 0) continue;
    // native sidecars (restartPolicy Always) that run and are started do not block initialization
    if (state.running && cs.started === true) continue;
    if (state.terminated) {
      reason = "Init:" + (str(term.reason) || (num(term.signal) ? `Signal:${num(term.signal)}` : `ExitCode:${num(term.exitCode)}`));
    } else if (str(wait.reason) && str(wait.reason) !== "PodInitializing") {
      reason = "Init:" + str(wait.reason);
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    for (const cs of asArray(status.containerStatuses).reverse()) {
      const state = asRecord(cs.state);
      const term = asRecord(state.terminated);
      const wait = asRecord(state.waiting);
      if (str(wait.reason)) reason = str(wait.reason);
      else if (str(term.reason)) reason = str(term.reason);
      else if (state.terminated) reason = num(term.signal) ? `Signal:${num(term.signal)}` : `ExitCode:${num(term.exitCode)}`;
      else if (cs.ready === true && state.running) hasRunning = true;
    }
    if (reason === "Completed" && hasRunning) {
      const ready = asArray(status.conditions).some((c) => c.type === "Ready" && c.status === "True");
      reason = ready ? "Running" : "NotReady";
    }
  }
  if (pod.metadata.deletionTimestamp) reason = str(status.reason) === "NodeLost" ? "Unknown" : "Terminating";
  return reason;
}

const podPrinter: Printer = {
  columns: [
    NAME_COL,
    col("Ready"),
    col("Status"),
    col("Restarts"),
    col("Age"),
    col("IP", "string", 1),
    col("Node", "string", 1),
    col("Nominated Node", "string", 1),
    col("Readiness Gates", "string", 1),
  ],
  cells(pod, nowMs) {
    const status = asRecord(pod.status);
    const spec = asRecord(pod.spec);
    const statuses = asArray(status.containerStatuses);
    const ready = statuses.filter((c) => c.ready === true).length;
    const restarts = statuses.reduce((n, c) => n + num(c.restartCount), 0);
    return [
      pod.metadata.name,
      `${ready}/${asArray(spec.containers).length}`,
      podStatusReason(pod),
      String(restarts),
      age(pod.metadata.creationTimestamp, nowMs),
      str(status.podIP) || "<none>",
      str(spec.nodeName) || "<none>",
      str(status.nominatedNodeName) || "<none>",
      "<none>",
    ];
  },
};

const eventPrinter: Printer = {
  columns: [col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Message")],
  cells(ev, nowMs) {
    const involved = asRecord(ev.involvedObject);
    const last = str(ev.lastTimestamp) || str(ev.eventTime) || ev.metadata.creationTimestamp;
    return [age(last, nowMs), str(ev.type), str(ev.reason), `${str(involved.kind).toLowerCase()}/${str(involved.name)}`, str(ev.message)];
  },
};

const leasePrinter: Printer = {
  columns: [NAME_COL, col("Holder"), col("Age")],
  cells: (o, nowMs) => [o.metadata.name, str(asRecord(o.spec).holderIdentity), age(o.metadata.creationTimestamp, nowMs)],
};

const defaultPrinter: Printer = {
  columns: [NAME_COL, col("Age")],
  cells: (o, nowMs) => [o.metadata.name, age(o.metadata.creationTimestamp, nowMs)],
};

interface PrinterColumn {
  jsonPath: string;
  name: string;
  type: "string" | "integer" | "number" | "date" | "boolean";
}

/** additionalPrinterColumns of the 0.14.2 CRDs (the non-existent finished/deleting fields included, as shipped). */
const CRD_COLUMNS: Record<string, PrinterColumn[]> = {
  autoscalingrunnersets: [
    { jsonPath: ".spec.minRunners", name: "Minimum Runners", type: "integer" },
    { jsonPath: ".spec.maxRunners", name: "Maximum Runners", type: "integer" },
    { jsonPath: ".status.currentRunners", name: "Current Runners", type: "integer" },
    { jsonPath: ".status.state", name: "State", type: "string" },
    { jsonPath: ".status.pendingEphemeralRunners", name: "Pending Runners", type: "integer" },
    { jsonPath: ".status.runningEphemeralRunners", name: "Running Runners", type: "integer" },
    { jsonPath: ".status.finishedEphemeralRunners", name: "Finished Runners", type: "integer" },
    { jsonPath: ".status.deletingEphemeralRunners", name: "Deleting Runners", type: "integer" },
  ],
  ephemeralrunnersets: [
    { jsonPath: ".spec.replicas", name: "DesiredReplicas", type: "integer" },
    { jsonPath: ".status.currentReplicas", name: "CurrentReplicas", type: "integer" },
    { jsonPath: ".status.pendingEphemeralRunners", name: "Pending Runners", type: "integer" },
    { jsonPath: ".status.runningEphemeralRunners", name: "Running Runners", type: "integer" },
    { jsonPath: ".status.finishedEphemeralRunners", name: "Finished Runners", type: "integer" },
    { jsonPath: ".status.deletingEphemeralRunners", name: "Deleting Runners", type: "integer" },
  ],
  ephemeralrunners: [
    { jsonPath: ".spec.githubConfigUrl", name: "GitHub Config URL", type: "string" },
    { jsonPath: ".status.runnerId", name: "RunnerId", type: "number" },
    { jsonPath: ".status.phase", name: "Status", type: "string" },
    { jsonPath: ".status.jobRepositoryName", name: "JobRepository", type: "string" },
    { jsonPath: ".status.jobWorkflowRef", name: "JobWorkflowRef", type: "string" },
    { jsonPath: ".status.workflowRunId", name: "WorkflowRunId", type: "number" },
    { jsonPath: ".status.jobDisplayName", name: "JobDisplayName", type: "string" },
    { jsonPath: ".status.jobId", name: "JobId", type: "string" },
    { jsonPath: ".status.message", name: "Message", type: "string" },
    { jsonPath: ".metadata.creationTimestamp", name: "Age", type: "date" },
  ],
  autoscalinglisteners: [
    { jsonPath: ".spec.githubConfigUrl", name: "GitHub Configure URL", type: "string" },
    { jsonPath: ".spec.autoscalingRunnerSetNamespace", name: "AutoscalingRunnerSet Namespace", type: "string" },
    { jsonPath: ".spec.autoscalingRunnerSetName", name: "AutoscalingRunnerSet Name", type: "string" },
  ],
};

function crdPrinter(columns: PrinterColumn[]): Printer {
  return {
    columns: [NAME_COL, ...columns.map((c) => col(c.name, c.type))],
    cells(o, nowMs) {
      const cells: Cell[] = [o.metadata.name];
      for (const c of columns) {
        const v = dotted(o, c.jsonPath);
        if (v === undefined || v === null) cells.push(null);
        else if (c.type === "date") cells.push(age(v, nowMs));
        else if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") cells.push(v);
        else cells.push(JSON.stringify(v));
      }
      return cells;
    },
  };
}

function printerFor(info: ResourceInfo): Printer {
  const crd = CRD_COLUMNS[info.plural];
  if (info.group && crd) return crdPrinter(crd);
  if (info.group === "" && info.plural === "pods") return podPrinter;
  if (info.group === "" && info.plural === "events") return eventPrinter;
  if (info.plural === "leases") return leasePrinter;
  return defaultPrinter;
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === "Object") return obj;
  if (include === "None") return undefined;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: obj.metadata };
}

export function toTable(
  info: ResourceInfo,
  objects: readonly KubeObject[],
  opts: { nowMs: number; includeObject: IncludeObject; resourceVersion?: string; continueToken?: string; noHeaders?: boolean },
): Table {
  const printer = printerFor(info);
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: { ...(opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {}), ...(opts.continueToken ? { continue: opts.continueToken } : {}) },
    columnDefinitions: opts.noHeaders ? [] : printer.columns,
    rows: objects.map((o) => {
      const object = rowObject(o, opts.includeObject);
      return { cells: printer.cells(o, opts.nowMs), ...(object !== undefined ? { object } : {}) };
    }),
  };
}
