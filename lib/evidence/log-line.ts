import type { ListenerSample, LogLevel, LogRecord } from "@/lib/model";
import { iso, num, obj, str } from "@/lib/sources/kubernetes/normalize/loose";
import { safeJsonParse } from "./safe-parse";

/**
 * One log line → LogRecord, for every format ARC and the runner write (arc-model §2.1, §3.2):
 * zap JSON/console (≤0.13 listener, controller), slog JSON/text (≥0.14 listener), runner container
 * output (optionally behind the containerd `<time> stdout F ` prefix) and the listener's unstructured
 * "Application returned an error: …". Total: never throws, returns undefined for lines it does not know.
 * The caller redacts first.
 */
export function parseLogLine(line: string): LogRecord | undefined {
  const raw = line;
  let text = line.trimEnd();
  if (text.length === 0) return undefined;

  // containerd / CRI prefix: `2026-03-01T04:00:00.123456789Z stdout F <content>`
  let criTime: string | undefined;
  const cri = CRI_PREFIX.exec(text);
  if (cri) {
    criTime = iso(cri[1]);
    text = cri[3] ?? "";
  } else {
    // `kubectl logs --timestamps`: `<RFC3339> <line>` with no stream marker
    const ts = TS_PREFIX.exec(text);
    if (ts) {
      criTime = iso(ts[1]);
      text = text.slice((ts[0] ?? "").length);
    }
  }
  const inner = parseContent(text.trim()) as LogRecord | undefined;
  if (inner) {
    // mutate rather than spread: this runs once per line of multi-million-line inputs
    inner.raw = raw;
    if (inner.time === undefined && criTime !== undefined) inner.time = criTime;
    return inner;
  }
  if (cri) return runnerRecord(text, criTime, raw);
  return undefined;
}

