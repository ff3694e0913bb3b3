import type { KubeEventRecord } from "@/lib/model";
import { formatTimestamp } from "@/lib/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";

function EventsTable({ events }: { events: KubeEventRecord[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-xs">
        <caption className="sr-only">Kubernetes events</caption>
        <thead className="text-left text-zinc-500">
          <tr>
            <th scope="col" className="py-1 pr-2 font-medium">Last seen</th>
            <th scope="col" className="py-1 pr-2 font-medium">Type</th>
            <th scope="col" className="py-1 pr-2 font-medium">Reason</th>
            <th scope="col" className="py-1 pr-2 font-medium">Object</th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">Count</th>
            <th scope="col" className="py-1 font-medium">Message</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.uid} className="border-t border-zinc-100 align-top dark:border-zinc-800">
              <td className="py-1 pr-2 whitespace-nowrap">{formatTimestamp(e.lastSeen)}</td>
              <td className="py-1 pr-2">{e.type === "Warning" ? <StatusBadge status="warning" label="Warning" /> : "Normal"}</td>
              <td className="py-1 pr-2 font-medium">{e.reason}</td>
              <td className="py-1 pr-2 font-mono">
                {e.involvedKind}/{e.involvedName}
              </td>
              <td className="py-1 pr-2 text-right">{e.count}</td>
              <td className="py-1 break-all">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Kubernetes events in the window, newest first. Warnings come first and stand out by icon and word; the routine
 * Normal events (Scheduled, Pulled, Started…) are folded so they do not bury them.
 */
export function EventsList({ events, limit = 50 }: { events: KubeEventRecord[]; limit?: number }) {
  if (events.length === 0) return <p className="text-sm text-zinc-500">No Kubernetes events for this scale set in the window.</p>;
  const newest = [...events].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  const warnings = newest.filter((e) => e.type === "Warning").slice(0, limit);
  const normal = newest.filter((e) => e.type !== "Warning");
  return (
    <div className="space-y-2">
      {warnings.length ? <EventsTable events={warnings} /> : <p className="text-sm text-zinc-500">No warning events in the window.</p>}
      {normal.length ? (
        <details>
          <summary className="cursor-pointer text-xs text-zinc-600 dark:text-zinc-400">
            {normal.length} normal events{normal.length > limit ? ` (newest ${limit} shown)` : ""}
          </summary>
          <EventsTable events={normal.slice(0, limit)} />
        </details>
      ) : null}
    </div>
  );
}
