import Link from "next/link";
import type { ScaleSetRow } from "@/lib/services/types";
import { formatAgo, formatCount, formatDuration } from "@/lib/ui/format";
import { scaleSetHref } from "@/lib/ui/links";
import { StatusBadge } from "@/components/ui/status-badge";
import { StaleIcon } from "@/components/ui/icons";

function Num({ v, title }: { v: number | undefined; title?: string }) {
  return <span title={title}>{v === undefined ? "—" : formatCount(v)}</span>;
}

function ListenerCell({ row, now }: { row: ScaleSetRow; now: string }) {
  const s = row.listener.stats;
  if (s.state === "ok") return <span className="text-zinc-600 dark:text-zinc-400">{formatAgo(s.at, now)}</span>;
  return (
    <span className="inline-flex items-center gap-1 text-amber-800 dark:text-amber-300" title={s.reason}>
      <StaleIcon />
      {s.state === "stale" ? `stale ${s.at ? formatAgo(s.at, now) : ""}` : "unavailable"}
    </span>
  );
}

function QueueCell({ row }: { row: ScaleSetRow }) {
  const q = row.queue;
  if (!q.available) return <span className="text-zinc-500" title={q.reason}>unknown</span>;
  if (!q.queued) return <span className="text-zinc-500">0</span>;
  return (
    <span className={q.oldestQueueAgeSeconds && q.oldestQueueAgeSeconds > 300 ? "font-semibold text-red-700 dark:text-red-400" : ""}>
      {formatCount(q.queued)} · oldest {formatDuration(q.oldestQueueAgeSeconds ?? 0)}
    </span>
  );
}

/** Every scale set, worst first. Dense, tabular figures, status as icon + word. */
export function FleetTable({ rows, now }: { rows: ScaleSetRow[]; now: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-sm">
        <caption className="sr-only">Scale sets, worst first</caption>
        <thead className="border-b border-zinc-200 text-left text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 font-medium">Scale set</th>
            <th scope="col" className="px-3 py-2 text-right font-medium" title="busy / idle / pending / failed">Runners b/i/p/f</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Min–max</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Desired</th>
            <th scope="col" className="px-3 py-2 font-medium">GitHub queue</th>
            <th scope="col" className="px-3 py-2 font-medium">Listener stats</th>
            <th scope="col" className="px-3 py-2 font-medium">Diagnoses</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const k = r.key;
            return (
              <tr key={`${k.cluster}/${k.namespace}/${k.name}`} data-scale-set={k.name} data-status={r.status} className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-800/60">
                <td className="px-3 py-2">
                  <StatusBadge status={r.status} />
                </td>
                <td className="px-3 py-2">
                  <Link href={scaleSetHref(k.cluster, k.namespace, k.name)} className="font-medium hover:underline focus-visible:outline-2 focus-visible:outline-sky-600">
                    {k.name}
                  </Link>
                  <div className="text-xs text-zinc-500 dark:text-zinc-400">
                    {k.cluster}/{k.namespace} · ARC {r.config.arcVersion ?? "?"} · {r.config.containerMode}
                  </div>
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap">
                  <Num v={r.runners.busy} title="busy" /> / <Num v={r.runners.idle} title="idle" /> / <Num v={r.runners.pending} title="pending" /> /{" "}
                  <span className={r.runners.failed ? "font-semibold text-red-700 dark:text-red-400" : ""}>
                    <Num v={r.runners.failed} title="failed" />
                  </span>
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap">
                  <Num v={r.runners.min} />–<Num v={r.runners.max} />
                </td>
                <td className="px-3 py-2 text-right">
                  <Num v={r.listener.desired} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <QueueCell row={r} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <ListenerCell row={r} now={now} />
                </td>
                <td className="px-3 py-2">
                  <ul className="space-y-0.5">
                    {r.findings.slice(0, 3).map((f) => (
                      <li key={f.fingerprint} className="flex items-start gap-1.5">
                        <StatusBadge status={f.severity} label={f.severity === "critical" ? "Crit" : f.severity === "warning" ? "Warn" : "Info"} />
                        <span className="leading-5">{f.title}</span>
                      </li>
                    ))}
                    {r.findings.length > 3 ? <li className="text-xs text-zinc-500">+{r.findings.length - 3} more</li> : null}
                    {r.findings.length === 0 && r.status === "unknown" ? <li className="text-xs text-zinc-500">{r.statusReason ?? "not enough data"}</li> : null}
                  </ul>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="p-4 text-sm text-zinc-500">No scale sets match these filters.</p> : null}
    </div>
  );
}
