import type { Finding, NotEvaluated } from "@/lib/model";
import { FindingCard } from "./finding-card";

/** Cards worst first, plus the rules that could not run and why (never shown as healthy). */
export function FindingsList({ findings, notEvaluated = [], now, emptyText }: { findings: Finding[]; notEvaluated?: NotEvaluated[]; now: string; emptyText: string }) {
  return (
    <div className="space-y-3">
      {findings.length === 0 ? <p className="rounded border border-dashed border-zinc-300 p-4 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">{emptyText}</p> : null}
      {findings.map((f, i) => (
        <FindingCard key={f.fingerprint} finding={f} now={now} open={i < 2} />
      ))}
      {notEvaluated.length > 0 ? (
        <details className="text-sm text-zinc-600 dark:text-zinc-400">
          <summary className="cursor-pointer">{notEvaluated.length} checks not evaluated (their data is unavailable)</summary>
          <ul className="mt-1 list-disc pl-5">
            {notEvaluated.map((n) => (
              <li key={n.ruleId}>
                <span className="font-medium">{n.title}</span>: needs {n.missing.map((m) => `${m.slice}${m.reason ? ` (${m.reason})` : ""}`).join(", ")}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