const CRI_PREFIX = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)) (stdout|stderr) [FP] ?(.*)$/;
const TS_PREFIX = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z) (?=\{|time=|\d{4}-\d\d-\d\d[T ])/;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/;
const LEVEL_WORD = /^(debug|info|warn|warning|error|dpanic|panic|fatal)$/i;
/** Runner (actions/runner) console: `2026-03-01 04:00:00Z: Listening for Jobs`. */
const RUNNER_TS = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ): (.*)$/;
/** Runner diag log: `[RUNNER 2026-03-01 04:00:00Z INFO Runner] message`. */
const RUNNER_DIAG = /^\[(?:RUNNER|WORKER) (\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ) (\w+) ([^\]]*)\] ?(.*)$/;
/** Lines only the runner binary prints (no timestamp). */
const RUNNER_TEXT =
  /^(?:√ |\u221a |Connected to GitHub|Listening for Jobs|Running job: |Job .+ completed with result|Current runner version|Runner reconfigured|Runner update|Self-hosted runner registration|Authentication|Exiting runner|An error occurred: |Error: |Waiting for docker|Docker is ready|Failed to create a session|VssOAuthTokenRequestException|.*Registration [0-9a-f-]{36} was not found|Runner listener exit|Runner connect error|Waiting for \d+ seconds before retrying|Http response code: |Starting Runner listener|Runner.Listener|Settings Saved|\[RUNNER )/;

const CONTROLLER_LOGGERS = new Set(["AutoscalingRunnerSet", "EphemeralRunnerSet", "EphemeralRunner", "AutoscalingListener", "setup", "controller-runtime", "controllers"]);
const CONTROLLER_KEYS = ["autoscalingrunnerset", "ephemeralrunnerset", "ephemeralrunner", "autoscalinglistener", "controller", "reconcileID"];
const LISTENER_COMPONENTS = new Set(["listener", "worker", "metrics exporter", "scaler"]);
const LISTENER_MESSAGES =
  /^(?:Calculated target runner count|Getting next message|Current runner scale set statistics|New runner scale set statistics|Processing message|Job (?:available|assigned|started|completed) message received|Acquiring jobs|Jobs are acquired|Jobs acquired|Unable to create message session|Application returned an error|Handling initial session statistics|Starting listener|Starting metrics server|Updating job info for the runner|Ephemeral runner set scaled|Ephemeral runner status updated with the merge patch|Ephemeral runner not found, skipping patching|Creating message session|Deleting message session|Message queue token is expired|Get multi-scale-set message|Scale set message)/;
const CONTROLLER_MESSAGES =
  /(?:ephemeral runner|EphemeralRunner|runner scale set|AutoscalingListener|listener pod|Scaling comparison|runner set spec hash|Autoscaling runner set|RunnerScaleSetListener|Reconcil|Starting workers|Starting EventSource|Starting Controller|Resource quota is exceeded|Runner job is still running|Backing off the next reconciliation|Pod has a failed init container|Pod is in failed phase|Listener config secret)/;

function parseContent(text: string): Omit<LogRecord, "raw"> | undefined {
  const c = text.charCodeAt(0);
  if (c === 123 /* { */) return parseJsonLine(text);
  if (text.startsWith("time=")) return parseSlogText(text);
  if (text.startsWith("Application returned an error")) {
    return { origin: "listener", level: "error", message: text, fields: {}, format: "plain" };
  }
  if (c >= 48 && c <= 57 /* digit */) {
    const zap = parseZapText(text);
    if (zap) return zap;
    const rt = RUNNER_TS.exec(text);
    if (rt) return runnerRecord(rt[2] ?? "", iso((rt[1] ?? "").replace(" ", "T")), text);
  }
  if (c === 91 /* [ */) {
    const d = RUNNER_DIAG.exec(text);
    if (d) {
      const r = runnerRecord(d[4] ?? "", iso((d[1] ?? "").replace(" ", "T")), text);
      return { ...r, level: level(d[2]), logger: d[3] };
    }
  }
  const tail = parseMessageWithFields(text);
  if (tail) return tail;
  if (RUNNER_TEXT.test(text)) return runnerRecord(text, undefined, text);
  return undefined;
}

function runnerRecord(message: string, time: string | undefined, raw: string): LogRecord {
  const m = message.trim();
  const lvl: LogLevel = /(?:error|exception|failed|not found)/i.test(m) ? "error" : "info";
  const rec: LogRecord = { origin: "runner", level: lvl, message: m, fields: {}, raw, format: "runner" };
  if (time) rec.time = time;
  return rec;
}

export function level(v: unknown): LogLevel {
  const s = typeof v === "string" ? v.toLowerCase() : "";
  switch (s) {
    case "debug":
    case "trace":
      return "debug";
    case "info":
    case "information":
      return "info";
    case "warn":
    case "warning":
      return "warn";
    case "error":
    case "err":
      return "error";
    case "dpanic":
    case "panic":
    case "fatal":
    case "critical":
      return "fatal";
    default:
      return s.startsWith("debug") || /^-?\d+$/.test(s) ? "debug" : "unknown";
  }
}

const ZAP_RESERVED = new Set(["ts", "severity", "level", "logger", "message", "msg", "caller", "stacktrace"]);
const SLOG_RESERVED = new Set(["time", "level", "msg", "source", "component"]);

function parseJsonLine(text: string): Omit<LogRecord, "raw"> | undefined {
  const parsed = safeJsonParse(text);
  if (!parsed.ok) return salvageTruncated(text);
  const o = obj(parsed.value);
  const message = str(o.message) ?? str(o.msg);
  if (message === undefined) return undefined;
  if (o.ts !== undefined || o.severity !== undefined || o.logger !== undefined) {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (!ZAP_RESERVED.has(k)) fields[k] = v;
    const logger = str(o.logger);
    return withOrigin({ time: iso(o.ts), level: level(o.severity ?? o.level), logger, message, fields, format: "zap-json" });
  }
  if (o.time !== undefined || o.level !== undefined) {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (!SLOG_RESERVED.has(k)) fields[k] = v;
    const src = obj(o.source);
    if (str(src.file)) fields.sourceFile = `${str(src.file)}:${str(src.line) ?? ""}`;
    return withOrigin({ time: iso(o.time), level: level(o.level), logger: str(o.component), message, fields, format: "slog-json" });
  }
  return undefined;
}

/** `"key":"value"` of a JSON line that was cut off (chat limits, `kubectl logs | cut`). */
function jsonString(text: string, key: string): string | undefined {
  const m = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.){0,2000})"`).exec(text);
  return m?.[1]?.replace(/\\(.)/g, "$1");
}

