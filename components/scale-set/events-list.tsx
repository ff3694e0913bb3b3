import type { KubeEventRecord } from "@/lib/model";
import { formatTimestamp } from "@/lib/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";

/** Kubernetes events in the window, newest first; warnings stand out by icon and word. */
export function EventsList({ events, limit = 50 }: { events: KubeEventRecord[]; limit?: number }) {
  const shown = [...events].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen)).slice(0, limit);
  if (shown.length === 0) return <p className="text-sm text-zinc-500">No Kubernetes events for this scale set in the window.</p>;
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
          {shown.map((e) => (
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
      {events.length > limit ? <p className="mt-1 text-xs text-zinc-500">{events.length - limit} older events not shown.</p> : null}
    </div>
  );
}
