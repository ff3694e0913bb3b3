import type { SourceHealth } from "@/lib/model";
import { formatAgo } from "@/lib/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";

/**
 * Names every source that is not OK (a cluster API, a listener's statistics, GitHub per org, webhooks, the store),
 * with its last error — so missing data is never mistaken for zeros. Collapses to one calm line when all is well.
 */
export function SourceHealthStrip({ sources, now }: { sources: SourceHealth[]; now: string }) {
  const bad = sources.filter((s) => s.state !== "ok");
  if (sources.length === 0) {
    return (
      <div role="status" className="border-b border-zinc-200 bg-zinc-100 px-4 py-1.5 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
        No data sources have reported yet.
      </div>
    );
  }
  if (bad.length === 0) {
    return (
      <div role="status" aria-label="Data sources" className="border-b border-zinc-200 px-4 py-1.5 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        All {sources.length} data sources OK
      </div>
    );
  }
  return (
    <div role="status" aria-label="Data sources" className="border-b border-amber-200 bg-amber-50/60 px-4 py-1.5 text-xs dark:border-amber-900 dark:bg-amber-950/30">
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {bad.map((s) => (
          <li key={s.id} className="flex items-center gap-1.5">
            <StatusBadge status={s.state === "unavailable" ? "critical" : "warning"} label={s.state === "unavailable" ? "Unavailable" : "Degraded"} />
            <span className="font-medium">{s.label}</span>
            <span className="text-zinc-600 dark:text-zinc-400">
              {s.lastError ? `${s.lastError.message} (${formatAgo(s.lastError.at, now)})` : ""}
              {s.lastSuccess ? ` · last OK ${formatAgo(s.lastSuccess, now)}` : " · never OK"}
            </span>
          </li>
        ))}
        <li className="text-zinc-600 dark:text-zinc-400">{sources.length - bad.length} other sources OK</li>
      </ul>
    </div>
  );
}
