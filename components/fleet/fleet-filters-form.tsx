import Link from "next/link";
import type { FleetFilters } from "@/lib/ui/fleet-filters";

const field = "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** A plain GET form: filters land in the URL, work without JavaScript, and back/forward restore them. */
export function FleetFiltersForm({ filters, clusters, namespaces }: { filters: FleetFilters; clusters: string[]; namespaces: string[] }) {
  return (
    <form method="get" action="/" className="flex flex-wrap items-end gap-2 text-sm" aria-label="Filters">
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-zinc-500">Cluster</span>
        <select name="cluster" defaultValue={filters.cluster ?? ""} className={field}>
          <option value="">all</option>
          {clusters.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-zinc-500">Namespace</span>
        <select name="namespace" defaultValue={filters.namespace ?? ""} className={field}>
          <option value="">all</option>
          {namespaces.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-zinc-500">Status</span>
        <select name="status" defaultValue={filters.status ?? ""} className={field}>
          <option value="">all</option>
          <option value="critical">critical</option>
          <option value="warning">warning</option>
          <option value="unknown">unknown</option>
          <option value="healthy">healthy</option>
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-zinc-500">Name or label</span>
        <input name="label" defaultValue={filters.label ?? ""} className={field} placeholder="e.g. gpu" />
      </label>
      <button type="submit" className="rounded bg-zinc-900 px-3 py-1 text-white dark:bg-zinc-100 dark:text-zinc-900">
        Apply
      </button>
      <Link href="/" className="px-2 py-1 text-zinc-600 underline dark:text-zinc-400">
        Clear
      </Link>
    </form>
  );
}
