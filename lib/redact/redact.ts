/**
 * Secret redaction for anything that may be shown, stored or sent: pasted evidence, log lines,
 * Kubernetes objects. Every pattern is linear (no nested quantifiers) so a multi-megabyte paste
 * is scanned in milliseconds.
 */

export type RedactionKind = "jit-config" | "github-token" | "authorization" | "private-key" | "query-secret" | "jwt" | "secret";

const mark = (kind: RedactionKind): string => `[REDACTED:${kind}]`;

/** Keys whose value is a JIT config / token. */
const JIT_KEYS = "ACTIONS_RUNNER_INPUT_JITCONFIG|jitToken|jit_token|runnerJITConfig|encoded_jit_config|encodedJITConfig|jitConfig";

/** Values already redacted, or kubectl-describe placeholders (`<set to the key 'jitToken' in secret 'x'>`), stay. */
const KEEP_VALUE = /^(?:\[REDACTED|<)/;

interface Pattern {
  re: RegExp;
  /** Builds the replacement from the match groups. */
  replace: (match: string, ...groups: string[]) => string;
}

const keepPrefix =
  (kind: RedactionKind) =>
  (match: string, prefix: string, value: string): string =>
    KEEP_VALUE.test(value) ? match : `${prefix}${mark(kind)}`;

const PATTERNS: Pattern[] = [
  // env list in pod JSON/YAML: {"name":"ACTIONS_RUNNER_INPUT_JITCONFIG","value":"…"} / `- name: …\n  value: …`
  {
    re: /(ACTIONS_RUNNER_INPUT_JITCONFIG\\?["']?\s*,\s*\\?["']?value\\?["']?\s*:\s*\\?["']?)([^\s"'\\,}]+)/g,
    replace: keepPrefix("jit-config"),
  },
  {
    re: /(ACTIONS_RUNNER_INPUT_JITCONFIG["']?[ \t]*\r?\n[ \t]*value:[ \t]*["']?)([^\s"']+)/g,
    replace: keepPrefix("jit-config"),
  },
  // KEY=value, "KEY": "value", KEY: value
  {
    // `jitToken:  1520 bytes` (kubectl describe secret) is a size, not the token
    re: new RegExp(`((?:${JIT_KEYS})\\\\?["']?[ \\t]*[:=][ \\t]*\\\\?["']?)(?!\\d+ bytes\\b)([^\\s"'\\\\,;}]+)`, "gi"),
    replace: keepPrefix("jit-config"),
  },
  // PEM private keys, complete or truncated (handled procedurally below for the truncated tail)
  {
    re: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[A-Za-z0-9+/=\s\\:,-]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g,
    replace: () => mark("private-key"),
  },
  {
    // truncated: swallow the base64 lines that follow (real or JSON-escaped newlines), not the next log line
    re: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----(?:(?:\s|\\n)+[A-Za-z0-9+/=]{16,})*(?:(?:\s|\\n)+[A-Za-z0-9+/]*={1,2})?/g,
    replace: () => mark("private-key"),
  },
  // Authorization headers
  {
    re: /(authorization\\?["']?[ \t]*[:=][ \t]*\\?["']?(?:Bearer|token|Basic|RemoteAuth)[ \t]+)([^\s"'\\,]+)/gi,
    replace: keepPrefix("authorization"),
  },
  { re: /(x-access-token:)([^@\s"']+)(?=@)/gi, replace: keepPrefix("github-token") },
  // https://user:password@host
  { re: /(https?:\/\/[^/\s:@"']+:)([^@\s"'/]+)(?=@)/gi, replace: keepPrefix("secret") },
  // GitHub tokens
  { re: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, replace: () => mark("github-token") },
  { re: /\bgh[pousr]_[A-Za-z0-9]{20,}/g, replace: () => mark("github-token") },
  // JWTs (GitHub App / OIDC / Actions service tokens)
  { re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, replace: () => mark("jwt") },
  // A long base64 JSON blob (a JIT config is base64 of `{"…`) with no key in sight
  { re: /\beyJ[A-Za-z0-9+/]{120,}={0,2}/g, replace: () => mark("jit-config") },
  // password=/token=/secret= in URLs, query strings and key=value logs
  {
    re: /(\b(?:password|passwd|pwd|token|access_token|refresh_token|client_secret|secret|api_key|apikey|sig)=)([^&\s"'<>\\]+)/gi,
    replace: keepPrefix("query-secret"),
  },
];

/** Replaces every secret in `text` by `[REDACTED:<kind>]`. Idempotent. */
export function redact(text: string): string {
  let out = text;
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    out = out.replace(p.re, p.replace as (substring: string, ...args: unknown[]) => string);
  }
  return out;
}

/** Object keys whose string value is secret whatever it looks like. */
const SECRET_KEY = /^(?:jittoken|jit_token|runnerjitconfig|encoded_jit_config|encodedjitconfig|jitconfig|password|passwd|token|access_token|refresh_token|client_secret|secret|authorization|private_key|privatekey|github_app_private_key|github_token)$/i;

const MAX_DEPTH = 200;

/** Deep copy of `v` with every string redacted and values under secret-looking keys replaced. */
export function redactValue<T>(v: T): T {
  return walk(v, 0, new WeakMap()) as T;
}

function walk(v: unknown, depth: number, seen: WeakMap<object, unknown>): unknown {
  if (typeof v === "string") return redact(v);
  if (v === null || typeof v !== "object") return v;
  if (depth > MAX_DEPTH) return "[REDACTED:too-deep]";
  const prior = seen.get(v);
  if (prior !== undefined) return prior;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    seen.set(v, out);
    for (const item of v) out.push(walk(item, depth + 1, seen));
    return out;
  }
  if (v instanceof Date) return new Date(v.getTime());
  const out: Record<string, unknown> = {};
  seen.set(v, out);
  for (const [k, val] of Object.entries(v)) {
    if (SECRET_KEY.test(k) && (typeof val === "string" || typeof val === "number") && !KEEP_VALUE.test(String(val))) {
      out[k] = mark(k.toLowerCase().includes("jit") ? "jit-config" : "secret");
    } else {
      out[k] = walk(val, depth + 1, seen);
    }
  }
  return out;
}
