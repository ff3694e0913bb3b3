"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { FleetOverview, ScaleSetRow } from "@/lib/services/types";
import { fetchJson } from "@/lib/api/fetch-json";
import { queryKeys } from "@/lib/api/query-keys";
import { useLiveUpdates } from "@/lib/api/use-live-updates";
import { formatCount, formatDuration } from "@/lib/ui/format";
import { LiveIndicator } from "@/components/layout/live-indicator";
import { StatusBadge } from "@/components/ui/status-badge";

const ROTATE_MS = 10_000;

function Spotlight({ row }: { row: ScaleSetRow }) {
  const top = row.findings[0];
  return (
    <section aria-label={`Spotlight: ${row.key.name}`} className="rounded-2xl border-2 border-zinc-700 p-[2vw]">
      <div className="flex items-center gap-[1vw]">
        <StatusBadge status={row.status} className="!text-[1.6vw]" />
        <span className="text-[1.4vw] text-zinc-400">
          {row.key.cluster}/{row.key.namespace}
        </span>
      </div>
      <h2 className="mt-[0.5vw] text-[3vw] leading-tight font-semibold break-words">{row.key.name}</h2>
      {top ? <p className="mt-[1vw] text-[2.2vw] leading-snug">{top.title}</p> : <p className="mt-[1vw] text-[2vw] text-zinc-400">{row.statusReason ?? "Status unknown"}</p>}
      <dl className="mt-[1.5vw] grid grid-cols-4 gap-[1vw] text-[1.5vw]">
        <div>
          <dt className="text-zinc-400">runners busy / idle</dt>
          <dd className="text-[2.4vw] font-semibold">
            {formatCount(row.runners.busy)} / {formatCount(row.runners.idle)}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-400">pending / failed</dt>
          <dd className="text-[2.4vw] font-semibold">
            {formatCount(row.runners.pending)} / {formatCount(row.runners.failed)}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-400">jobs queued</dt>
          <dd className="text-[2.4vw] font-semibold">{row.queue.available ? formatCount(row.queue.queued ?? 0) : "unknown"}</dd>
        </div>
        <div>
          <dt className="text-zinc-400">oldest wait</dt>
          <dd className="text-[2.4vw] font-semibold">{row.queue.available && row.queue.oldestQueueAgeSeconds !== undefined ? formatDuration(row.queue.oldestQueueAgeSeconds) : "—"}</dd>
        </div>
      </dl>
      {row.findings.length > 1 ? <p className="mt-[1vw] text-[1.4vw] text-zinc-400">+{row.findings.length - 1} more findings</p> : null}
    </section>
  );
}

export function WallLive({ initial }: { initial: FleetOverview }) {
  const live = useLiveUpdates();
  const { data } = useQuery({ queryKey: queryKeys.fleet(), queryFn: () => fetchJson<FleetOverview>("/api/fleet"), initialData: initial, refetchInterval: live.state === "live" ? 30_000 : 5_000 });
  const unhealthy = data.scaleSets.filter((r) => r.status === "critical" || r.status === "warning");
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), ROTATE_MS);
    return () => clearInterval(t);
  }, []);
  const spotlight = unhealthy.length ? unhealthy[tick % unhealthy.length] : undefined;
  const t = data.totals;
  const badSources = data.unhealthySources;

  return (
    <div data-theme="dark" className="min-h-screen bg-zinc-950 p-[2vw] text-zinc-100">
      <header className="flex items-center gap-[2vw]">
        <h1 className="text-[2.4vw] font-semibold tracking-tight">Runner fleet</h1>
        <ul className="flex gap-[1vw] text-[1.6vw]" aria-label="Scale sets by status">
          {(["critical", "warning", "unknown", "healthy"] as const).map((s) => (
            <li key={s}>
              <StatusBadge status={s} label={`${t.byStatus[s]} ${s}`} className="!text-[1.5vw]" />
            </li>
          ))}
        </ul>
        <div className="ml-auto">
          <LiveIndicator state={live.state} lastContact={live.lastContact} dataAt={data.generatedAt} large />
        </div>
      </header>
      {data.simulated ? <p className="mt-[0.5vw] text-[1.1vw] text-violet-300">Simulated fleet</p> : null}
      {badSources.length ? (
        <p className="mt-[1vw] rounded border border-amber-700 bg-amber-950 px-[1vw] py-[0.5vw] text-[1.4vw] text-amber-200">Unavailable: {badSources.map((s) => s.label).join(", ")}</p>
      ) : null}
      {data.fleetFindings.length ? (
        <p className="mt-[1vw] flex items-center gap-[0.8vw] text-[1.6vw]">
          <StatusBadge status={data.fleetFindings[0]!.severity} className="!text-[1.2vw]" />
          Fleet-wide: {data.fleetFindings[0]!.title}
          {data.fleetFindings.length > 1 ? <span className="text-zinc-400">+{data.fleetFindings.length - 1} more</span> : null}
        </p>
      ) : null}
      <p className="mt-[1vw] text-[1.6vw] text-zinc-300">
        {formatCount(t.runners.busy)} busy · {formatCount(t.runners.idle)} idle · {formatCount(t.runners.pending)} pending · {formatCount(t.runners.failed)} failed runners · {t.queuedJobs === undefined ? "queue unknown" : `${formatCount(t.queuedJobs)} jobs queued`}
      </p>
      <div className="mt-[2vw] grid grid-cols-[minmax(0,3fr)_minmax(0,2fr)] gap-[2vw]">
        {spotlight ? (
          <Spotlight row={spotlight} />
        ) : (
          <section className="flex items-center justify-center rounded-2xl border-2 border-emerald-800 p-[3vw] text-[3vw] text-emerald-300">All scale sets healthy</section>
        )}
        <section aria-label="Unhealthy scale sets">
          <h2 className="text-[1.6vw] text-zinc-400">Needs attention ({unhealthy.length})</h2>
          <ul className="mt-[0.8vw] space-y-[0.6vw]">
            {unhealthy.slice(0, 10).map((r) => (
              <li key={`${r.key.cluster}/${r.key.namespace}/${r.key.name}`} className={`grid grid-cols-[auto_minmax(0,1fr)] items-center gap-x-[0.8vw] text-[1.5vw] ${r === spotlight ? "font-semibold" : ""}`}>
                <StatusBadge status={r.status} className="!text-[1.1vw]" />
                <span className="truncate">{r.key.name}</span>
                <span className="col-start-2 truncate text-[1.1vw] font-normal text-zinc-400">{r.findings[0]?.title}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
