import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { handleDiagnoseRequest } from "./diagnose-request";
import { diagnoseText, MAX_PASTE_BYTES, PasteTooLargeError } from "./diagnose-text";
import { Rng } from "@/lib/simulator/arc/random";

/**
 * Fuzzing the paste path with a seeded generator: whatever a user pastes, parsing and diagnosis finish, within a
 * time bound, without throwing (except the typed too-large error) and without keeping memory.
 *
 * Bounds (a busy 2-core CI machine, generous but real): any input up to 5 MB < 3 s of wall time; heap after all
 * inputs, after a GC, < 64 MB above the start.
 */

const TIME_BOUND_MS = 3_000;
const HEAP_BOUND_BYTES = 64 * 1024 * 1024;
const SEED = 0x5eed_2026;

/** The simulator's seeded generator: fuzz inputs replay exactly from SEED. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const FIXTURES = readdirSync(join(import.meta.dirname, "__fixtures__")).map((f) => readFileSync(join(import.meta.dirname, "__fixtures__", f), "utf8"));

const K8S_JSON = JSON.stringify(
  {
    apiVersion: "v1",
    kind: "List",
    items: Array.from({ length: 30 }, (_, i) => ({
      apiVersion: "actions.github.com/v1alpha1",
      kind: "EphemeralRunner",
      metadata: { name: `web-abcde-runner-${i}`, namespace: "arc-runners", uid: `uid-${i}`, labels: { "actions.github.com/scale-set-name": "web" } },
      status: { phase: i % 3 ? "Running" : "Failed", failures: { [`pod-${i}`]: "2026-03-01T04:00:00Z" }, message: "Pod has failed to start more than 5 times" },
    })),
  },
  null,
  2,
);
const K8S_YAML = K8S_JSON.replace(/[{}[\],"]/g, "").replace(/^\s*\n/gm, "");

function generators(r: () => number): { name: string; make: () => string }[] {
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const printable = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + int(95))).join("");
  const unicode = (n: number) => Array.from({ length: n }, () => String.fromCodePoint(pick([int(0x80), 0x80 + int(0x780), 0x4e00 + int(0x5000), 0x1f300 + int(0x300), 0xfeff]))).join("");
  const truncate = (s: string) => s.slice(0, 1 + int(s.length - 1));
  const ansi = () => `\u001b[${pick(["0", "1", "31", "32;1", "38;5;208", "2K", "?25l", "1;1H"])}${pick(["m", "K", "H", "J", ""])}`;
  return [
    { name: "random printable text", make: () => Array.from({ length: 1 + int(200) }, () => printable(int(300))).join(pick(["\n", "\r\n", "\r"])) },
    { name: "random unicode", make: () => unicode(1 + int(20_000)) },
    { name: "truncated JSON", make: () => truncate(K8S_JSON) },
    { name: "truncated YAML", make: () => truncate(K8S_YAML) },
    { name: "truncated real paste", make: () => truncate(pick(FIXTURES)) },
    { name: "spliced real pastes", make: () => Array.from({ length: 4 }, () => truncate(pick(FIXTURES))).join(pick(["", "\n", "\u0000"])) },
    { name: "binary bytes", make: () => Buffer.from(Array.from({ length: 1 + int(50_000) }, () => int(256))).toString(pick(["latin1", "utf8"] as const)) },
    { name: "ANSI soup", make: () => Array.from({ length: 2_000 }, () => (r() < 0.5 ? ansi() : printable(int(20)))).join(r() < 0.2 ? "\n" : "") },
    { name: "CRLF log", make: () => pick(FIXTURES).replace(/\n/g, "\r\n") + "\r\r\n\n\r" },
    { name: "JSON/YAML mix with bad indentation", make: () => K8S_YAML.split("\n").map((l) => " ".repeat(int(9)) + l.trimStart()).join("\n") },
  ];
}

function nested(open: string, close: string, levels: number): string {
  return open.repeat(levels) + close.repeat(levels);
}

/** Parse + every rule (diagnoseText runs parseEvidence), failing the test on a throw; returns wall ms. */
function timed(text: string): number {
  const t0 = performance.now();
  diagnoseText(text);
  return performance.now() - t0;
}

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe("fuzzing the paste path", () => {
  it(`survives 300 seeded random inputs, each < ${TIME_BOUND_MS} ms`, () => {
    const r = rng(SEED);
    const gens = generators(r);
    const slow: string[] = [];
    for (let i = 0; i < 300; i++) {
      const g = gens[i % gens.length]!;
      const input = g.make();
      let ms: number;
      try {
        ms = timed(input);
      } catch (e) {
        throw new Error(`input #${i} (${g.name}, ${input.length} chars) threw: ${e instanceof Error ? e.stack : String(e)}`);
      }
      if (ms > TIME_BOUND_MS) slow.push(`#${i} ${g.name}: ${Math.round(ms)} ms`);
    }
    expect(slow).toEqual([]);
  });

  it("survives 100k levels of nesting, huge single lines and a 5 MB paste, each within the bound", () => {
    const r = rng(SEED + 1);
    const line = Array.from({ length: 4 * 1024 * 1024 }, () => String.fromCharCode(33 + Math.floor(r() * 90))).join("");
    const fiveMb = (FIXTURES.join("\n") + "\n").repeat(Math.ceil(MAX_PASTE_BYTES / Buffer.byteLength(FIXTURES.join("\n") + "\n")));
    const cases: Record<string, string> = {
      "[[[… 100k": nested("[", "]", 100_000),
      "[[[… 100k unclosed": "[".repeat(100_000),
      '{"a":… 100k': `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`,
      "YAML 2,000 indent levels": Array.from({ length: 2_000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n"),
      "YAML flow 100k": nested("{a: ", "}", 100_000),
      "4 MB single line": line,
      "4 MB single JSON string": JSON.stringify({ message: line }),
      "5 MB of real pastes": Buffer.from(fiveMb).subarray(0, MAX_PASTE_BYTES - 64).toString("utf8"),
    };
    const over: string[] = [];
    for (const [name, text] of Object.entries(cases)) {
      let ms: number;
      try {
        ms = timed(text);
      } catch (e) {
        throw new Error(`${name} threw: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (ms > TIME_BOUND_MS) over.push(`${name}: ${Math.round(ms)} ms`);
    }
    expect(over).toEqual([]);
  });

  it("rejects a 10 MB+ paste with the typed error, quickly", () => {
    const big = "x".repeat(10 * 1024 * 1024 + 1);
    const t0 = performance.now();
    expect(() => diagnoseText(big)).toThrow(PasteTooLargeError);
    expect(() => diagnoseText(big)).toThrow(/the limit is 5 MB/);
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  it(`keeps no memory: heap after a GC stays < ${HEAP_BOUND_BYTES / 1024 / 1024} MB above the start after 200 inputs`, () => {
    const r = rng(SEED + 2);
    const gens = generators(r);
    for (let i = 0; i < 20; i++) timed(gens[i % gens.length]!.make()); // warm up: compiled code, interned tables
    const before = heapAfterGc();
    for (let i = 0; i < 200; i++) timed(gens[i % gens.length]!.make());
    timed(nested("[", "]", 100_000));
    const growth = heapAfterGc() - before;
    expect(growth).toBeLessThan(HEAP_BOUND_BYTES);
  });
});

describe("POST /api/diagnose with a 10 MB+ body", () => {
  const TEN_MB = 10 * 1024 * 1024 + 1;
  const expect413 = (res: Awaited<ReturnType<typeof handleDiagnoseRequest>>) => {
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: "payload_too_large", message: "The pasted text is too large; the limit is 5 MB" } });
  };

  it("answers 413 with the clear message when Content-Length says so", async () => {
    const body = new Uint8Array(TEN_MB).fill(0x61);
    expect413(await handleDiagnoseRequest(new Request("http://127.0.0.1/api/diagnose", { method: "POST", body, headers: { "content-type": "text/plain", "content-length": String(TEN_MB) } })));
  });

  it("answers 413 on a chunked body without buffering all of it", async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x62);
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= TEN_MB) return c.close();
        sent += chunk.byteLength;
        c.enqueue(chunk);
      },
    });
    const req = new Request("http://127.0.0.1/api/diagnose", { method: "POST", body: stream, headers: { "content-type": "text/plain" }, duplex: "half" } as RequestInit);
    expect(req.headers.get("content-length")).toBeNull();
    expect413(await handleDiagnoseRequest(req));
    // reading stops just past the limit: the rest of the 10 MB is never pulled
    expect(sent).toBeLessThan(MAX_PASTE_BYTES + 4 * chunk.byteLength);
  });
});
