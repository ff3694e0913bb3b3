import { met, type Figure } from "./types";

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString("en-US");
  return v.toFixed(Math.abs(v) >= 10 ? 1 : 2);
}

/** A plain-text table: one row per figure, with its target and whether it was met. */
export function renderTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const ok = met(f);
    return [f.bench, f.metric, `${num(f.value)} ${f.unit}`, f.target ? `${f.target.op} ${num(f.target.value)} ${f.unit}` : "", ok === undefined ? "" : ok ? "met" : "MISSED", f.note ?? ""];
  });
  const head = ["bench", "figure", "value", "target", "", "note"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
