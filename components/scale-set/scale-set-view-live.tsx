"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import type { RunnerDetail, ScaleSetView } from "@/lib/services/types";
import { fetchJson } from "@/lib/api/fetch-json";
import { queryKeys } from "@/lib/api/query-keys";
import { useLiveUpdates } from "@/lib/api/use-live-updates";
import { formatDuration } from "@/lib/ui/format";
import { runnerHref, scaleSetHref } from "@/lib/ui/links";
import { WINDOWS, type ResolvedWindow } from "@/lib/ui/window";
import { FindingsList } from "@/components/diagnosis/findings-list";
import { LiveIndicator } from "@/components/layout/live-indicator";
import { SourceHealthStrip } from "@/components/layout/source-health-strip";
import { StatusBadge } from "@/components/ui/status-badge";
import { ConfigPanel } from "./config-panel";
import { EventsList } from "./events-list";
import { RunnerDetailPanel } from "./runner-detail";
import { ShareButton } from "./share-button";
import { Timelines } from "./timelines";

interface Props {
  initial: ScaleSetView;
  windowQuery: Record<string, string>;
  windowName: ResolvedWindow["name"];
  runner?: { name: string; initial?: RunnerDetail };
}

/** The scale-set page body: diagnosis cards first, then the timelines, events and configuration. */
export function ScaleSetViewLive({ initial, windowQuery, windowName, runner }: Props) {
  const k = initial.key;
  const live = useLiveUpdates();
  // the selected runner lives in the URL; selecting one updates it in place (history.pushState), no server round trip
  const selected = useSearchParams().get("runner") ?? undefined;
  const selectRunner = useCallback(
    (name: string | undefined) => window.history.pushState(null, "", name ? runnerHref(k.cluster, k.namespace, k.name, name, windowQuery) : scaleSetHref(k.cluster, k.namespace, k.name, windowQuery)),
    [k.cluster, k.namespace, k.name, windowQuery],
  );
  const qs = new URLSearchParams(windowQuery).toString();
  const { data: view } = useQuery({
    queryKey: queryKeys.scaleSet(k.cluster, k.namespace, k.name, qs),
    queryFn: () => fetchJson<ScaleSetView>(`/api/scale-sets/${encodeURIComponent(k.cluster)}/${encodeURIComponent(k.namespace)}/${encodeURIComponent(k.name)}?${qs}`),
    initialData: initial,
    refetchInterval: live.state === "live" ? 30_000 : 10_000,
  });
  const { data: detail, error: detailError } = useQuery({
    queryKey: queryKeys.runner(k.cluster, k.namespace, selected ?? ""),
    queryFn: () => fetchJson<RunnerDetail>(`/api/runners/${encodeURIComponent(k.cluster)}/${encodeURIComponent(k.namespace)}/${encodeURIComponent(selected ?? "")}`),
    initialData: selected !== undefined && selected === runner?.name ? runner.initial : undefined,
    enabled: selected !== undefined,
  });
  const hrefForRunner = useCallback((name: string) => runnerHref(k.cluster, k.namespace, k.name, name, windowQuery), [k.cluster, k.namespace, k.name, windowQuery]);
  const q = view.queueTime;

  return (
    <>
      <SourceHealthStrip sources={view.sources} now={view.generatedAt} />
      <main className="mx-auto max-w-[1600px] space-y-4 p-4">
        <nav aria-label="Breadcrumb" className="text-xs text-zinc-500">
          <Link href="/" className="underline">
            Fleet
          </Link>{" "}
          / {k.cluster} / {k.namespace}
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">{k.name}</h1>
          <StatusBadge status={view.status} />
          {view.statusReason ? <span className="text-xs text-zinc-500">{view.statusReason}</span> : null}
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            queue time p50 {q.p50Seconds !== undefined ? formatDuration(q.p50Seconds) : "—"} · p90 {q.p90Seconds !== undefined ? formatDuration(q.p90Seconds) : "—"} · p99 {q.p99Seconds !== undefined ? formatDuration(q.p99Seconds) : "—"} ({q.jobs} jobs)
          </span>
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <LiveIndicator state={live.state} lastContact={live.lastContact} dataAt={view.generatedAt} />
            <ShareButton scaleSet={k} from={view.window.from} to={view.window.to} />
          </div>
        </div>

        <nav aria-label="Time window" className="flex flex-wrap items-center gap-1 text-sm">
          {Object.keys(WINDOWS).map((w) => (
            <Link key={w} href={scaleSetHref(k.cluster, k.namespace, k.name, { window: w })} aria-current={windowName === w ? "page" : undefined} className={`rounded border px-2 py-0.5 ${windowName === w ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900" : "border-zinc-300 dark:border-zinc-700"}`}>
              {w}
            </Link>
          ))}
          <form method="get" className="ml-2 flex items-center gap-1 text-xs" aria-label="Custom range">
            <label>
              from <input name="from" type="datetime-local" className="rounded border border-zinc-300 px-1 dark:border-zinc-700 dark:bg-zinc-900" />
            </label>
            <label>
              to <input name="to" type="datetime-local" className="rounded border border-zinc-300 px-1 dark:border-zinc-700 dark:bg-zinc-900" />
            </label>
            <button type="submit" className="rounded border border-zinc-300 px-2 dark:border-zinc-700">
              Apply
            </button>
          </form>
        </nav>

        <div className={selected ? "grid gap-4 xl:grid-cols-[1fr_28rem]" : ""}>
          <div className="min-w-0 space-y-4">
            <section aria-labelledby="diag-h" className="space-y-2">
              <h2 id="diag-h" className="text-lg font-semibold">
                Diagnosis
              </h2>
              <FindingsList findings={view.findings} now={view.generatedAt} emptyText={view.status === "unknown" ? `No findings, but the status is unknown: ${view.statusReason ?? "some data is unavailable"}.` : "No active findings for this scale set."} />
            </section>
            <section aria-labelledby="tl-h" className="space-y-2 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
              <h2 id="tl-h" className="text-lg font-semibold">
                Timelines
              </h2>
              <Timelines view={view} hrefForRunner={hrefForRunner} onSelectRunner={selectRunner} />
            </section>
            <section aria-labelledby="ev-h" className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
              <h2 id="ev-h" className="mb-2 text-lg font-semibold">
                Kubernetes events
              </h2>
              <EventsList events={view.events} />
            </section>
            <ConfigPanel config={view.config} />
          </div>
          {selected ? (
            <div className="xl:sticky xl:top-4 xl:self-start">
              {detail ? (
                <RunnerDetailPanel detail={detail} closeHref={scaleSetHref(k.cluster, k.namespace, k.name, windowQuery)} onClose={() => selectRunner(undefined)} />
              ) : (
                <p className="rounded border border-zinc-300 p-4 text-sm">{detailError ? `Runner ${selected}: ${detailError.message}` : `Loading runner ${selected}…`}</p>
              )}
            </div>
          ) : null}
        </div>
      </main>
    </>
  );
}
