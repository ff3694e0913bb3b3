"use client";

import { useQuery } from "@tanstack/react-query";
import type { FleetOverview } from "@/lib/services/types";
import { fetchJson } from "@/lib/api/fetch-json";
import { queryKeys } from "@/lib/api/query-keys";
import { useLiveUpdates } from "@/lib/api/use-live-updates";
import { applyFleetFilters, type FleetFilters } from "@/lib/ui/fleet-filters";
import { formatCount } from "@/lib/ui/format";
import { LiveIndicator } from "@/components/layout/live-indicator";
import { SourceHealthStrip } from "@/components/layout/source-health-strip";
import { StatusBadge } from "@/components/ui/status-badge";
import { FleetFiltersForm } from "./fleet-filters-form";
import { FleetTable } from "./fleet-table";
import { FleetWideFindings } from "./fleet-wide-findings";

/** The overview, server-rendered first, then kept current by the change stream (polling every 30 s as a fallback). */
export function FleetOverviewLive({ initial, filters }: { initial: FleetOverview; filters: FleetFilters }) {
  const live = useLiveUpdates();
  const { data, error } = useQuery({
    queryKey: queryKeys.fleet(),
    queryFn: () => fetchJson<FleetOverview>("/api/fleet"),
    initialData: initial,
    refetchInterval: live.state === "live" ? 30_000 : 10_000,
  });
  const rows = applyFleetFilters(data.scaleSets, filters);
  const t = data.totals;
  return (
    <>
      <SourceHealthStrip sources={data.sources} now={data.generatedAt} />
      <main className="mx-auto max-w-[1600px] space-y-4 p-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">Fleet</h1>
          <span className="text-sm text-zinc-600 dark:text-zinc-400">
            {formatCount(t.scaleSets)} scale sets in {data.clusters.length} clusters · {formatCount(t.runners.busy)} busy, {formatCount(t.runners.idle)} idle, {formatCount(t.runners.pending)} pending, {formatCount(t.runners.failed)} failed runners ·{" "}
            {t.queuedJobs === undefined ? "GitHub queue unknown" : `${formatCount(t.queuedJobs)} jobs queued`}
          </span>
          <div className="ml-auto flex items-center gap-2">
            {error ? <span className="text-xs text-red-700 dark:text-red-400">refresh failed: {error.message}</span> : null}
            <LiveIndicator state={live.state} lastContact={live.lastContact} dataAt={data.generatedAt} />
          </div>
        </div>
        <ul className="flex flex-wrap gap-2" aria-label="Scale sets by status">
          {(["critical", "warning", "unknown", "healthy"] as const).map((s) => (
            <li key={s}>
              <StatusBadge status={s} label={`${t.byStatus[s]} ${s}`} />
            </li>
          ))}
        </ul>
        <FleetWideFindings findings={data.fleetFindings} now={data.generatedAt} />
        <FleetFiltersForm filters={filters} clusters={data.clusters.map((c) => c.name)} namespaces={[...new Set(data.scaleSets.map((r) => r.key.namespace))]} />
        <FleetTable rows={rows} now={data.generatedAt} />
      </main>
    </>
  );
}