/** A truncated zap/slog JSON line still tells time, level, logger and message; fields are lost. */
function salvageTruncated(text: string): Omit<LogRecord, "raw"> | undefined {
  if (text.length < 20 || !/^\{"(?:ts|time|level|severity|logger|msg|message)"/.test(text)) return undefined;
  const message = jsonString(text, "message") ?? jsonString(text, "msg");
  if (message === undefined) return undefined;
  const slog = jsonString(text, "msg") !== undefined && jsonString(text, "message") === undefined;
  const time = jsonString(text, slog ? "time" : "ts") ?? /"ts"\s*:\s*(\d+(?:\.\d+)?)/.exec(text)?.[1];
  const lvl = jsonString(text, "severity") ?? jsonString(text, "level");
  const logger = slog ? jsonString(text, "component") : jsonString(text, "logger");
  return withOrigin({
    time: iso(time !== undefined && /^\d+(?:\.\d+)?$/.test(time) ? Number(time) : time),
    level: level(lvl),
    logger,
    message,
    fields: { truncated: true },
    format: slog ? "slog-json" : "zap-json",
  });
}

/** zap console: `RFC3339 \t LEVEL \t [logger \t] message \t [{json}]`; tabs may have become spaces in a chat paste. */
function parseZapText(text: string): Omit<LogRecord, "raw"> | undefined {
  const tabs = text.split("\t");
  let time: string | undefined;
  let lvl: string | undefined;
  let rest: string[];
  if (tabs.length >= 3 && RFC3339.test(tabs[0] ?? "") && LEVEL_WORD.test((tabs[1] ?? "").trim())) {
    time = tabs[0];
    lvl = (tabs[1] ?? "").trim();
    rest = tabs.slice(2);
  } else {
    const m = /^(\S+)\s+([A-Za-z]+)\s+(.*)$/.exec(text);
    if (!m || !RFC3339.test(m[1] ?? "") || !LEVEL_WORD.test(m[2] ?? "")) return undefined;
    time = m[1];
    lvl = m[2];
    const body = m[3] ?? "";
    const sp = /^(\S+)\s+(.*)$/.exec(body);
    const first = sp?.[1] ?? "";
    // a logger is one token: a known controller logger or a dotted listener-app name
    rest = sp && (CONTROLLER_LOGGERS.has(first) || first.startsWith("listener-app")) ? [first, sp[2] ?? ""] : [body];
    if (rest.length === 1) {
      const j = splitJsonTail(body);
      rest = j ? [j.message, j.json] : [body];
      return finishZap(time, lvl, undefined, rest);
    }
    const j = splitJsonTail(rest[1] ?? "");
    return finishZap(time, lvl, rest[0], j ? [j.message, j.json] : [rest[1] ?? ""]);
  }
  // tab form: [logger, message, json] | [message, json] | [logger, message] | [message]
  const last = rest[rest.length - 1] ?? "";
  const hasJson = last.trimStart().startsWith("{");
  if (rest.length >= 3) return finishZap(time, lvl, rest[0], rest.slice(1));
  if (rest.length === 2 && hasJson) return finishZap(time, lvl, undefined, rest);
  if (rest.length === 2) return finishZap(time, lvl, rest[0], [rest[1] ?? ""]);
  return finishZap(time, lvl, undefined, rest);
}

function finishZap(time: string | undefined, lvl: string | undefined, logger: string | undefined, msgAndJson: string[]): Omit<LogRecord, "raw"> {
  const message = (msgAndJson[0] ?? "").trim();
  let fields: Record<string, unknown> = {};
  const json = msgAndJson.slice(1).join("\t").trim();
  if (json.startsWith("{")) {
    const p = safeJsonParse(json);
    if (p.ok) fields = { ...obj(p.value) };
  }
  return withOrigin({ time: iso(time), level: level(lvl), logger: logger?.trim() || undefined, message, fields, format: "zap-text" });
}

/** `Message text {"key": 1}` (timestamps cut off in a chat) → message + fields. */
function parseMessageWithFields(text: string): Omit<LogRecord, "raw"> | undefined {
  if (!text.endsWith("}")) return undefined;
  const j = splitJsonTail(text);
  if (!j || !/^[A-Z][\w ,.'/:-]{3,}$/.test(j.message)) return undefined;
  const p = safeJsonParse(j.json);
  if (!p.ok) return undefined;
  return withOrigin({ level: "unknown", message: j.message, fields: { ...obj(p.value) }, format: "zap-text" });
}

function splitJsonTail(s: string): { message: string; json: string } | undefined {
  const i = s.indexOf(" {");
  const t = s.indexOf("\t{");
  const at = i < 0 ? t : t < 0 ? i : Math.min(i, t);
  if (at < 0 || !s.trimEnd().endsWith("}")) return undefined;
  return { message: s.slice(0, at).trim(), json: s.slice(at + 1).trim() };
}

/** slog text (logfmt): `time=… level=INFO source=/x.go:1 msg="…" component=worker "assigned job"=3`. */
function parseSlogText(text: string): Omit<LogRecord, "raw"> | undefined {
  const kv = parseLogfmt(text);
  const message = kv.msg;
  if (typeof message !== "string") return undefined;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kv)) if (!SLOG_RESERVED.has(k)) fields[k] = v;
  if (typeof kv.source === "string") fields.sourceFile = kv.source;
  const component = typeof kv.component === "string" ? kv.component : undefined;
  return withOrigin({ time: iso(kv.time), level: level(kv.level), logger: component, message, fields, format: "slog-text" });
}

/** Linear logfmt tokenizer; quoted keys and values, numbers and booleans typed. */
export function parseLogfmt(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let i = 0;
  const n = text.length;
  const readToken = (stopAtEq: boolean): string => {
    if (text[i] === '"') {
      i++;
      let s = "";
      while (i < n && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < n) {
          const e = text[i + 1];
          s += e === "n" ? "\n" : e === "t" ? "\t" : (e ?? "");
          i += 2;
        } else s += text[i++];
      }
      i++;
      return s;
    }
    const start = i;
    while (i < n && text[i] !== " " && !(stopAtEq && text[i] === "=")) i++;
    return text.slice(start, i);
  };
  while (i < n) {
    while (i < n && text[i] === " ") i++;
    if (i >= n) break;
    const key = readToken(true);
    if (text[i] !== "=") {
      if (key) out[key] = true;
      continue;
    }
    i++;
    const quoted = text[i] === '"';
    const value = readToken(false);
    out[key] = quoted ? value : typed(value);
  }
  return out;
}

