import type { DataSlice, FleetSnapshot, GitHubJob, GitHubRateLimit, GitHubRunner, KubeEventRecord, ListenerSample, LogRecord, PodState, RunnerState } from "@/lib/model";
import { emptySnapshot } from "@/lib/model/snapshot";
import { redact } from "@/lib/redact/redact";
import { toEventRecord, toPodState, toRunnerSetState, toRunnerState, toScaleSetState } from "@/lib/sources/kubernetes/normalize";
import { arr, obj, str } from "@/lib/sources/kubernetes/normalize/loose";
import { isListenerName, isRunnerName, scaleSetFromListenerName, scaleSetFromRunnerName } from "@/lib/sources/kubernetes/normalize/names";
import { parseDescribe } from "./describe";
import { isGitHubJob, isGitHubRunner, toGitHubJob, toGitHubRunner, toRateLimit } from "./github";
import { buildRunnerLives, runnerNameOf } from "./lives";
import { listenerSampleFromLog, parseLogLine } from "./log-line";
import { safeJsonParse, safeYamlParseAll } from "./safe-parse";
import { parseEventsTable, parsePodsTable, parseRunnersTable, tableKind } from "./tables";

/**
 * Cluster of everything read from a paste: unknown, so empty — rules then print kubectl commands
 * without `--context` and subjects without a made-up cluster name.
 */
export const PASTE_CLUSTER = "";
const NOT_IN_PASTE = "not in the pasted text";

export interface EvidenceSummary {
  logLines: number;
  controllerLogLines: number;
  listenerLogLines: number;
  runnerLogLines: number;
  otherLogLines: number;
  pods: number;
  runners: number;
  scaleSets: number;
  runnerSets: number;
  listeners: number;
  events: number;
  githubJobs: number;
  githubRunners: number;
  rateLimits: number;
  listenerSamples: number;
  runnerLives: number;
  describeBlocks: number;
  tables: number;
  documents: number;
  unrecognisedLines: number;
}

export interface ParsedEvidence {
  snapshot: FleetSnapshot;
  unrecognised: string[];
  summary: EvidenceSummary;
  /** Scale-set names seen in object names, labels and log keys. */
  scaleSetNames: string[];
  /** The reference time used for relative ages (opts.now, else the newest time in the paste, else the clock). */
  now: Date;
}

/** Objects collected from the paste, keyed so a richer source (YAML) wins over a table row. */
interface Collected {
  pods: Map<string, { obj: unknown; rank: number }>;
  ers: Map<string, unknown>;
  ars: Map<string, unknown>;
  erss: Map<string, unknown>;
  listeners: Map<string, unknown>;
  events: KubeEventRecord[];
  logs: LogRecord[];
  jobs: Map<number, GitHubJob>;
  ghRunners: Map<number, GitHubRunner>;
  rateLimits: GitHubRateLimit[];
  unrecognised: string[];
  describeBlocks: number;
  tables: number;
  documents: number;
  controllerVersion?: string;
}

/** Richness of a pod source: a table row < describe < full object. */
const RANK = { table: 1, describe: 2, object: 3 } as const;

interface Context {
  namespace?: string;
  pod?: string;
  container?: string;
  origin?: LogRecord["origin"];
}

