/**
 * `npm run --silent diagnose -- [--json] FILE... | -`: diagnose pasted evidence (logs, kubectl output,
 * YAML/JSON, GitHub API JSON) from files or stdin, offline. All inputs form one paste.
 * Prints finding cards as text, or `{"findings":[…],"notEvaluated":[…],"parsed":{…}}` with --json.
 */
import { readFile } from "node:fs/promises";
import { diagnoseText, PasteTooLargeError, type DiagnoseTextResult } from "@/lib/evidence/diagnose-text";
import { subjectLabel } from "@/lib/diagnosis/helpers/subject";
import type { Finding } from "@/lib/model";

const USAGE = "usage: npm run --silent diagnose -- [--json] [--now ISO-TIME] FILE... | -";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

function card(f: Finding): string {
  const out: string[] = [];
  out.push(`${f.severity.toUpperCase()}  ${f.title}`);
  out.push(`  subject: ${subjectLabel(f.subject) || "(fleet)"}   rule: ${f.ruleId}   confidence: ${f.confidence}`);
  out.push(`  ${f.explanation}`);
  if (f.evidence.length) {
    out.push("  Evidence:");
    for (const e of f.evidence) {
      out.push(`    - ${e.observation} (${e.source}${e.at ? `, ${e.at}` : ""})`);
      if (e.excerpt) out.push(`        > ${e.excerpt}`);
    }
  }
  if (f.runbook.length) {
    out.push("  Runbook:");
    f.runbook.forEach((s, i) => {
      out.push(`    ${i + 1}. ${s.action}`);
      if (s.command) out.push(`       $ ${s.command}`);
      out.push(`       → ${s.tellsYou}`);
    });
  }
  if (f.differential) out.push(`  Differential: ${f.differential}`);
  return out.join("\n");
}

function text(out: DiagnoseTextResult): string {
  const { result, parsed } = out;
  const lines: string[] = [];
  if (result.findings.length === 0) lines.push("No findings in the pasted evidence.");
  for (const f of result.findings) lines.push(card(f), "");
  const read = Object.entries(parsed)
    .filter(([k, v]) => v > 0 && k !== "unrecognisedLines")
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  lines.push(`Read: ${read || "nothing recognisable"}; ${out.unrecognisedCount} line(s) unrecognised.`);
  if (result.notEvaluated.length) {
    const missing = [...new Set(result.notEvaluated.flatMap((n) => n.missing.map((m) => m.slice)))].sort();
    lines.push(`Not evaluated: ${result.notEvaluated.length} rule(s) — the paste has no ${missing.join(", ")}.`);
  }
  return lines.join("\n");
}

async function main(argv: string[]): Promise<number> {
  let json = false;
  let now: Date | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--json") json = true;
    else if (a === "--now") now = new Date(argv[++i] ?? "");
    else if (a === "-h" || a === "--help") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else files.push(a);
  }
  if (files.length === 0 || (now && Number.isNaN(now.getTime()))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const parts: string[] = [];
  for (const f of files) {
    try {
      parts.push(f === "-" ? await readStdin() : await readFile(f, "utf8"));
    } catch (e) {
      process.stderr.write(`cannot read ${f}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }
  let out: DiagnoseTextResult;
  try {
    out = diagnoseText(parts.join("\n"), now ? { now } : {});
  } catch (e) {
    if (e instanceof PasteTooLargeError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  process.stdout.write(json ? `${JSON.stringify({ findings: out.result.findings, notEvaluated: out.result.notEvaluated, parsed: out.parsed }, null, 2)}\n` : `${text(out)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