function typed(v: string): unknown {
  if (/^-?\d+(?:\.\d+)?$/.test(v) && v.length < 16) return Number(v);
  if (v === "true") return true;
  if (v === "false") return false;
  return v;
}

const OBJECT_KEYS: [string, string][] = [
  ["ephemeralrunner", "EphemeralRunner"],
  ["ephemeralrunnerset", "EphemeralRunnerSet"],
  ["autoscalingrunnerset", "AutoscalingRunnerSet"],
  ["autoscalinglistener", "AutoscalingListener"],
];

/**
 * ARC logs the reconciled object as `ephemeralrunner: "ns/name"`; controller-runtime builds log it as
 * `EphemeralRunner: {name, namespace}` (or the lower-case key as an object). Add the string form so
 * every consumer can read one shape; the raw line keeps the original.
 */
function aliasObjectKeys(fields: Record<string, unknown>): void {
  for (const [lower, upper] of OBJECT_KEYS) {
    if (typeof fields[lower] === "string") continue;
    const o = obj(fields[lower] ?? fields[upper]);
    const name = str(o.name);
    if (name) fields[lower] = str(o.namespace) ? `${str(o.namespace)}/${name}` : name;
  }
}

function withOrigin(rec: Omit<LogRecord, "raw" | "origin">): Omit<LogRecord, "raw"> {
  if (rec.format === "zap-json" || rec.format === "zap-text") aliasObjectKeys(rec.fields);
  const out = rec as Omit<LogRecord, "raw">;
  out.origin = inferOrigin(rec.logger, rec.message, rec.fields);
  if (out.time === undefined) delete out.time;
  if (out.logger === undefined) delete out.logger;
  return out;
}

