import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { getStore } from "@/lib/store";
import { getRunnerDetail } from "@/lib/services/runner-detail";
import { getScaleSetView } from "@/lib/services/scale-set-view";
import { resolveWindow } from "@/lib/ui/window";
import { ScaleSetViewLive } from "@/components/scale-set/scale-set-view-live";

type Params = { cluster: string; namespace: string; name: string };
type Search = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeURIComponent(p.name)} (${decodeURIComponent(p.cluster)})` };
}

export default async function ScaleSetPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  await connection();
  const [p, s] = await Promise.all([params, searchParams]);
  const key = { cluster: decodeURIComponent(p.cluster), namespace: decodeURIComponent(p.namespace), name: decodeURIComponent(p.name) };
  const now = new Date();
  const windowParams = { window: one(s.window), from: one(s.from), to: one(s.to) };
  const win = resolveWindow(windowParams, now);
  const store = await getStore();
  const runnerName = one(s.runner);
  const [view, runner] = await Promise.all([
    getScaleSetView(store, key, { from: win.from, to: win.to, now }),
    runnerName ? getRunnerDetail(store, key.cluster, key.namespace, runnerName) : Promise.resolve(undefined),
  ]);
  if (!view) notFound();
  // the live refetch must ask the API for the window this page resolved (the API rejects what the page forgave)
  const windowQuery: Record<string, string> =
    win.name === "custom" ? { from: win.from.toISOString(), ...(win.to.getTime() !== now.getTime() ? { to: win.to.toISOString() } : {}) } : { window: win.name };
  return <ScaleSetViewLive initial={view} windowQuery={windowQuery} windowName={win.name} runner={runnerName ? { name: runnerName, initial: runner } : undefined} />;
}