const FENCE = /^\s*(?:```|~~~)/;
/** `$ kubectl …`, `user@host:~/dir$ kubectl …`, `PS C:\> kubectl …` (linear: no overlapping quantifiers). */
const PROMPT = /^\s*(?:\$|#|>|PS [^>]*>|[\w.@-]+(?::[^\s$#]*)?[$#])\s*(?:kubectl|k|oc|gh|helm|curl|cat|stern)\b/;
/** `listener logs:`, `## Controller logs (last 5 min):` — a heading that says whose lines follow. */
const HEADING = /^\s*(?:#+\s*)?\**\s*(?:the\s+)?(listener|controller|manager|runner|workflow)(?:\s+(?:pod|container|app))?\s+logs?(?:\s+(?:from|for|of|in)\s+[^:()]{1,60})?(?:\s*\([^)]{0,60}\))?\s*:?\s*\**\s*$/i;
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;
const DOC_KEYS = /"(?:kind|apiVersion|items|jobs|runners|resources|run_id|busy)"\s*:|^\[\s*\{/;
const YAML_START = /^(?:apiVersion|kind|items|metadata|spec|status):(?:\s|$)/;
const YAML_CONT = /^(?:[ \t]|-(?:\s|$)|#|---|\.\.\.|[\w.$/"'-]+:(?:\s|$))/;

/**
 * Parses a mixed paste (logs of any ARC generation, kubectl describe/get output, YAML/JSON objects
 * and lists, GitHub API JSON) into a FleetSnapshot. Redacts first; never throws; lines that fit no
 * format are returned in `unrecognised` and kept as plain log records.
 */
export function parseEvidence(text: string, opts: { now?: Date } = {}): ParsedEvidence {
  const clean = redact(text).replace(/^\uFEFF/, "").replace(ANSI, "").replace(/\r\n?/g, "\n");
  const lines = clean.split("\n");
  // relative ages need a reference; without one, the newest absolute time in the paste is the best guess
  const now = opts.now ?? newestTime(clean) ?? new Date();
  const c: Collected = {
    pods: new Map(),
    ers: new Map(),
    ars: new Map(),
    erss: new Map(),
    listeners: new Map(),
    events: [],
    logs: [],
    jobs: new Map(),
    ghRunners: new Map(),
    rateLimits: [],
    unrecognised: [],
    describeBlocks: 0,
    tables: 0,
    documents: 0,
  };
  const ctx: Context = {};
  let unclosedJsonFrom = Infinity;

  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const t = line.trim();
    if (t === "" || FENCE.test(line) || /^-{3,}$/.test(t) && !YAML_START.test(lines[i + 1] ?? "")) {
      i++;
      continue;
    }
    if (PROMPT.test(line)) {
      readPrompt(t, ctx);
      i++;
      continue;
    }
    const heading = HEADING.exec(t);
    if (heading && t.length < 80) {
      const w = (heading[1] ?? "").toLowerCase();
      ctx.origin = w === "manager" ? "controller" : (w as LogRecord["origin"]);
      ctx.pod = undefined;
      i++;
      continue;
    }
    // JSON document: one line, or pretty-printed from a lone `{` / `[`
    if (t.startsWith("{") || t.startsWith("[")) {
      // only documents carry these keys; log lines go straight to the log parser (one JSON.parse, not two)
      const one = DOC_KEYS.test(t) ? safeJsonParse(t) : undefined;
      if (one?.ok && handleValue(one.value, c, now)) {
        c.documents++;
        i++;
        continue;
      }
      if ((t === "{" || t === "[") && i < unclosedJsonFrom) {
        const end = jsonBlockEnd(lines, i);
        if (end < 0) unclosedJsonFrom = i;
        else {
          const block = safeJsonParse(lines.slice(i, end + 1).join("\n"));
          if (block.ok && handleValue(block.value, c, now)) {
            c.documents++;
            i = end + 1;
            continue;
          }
        }
      }
    }
    if (YAML_START.test(line) || (t === "---" && YAML_START.test(lines[i + 1] ?? ""))) {
      let j = i + 1;
      while (j < lines.length && !FENCE.test(lines[j] ?? "") && !PROMPT.test(lines[j] ?? "") && ((lines[j] ?? "").trim() === "" || YAML_CONT.test(lines[j] ?? ""))) j++;
      const parsed = safeYamlParseAll(lines.slice(i, j).join("\n"));
      // every document must be routed: no short-circuit
      if (parsed.ok && arr(parsed.value).reduce<boolean>((any, d) => handleValue(d, c, now) || any, false)) {
        c.documents++;
        i = j;
        continue;
      }
    }
    if (/^Name:\s+\S/.test(line)) {
      let j = i + 1;
      while (j < lines.length) {
        const l = lines[j] ?? "";
        if (l.trim() === "" || FENCE.test(l) || PROMPT.test(l) || /^Name:\s/.test(l)) break;
        if (!/^\s/.test(l) && !/^[A-Z][\w .()/-]*:(?:\s|$)/.test(l)) break;
        j++;
      }
      const d = parseDescribe(lines.slice(i, j), PASTE_CLUSTER, now);
      if (d.object) {
        c.describeBlocks++;
        addObject(d.object, c, RANK.describe);
        c.events.push(...d.events);
        i = j;
        continue;
      }
    }
    const table = tableKind(t);
    if (table) {
      let j = i + 1;
      while (j < lines.length && (lines[j] ?? "").trim() !== "" && !FENCE.test(lines[j] ?? "") && !PROMPT.test(lines[j] ?? "") && !tableKind((lines[j] ?? "").trim())) j++;
      const rows = lines.slice(i + 1, j);
      c.tables++;
      if (table === "pods") for (const p of parsePodsTable(line, rows, now, ctx.namespace)) addObject(p, c, RANK.table);
      else if (table === "ephemeralrunners") for (const er of parseRunnersTable(line, rows, now, ctx.namespace)) addRunnerRow(er, c);
      else c.events.push(...parseEventsTable(line, rows, now, PASTE_CLUSTER, ctx.namespace));
      i = j;
      continue;
    }
    addLogLine(line, c, ctx);
    i++;
  }
  return assemble(c, now);
}

/** `kubectl logs --prefix`: `[pod/<name>/<container>] <line>`. */
const KUBECTL_PREFIX = /^\[pod\/([^/\]\s]+)\/([^\]\s]+)\] (.*)$/;

function addLogLine(line: string, c: Collected, ctx: Context): void {
  const prefixed = KUBECTL_PREFIX.exec(line);
  if (prefixed) {
    addLogLine(prefixed[3] ?? "", c, { ...ctx, pod: prefixed[1], container: prefixed[2] });
    const rec = c.logs[c.logs.length - 1];
    if (rec) rec.raw = line;
    return;
  }
  const rec = parseLogLine(line) ?? plainRecord(line, c);
  if (rec.origin === "unknown" && ctx.origin) rec.origin = ctx.origin;
  if (ctx.pod) {
    rec.pod = rec.pod ?? ctx.pod;
    if (rec.origin === "unknown") rec.origin = isListenerName(ctx.pod) ? "listener" : isRunnerName(ctx.pod) ? "runner" : /controller/.test(ctx.pod) ? "controller" : "unknown";
  }
  if (ctx.namespace) rec.namespace = rec.namespace ?? ctx.namespace;
  if (ctx.container) rec.container = rec.container ?? ctx.container;
  rec.cluster = PASTE_CLUSTER;
  if (rec.origin === "controller" && !c.controllerVersion) c.controllerVersion = str(rec.fields.version);
  c.logs.push(rec);
}

function plainRecord(line: string, c: Collected): LogRecord {
  c.unrecognised.push(line);
  return { origin: "unknown", level: "unknown", message: line.trim(), fields: {}, raw: line, format: "plain" };
}

/** `kubectl -n arc-systems logs test-runner-6cd58d58-listener -c listener` → context for the lines below. */
function readPrompt(t: string, ctx: Context): void {
  const ns = /(?:-n|--namespace)[ =](\S+)/.exec(t)?.[1];
  ctx.namespace = ns ?? (/\s(?:-A|--all-namespaces)\b/.test(t) ? undefined : ctx.namespace);
  ctx.container = /(?:-c|--container)[ =](\S+)/.exec(t)?.[1];
  ctx.origin = undefined;
  ctx.pod = undefined;
  const logs = /\blogs\s+(.*)$/.exec(t);
  if (logs) {
    const target = (logs[1] ?? "")
      .split(/\s+/)
      .filter((w, k, all) => !w.startsWith("-") && !/^(?:-n|--namespace|-c|--container|--tail|--since|-l)$/.test(all[k - 1] ?? ""))
      .map((w) => w.replace(/^(?:pod|pods)\//, ""))[0];
    if (target && !target.includes("=")) ctx.pod = target;
    if (/deploy(?:ment)?\/\S*controller|gha-rs-controller|component=controller-manager/.test(t)) ctx.origin = "controller";
    if (/listener/.test(t)) ctx.origin = "listener";
  }
}

/** Index of the line closing the JSON block opened at `start`, or -1 when it never closes. */
function jsonBlockEnd(lines: string[], start: number): number {
  let depth = 0;
  let inStr = false;
  for (let j = start; j < lines.length; j++) {
    const l = lines[j] ?? "";
    for (let k = 0; k < l.length; k++) {
      const ch = l.charCodeAt(k);
      if (inStr) {
        if (ch === 92) k++;
        else if (ch === 34) inStr = false;
      } else if (ch === 34) inStr = true;
      else if (ch === 123 || ch === 91) depth++;
      else if (ch === 125 || ch === 93) {
        depth--;
        if (depth === 0) return j;
      }
    }
    inStr = false; // JSON strings never span lines
  }
  return -1;
}

const KUBE_KINDS = new Set(["Pod", "EphemeralRunner", "AutoscalingRunnerSet", "EphemeralRunnerSet", "AutoscalingListener", "Event"]);

/** Routes one parsed JSON/YAML value; false when it is nothing we know (e.g. a log line object). */
function handleValue(v: unknown, c: Collected, now: Date): boolean {
  if (Array.isArray(v)) {
    let any = false;
    for (const x of v) any = handleValue(x, c, now) || any;
    return any;
  }
  const o = obj(v);
  const kind = str(o.kind);
  if (Array.isArray(o.items) && (kind === undefined || kind.endsWith("List"))) {
    const itemKind = kind && kind !== "List" ? kind.replace(/List$/, "") : undefined;
    let any = false;
    for (const item of o.items) {
      const io = obj(item);
      any = addObject(io.kind === undefined && itemKind ? { ...io, kind: itemKind } : io, c, RANK.object) || any;
    }
    return any || o.items.length === 0;
  }
  if (kind && KUBE_KINDS.has(kind)) return addObject(o, c, RANK.object);
  if (kind === "Secret" || kind === "ConfigMap") return true; // recognised, deliberately not kept
  if (Array.isArray(o.jobs)) {
    for (const j of o.jobs) if (isGitHubJob(j)) c.jobs.set(toGitHubJob(j).id, toGitHubJob(j));
    return true;
  }
  if (Array.isArray(o.runners)) {
    for (const r of o.runners) if (isGitHubRunner(r)) c.ghRunners.set(toGitHubRunner(r, "pasted").id, toGitHubRunner(r, "pasted"));
    return true;
  }
  if (obj(o.resources).core !== undefined) {
    const rl = toRateLimit(o, now);
    if (rl) c.rateLimits.push(rl);
    return rl !== undefined;
  }
  if (isGitHubJob(o)) {
    c.jobs.set(toGitHubJob(o).id, toGitHubJob(o));
    return true;
  }
  if (isGitHubRunner(o)) {
    c.ghRunners.set(toGitHubRunner(o, "pasted").id, toGitHubRunner(o, "pasted"));
    return true;
  }
  return false;
}

/** A table row never replaces a full EphemeralRunner object. */
function addRunnerRow(er: Record<string, unknown>, c: Collected): void {
  const m = obj(er.metadata);
  const key = `${str(m.namespace) ?? ""}/${str(m.name) ?? ""}`;
  if (!c.ers.has(key)) c.ers.set(key, er);
}

function addObject(o: unknown, c: Collected, rank: number): boolean {
  const kind = str(obj(o).kind);
  const m = obj(obj(o).metadata);
  const key = `${str(m.namespace) ?? ""}/${str(m.name) ?? ""}`;
  switch (kind) {
    case "Pod": {
      const prior = c.pods.get(key);
      if (!prior || prior.rank <= rank) c.pods.set(key, { obj: o, rank });
      return true;
    }
    case "EphemeralRunner":
      c.ers.set(key, o);
      return true;
    case "AutoscalingRunnerSet":
      c.ars.set(key, o);
      return true;
    case "EphemeralRunnerSet":
      c.erss.set(key, o);
      return true;
    case "AutoscalingListener":
      c.listeners.set(key, o);
      return true;
    case "Event":
      c.events.push(toEventRecord(o, PASTE_CLUSTER));
      return true;
    default:
      return false;
  }
}

/**
 * Latest RFC3339 time in the text. Compared as strings on the `YYYY-MM-DDTHH:MM:SS` prefix (one
 * Date.parse in total, not one per line); a non-UTC offset can misorder by hours, fine for a default.
 */
function newestTime(text: string): Date | undefined {
  const re = /\b(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))/g;
  let bestKey = "";
  let best = "";
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const key = `${m[1]}T${m[2]}`;
    if (key > bestKey) {
      bestKey = key;
      best = key;
    }
  }
  const t = best ? Date.parse(best) : NaN;
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** The same event pasted twice (describe's Events and a get-events table) counts once, widest span kept. */
function dedupeEvents(events: KubeEventRecord[]): KubeEventRecord[] {
  const by = new Map<string, KubeEventRecord>();
  for (const e of events) {
    const k = `${e.namespace}|${e.involvedName}|${e.reason}|${e.message}`;
    const prior = by.get(k);
    if (!prior) {
      by.set(k, { ...e });
      continue;
    }
    prior.count = Math.max(prior.count, e.count);
    if (e.firstSeen < prior.firstSeen) prior.firstSeen = e.firstSeen;
    if (e.lastSeen > prior.lastSeen) prior.lastSeen = e.lastSeen;
    prior.source = prior.source ?? e.source;
    if (!prior.namespace) prior.namespace = e.namespace;
  }
  return [...by.values()];
}

function assemble(c: Collected, now: Date): ParsedEvidence {
  const cluster = PASTE_CLUSTER;
  const pods: PodState[] = [];
  const podsByKey = new Map<string, PodState>();
  for (const [key, p] of c.pods) podsByKey.set(key, toPodState(p.obj, cluster));
  const podByName = (ns: string, name: string): { key: string; pod: unknown } | undefined => {
    for (const k of [`${ns}/${name}`, `/${name}`]) {
      const p = c.pods.get(k);
      if (p) return { key: k, pod: p.obj };
    }
    if (!ns) for (const [k, p] of c.pods) if (k.endsWith(`/${name}`)) return { key: k, pod: p.obj };
    return undefined;
  };

  const runners: RunnerState[] = [];
  const usedPods = new Set<string>();
  for (const er of c.ers.values()) {
    const m = obj(obj(er).metadata);
    const hit = podByName(str(m.namespace) ?? "", str(m.name) ?? "");
    if (hit) usedPods.add(hit.key);
    runners.push(toRunnerState(er, hit?.pod, cluster));
  }
  for (const [key, pod] of podsByKey) {
    if (usedPods.has(key)) continue;
    if (pod.role === "runner") {
      // a runner pod without its EphemeralRunner in the paste: its state stands in for the ER
      runners.push({
        cluster,
        namespace: pod.namespace,
        name: pod.name,
        scaleSet: pod.scaleSet ?? scaleSetFromRunnerName(pod.name) ?? "",
        ephemeralRunnerSet: pod.name.replace(/-runner-[a-z0-9]{5}$/, ""),
        uid: pod.uid,
        createdAt: pod.createdAt,
        phase: pod.phase === "Unknown" ? "" : pod.phase,
        failureCount: 0,
        failureTimes: [],
        finalizers: [],
        pod,
      });
    } else pods.push(pod);
  }

  const logs = c.logs;
  const scaleSetNames = new Set<string>();
  for (const a of c.ars.values()) scaleSetNames.add(str(obj(obj(a).metadata).name) ?? "");
  for (const r of runners) if (r.scaleSet) scaleSetNames.add(r.scaleSet);
  for (const p of pods) if (p.scaleSet) scaleSetNames.add(p.scaleSet);
  for (const rec of logs) {
    const n = runnerNameOf(rec).name ?? (rec.pod ? rec.pod : undefined);
    const s = n ? (scaleSetFromRunnerName(n) ?? scaleSetFromListenerName(n)) : undefined;
    if (s) scaleSetNames.add(s);
  }
  for (const l of c.listeners.values()) {
    const s = str(obj(obj(l).spec).autoscalingRunnerSetName);
    if (s) scaleSetNames.add(s);
  }
  scaleSetNames.delete("");

  // listener samples: scale set from the listener pod the lines came from, else the only one known
  const only = scaleSetNames.size === 1 ? [...scaleSetNames][0] : undefined;
  const samples: ListenerSample[] = [];
  for (const rec of logs) {
    if (rec.origin !== "listener") continue;
    const hint = (rec.pod ? scaleSetFromListenerName(rec.pod) : undefined) ?? only ?? "unknown";
    const s = listenerSampleFromLog(rec, hint);
    if (!s) continue;
    samples.push({ ...s, cluster, namespace: s.namespace ?? rec.namespace ?? "", at: s.at ?? now.toISOString() });
  }

  const runnerHistory = buildRunnerLives(logs, runners, cluster, now.toISOString());
  const scaleSets = [...c.ars.values()].map((a) => toScaleSetState(a, cluster));
  const runnerSets = [...c.erss.values()].map((e) => toRunnerSetState(e, cluster));
  const controllerPod = pods.find((p) => p.role === "controller");
  const controllerVersion = controllerPod?.labels["app.kubernetes.io/version"] ?? c.controllerVersion;

  const times = [...logs.flatMap((l) => l.time ?? []), ...c.events.map((e) => e.firstSeen), ...runnerHistory.map((l) => l.createdAt)].sort();
  const windowStart = times[0] && times[0] < now.toISOString() ? times[0] : new Date(now.getTime() - 3_600_000).toISOString();
  const snapshot: FleetSnapshot = emptySnapshot(windowStart, false, NOT_IN_PASTE);
  snapshot.clusters = [{ name: cluster, ...(controllerVersion ? { controllerVersion } : {}) }];
  snapshot.scaleSets = scaleSets;
  snapshot.runnerSets = runnerSets;
  snapshot.runners = runners;
  snapshot.runnerHistory = runnerHistory;
  snapshot.pods = pods;
  snapshot.events = dedupeEvents(c.events);
  snapshot.logs = logs;
  snapshot.listenerSamples = samples;
  snapshot.github = { jobs: [...c.jobs.values()], runners: [...c.ghRunners.values()], runnerGroups: [], rateLimits: c.rateLimits };

  const count = (o: LogRecord["origin"]) => logs.filter((l) => l.origin === o).length;
  const available: Partial<Record<DataSlice, boolean>> = {
    scaleSets: scaleSets.length > 0,
    runnerSets: runnerSets.length > 0,
    runners: runners.length > 0,
    runnerHistory: runnerHistory.length > 0,
    // runner pods live on `runners`; "pods" means the paste showed the controller-side pods (else a
    // paste of runner pods alone would read as "no listener pod")
    pods: pods.length > 0,
    events: c.events.length > 0,
    controllerLogs: count("controller") > 0,
    listenerLogs: count("listener") > 0,
    runnerLogs: count("runner") + count("workflow") > 0,
    listenerStats: samples.length > 0,
    githubJobs: c.jobs.size > 0,
    githubRunners: c.ghRunners.size > 0,
    githubRateLimit: c.rateLimits.length > 0,
    clusterInfo: controllerVersion !== undefined,
  };
  for (const [slice, ok] of Object.entries(available) as [DataSlice, boolean][]) if (ok) snapshot.slices[slice] = { available: true };

  const summary: EvidenceSummary = {
    logLines: logs.filter((l) => l.format !== "plain" || l.origin !== "unknown").length,
    controllerLogLines: count("controller"),
    listenerLogLines: count("listener"),
    runnerLogLines: count("runner") + count("workflow"),
    otherLogLines: logs.filter((l) => l.origin === "unknown" && l.format !== "plain").length,
    pods: c.pods.size,
    runners: runners.length,
    scaleSets: scaleSets.length,
    runnerSets: runnerSets.length,
    listeners: c.listeners.size,
    events: snapshot.events.length,
    githubJobs: c.jobs.size,
    githubRunners: c.ghRunners.size,
    rateLimits: c.rateLimits.length,
    listenerSamples: samples.length,
    runnerLives: runnerHistory.length,
    describeBlocks: c.describeBlocks,
    tables: c.tables,
    documents: c.documents,
    unrecognisedLines: c.unrecognised.length,
  };
  return { snapshot, unrecognised: c.unrecognised, summary, scaleSetNames: [...scaleSetNames].sort(), now };
}