/** Whose log a line is, from logger/component, object keys, then the message itself. */
export function inferOrigin(logger: string | undefined, message: string, fields: Record<string, unknown>): LogRecord["origin"] {
  if (logger) {
    if (logger.startsWith("listener-app") || LISTENER_COMPONENTS.has(logger)) return "listener";
    if (CONTROLLER_LOGGERS.has(logger) || CONTROLLER_LOGGERS.has(logger.split(".")[0] ?? "")) return "controller";
  }
  if (typeof fields.sourceFile === "string" && /ghalistener|actions\/scaleset|scaleset\//.test(fields.sourceFile)) return "listener";
  if (LISTENER_MESSAGES.test(message)) return "listener";
  if (CONTROLLER_KEYS.some((k) => k in fields) || CONTROLLER_MESSAGES.test(message)) return "controller";
  return "unknown";
}

/** Listener statistics carried by a ≤0.13 log line (without cluster/namespace, which the caller knows). */
export type ListenerLogSample = Partial<Omit<ListenerSample, "source" | "scaleSet">> & Pick<ListenerSample, "source" | "scaleSet">;

const STATS_KEYS: [keyof ListenerSample, string][] = [
  ["availableJobs", "totalAvailableJobs"],
  ["acquiredJobs", "totalAcquiredJobs"],
  ["assignedJobs", "totalAssignedJobs"],
  ["runningJobs", "totalRunningJobs"],
  ["registeredRunners", "totalRegisteredRunners"],
  ["busyRunners", "totalBusyRunners"],
  ["idleRunners", "totalIdleRunners"],
];

/**
 * Statistics from a listener log record: "Current runner scale set statistics." (`statistics` is a JSON
 * string), "New runner scale set statistics." (object), "Calculated target runner count" and
 * "Getting next message". Undefined for any other line.
 */
export function listenerSampleFromLog(rec: LogRecord, scaleSetHint: string): ListenerLogSample | undefined {
  const base: ListenerLogSample = { scaleSet: scaleSetHint, source: "log" };
  if (rec.time) base.at = rec.time;
  if (rec.cluster) base.cluster = rec.cluster;
  if (rec.namespace) base.namespace = rec.namespace;
  const msg = rec.message;
  if (msg.startsWith("Current runner scale set statistics") || msg.startsWith("New runner scale set statistics") || msg.startsWith("Handling initial session statistics")) {
    let stats: unknown = rec.fields.statistics;
    if (typeof stats === "string") {
      const p = safeJsonParse(stats);
      stats = p.ok ? p.value : undefined;
    }
    const s = stats === undefined ? rec.fields : obj(stats);
    let any = false;
    for (const [key, src] of STATS_KEYS) {
      const v = num(s[src]);
      if (v !== undefined) {
        (base as Record<string, unknown>)[key] = v;
        any = true;
      }
    }
    return any ? base : undefined;
  }
  if (msg.startsWith("Calculated target runner count")) {
    const f = rec.fields;
    const assigned = num(f["assigned job"]);
    const decision = num(f.decision);
    if (assigned !== undefined) base.assignedJobs = assigned;
    if (decision !== undefined) base.desiredRunners = decision;
    const min = num(f.min);
    const max = num(f.max);
    if (min !== undefined) base.minRunners = min;
    if (max !== undefined) base.maxRunners = max;
    return assigned === undefined && decision === undefined ? undefined : base;
  }
  if (msg.startsWith("Getting next message")) {
    const id = num(rec.fields.lastMessageID ?? rec.fields.lastMessageId);
    if (id === undefined) return undefined;
    base.lastMessageId = id;
    return base;
  }
  return undefined;
}
