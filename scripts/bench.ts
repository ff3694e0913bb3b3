/**
 * `npm run bench [-- NAME…] [--quick]`: runs the benchmarks, prints one table, writes bench/results.json.
 * Each benchmark lives in bench/<name>.ts and is registered in bench/index.ts.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchmarks } from "@/bench";
import { renderTable } from "@/bench/format";
import { met, type Figure } from "@/bench/types";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const names = argv.filter((a) => !a.startsWith("--"));
const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; available: ${benchmarks.map((b) => b.name).join(", ")}`);
  process.exit(2);
}
const selected = names.length ? benchmarks.filter((b) => names.includes(b.name)) : benchmarks.filter((b) => !b.explicit);

const started = Date.now();
const figures: Figure[] = [];
const failures: { bench: string; error: string }[] = [];
for (const b of selected) {
  const t0 = Date.now();
  process.stderr.write(`bench ${b.name}: ${b.description}${quick ? " (quick)" : ""}\n`);
  try {
    figures.push(...(await b.run({ quick, log: (m) => process.stderr.write(`  ${b.name}: ${m}\n`) })));
  } catch (err) {
    failures.push({ bench: b.name, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.stderr.write(`  ${b.name} FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.stderr.write(`  ${b.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
console.log(renderTable(figures));
const missed = figures.filter((f) => met(f) === false);
console.log(`\n${figures.length} figures, ${missed.length} targets missed, ${failures.length} benchmarks failed; ${machine.cores} cores, Node ${machine.node}; ${((Date.now() - started) / 1000).toFixed(0)} s${quick ? " (quick)" : ""}`);
writeFileSync(path.resolve(import.meta.dirname, "../bench/results.json"), JSON.stringify({ at: new Date().toISOString(), quick, machine, figures: figures.map((f) => ({ ...f, met: met(f) })), failures }, null, 2));
process.exit(failures.length ? 1 : 0);
