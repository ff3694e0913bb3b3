import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { getStore } from "@/lib/store";
import { getIncident } from "@/lib/services/incidents";
import { formatTimestamp } from "@/lib/ui/format";
import { scaleSetHref } from "@/lib/ui/links";
import { FindingsList } from "@/components/diagnosis/findings-list";
import { ConfigPanel } from "@/components/scale-set/config-panel";
import { EventsList } from "@/components/scale-set/events-list";
import { Timelines } from "@/components/scale-set/timelines";
import { StatusBadge } from "@/components/ui/status-badge";

export const metadata: Metadata = { title: "Incident", robots: { index: false } };

/** A frozen snapshot: renders exactly what was captured, whatever the live fleet and retention did since. */
export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  await connection();
  const { id } = await params;
  const found = await getIncident(await getStore(), id);
  if (found.state !== "found") {
    return (
      <main className="mx-auto max-w-3xl p-6">
        <h1 className="text-xl font-semibold">Incident link {found.state === "revoked" ? "revoked" : "not found"}</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{found.state === "revoked" ? `This snapshot was revoked on ${formatTimestamp(found.revokedAt)}.` : "No snapshot has this id. Links are unguessable; check that it was copied whole."}</p>
      </main>
    );
  }
  const inc = found.incident;
  const p = inc.payload;
  return (
    <main className="mx-auto max-w-[1600px] space-y-4 p-4">
      <div className="rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm dark:border-sky-800 dark:bg-sky-950/40" role="note">
        <strong>Frozen snapshot</strong> taken {formatTimestamp(inc.createdAt)} covering {formatTimestamp(inc.scope.window.from)} – {formatTimestamp(inc.scope.window.to)}. It does not change.
        {p.simulated ? " The fleet in it is simulated." : ""}{" "}
        {inc.scope.scaleSets.map((k) => (
          <Link key={`${k.cluster}/${k.namespace}/${k.name}`} href={scaleSetHref(k.cluster, k.namespace, k.name)} className="ml-1 text-sky-800 underline dark:text-sky-300">
            Open the live view of {k.name}
          </Link>
        ))}
      </div>
      <h1 className="text-xl font-semibold">{inc.title}</h1>
      {p.diagnosis ? <FindingsList findings={p.diagnosis.findings} notEvaluated={p.diagnosis.notEvaluated} now={inc.createdAt} emptyText="No findings were recorded." /> : null}
      {p.views.map((v) => (
        <section key={`${v.key.cluster}/${v.key.namespace}/${v.key.name}`} className="space-y-4" aria-label={`Scale set ${v.key.name}`}>
          <div className="flex items-center gap-3">
            <h2 className="text-lg font-semibold">
              {v.key.cluster}/{v.key.namespace}/{v.key.name}
            </h2>
            <StatusBadge status={v.status} />
          </div>
          <FindingsList findings={v.findings} now={v.generatedAt} emptyText="No active findings at the time of the snapshot." />
          <div className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
            <Timelines view={v} hrefForRunner={() => "#"} />
          </div>
          <div className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
            <EventsList events={v.events} />
          </div>
          <ConfigPanel config={v.config} />
        </section>
      ))}
    </main>
  );
}
