import Link from "next/link";
import type { ContainerStatusSummary } from "@/lib/model";
import type { RunnerDetail } from "@/lib/services/types";
import { formatLifetime, formatTimestamp } from "@/lib/ui/format";
import { OUTCOME_STYLE } from "@/lib/ui/outcome";
import { EventsList } from "./events-list";

function Containers({ title, list }: { title: string; list: ContainerStatusSummary[] }) {
  if (list.length === 0) return null;
  return (
    <div>
      <h4 className="text-xs font-semibold text-zinc-500">{title}</h4>
      <ul className="mt-1 space-y-1 text-xs">
        {list.map((c) => (
          <li key={c.name} className="rounded bg-zinc-50 p-2 dark:bg-zinc-800/60">
            <span className="font-mono font-medium">{c.name}</span> · {c.state}
            {c.reason ? ` (${c.reason})` : ""}
            {c.exitCode !== undefined ? ` · exit ${c.exitCode}` : ""} · restarts {c.restartCount}
            {c.message ? <div className="mt-0.5 break-all text-zinc-600 dark:text-zinc-400">{c.message}</div> : null}
            <div className="text-zinc-500">{c.image}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One ephemeral runner: every life with that name, phase history, container states, failures, job, events, logs. */
export function RunnerDetailPanel({ detail, closeHref, onClose }: { detail: RunnerDetail; closeHref: string; onClose?: () => void }) {
  return (
    <aside aria-label={`Runner ${detail.name}`} className="space-y-4 rounded-lg border border-zinc-300 bg-white p-4 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
      <header className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h2 className="font-mono text-sm font-semibold break-all">{detail.name}</h2>
          <p className="text-xs text-zinc-500">
            {detail.cluster}/{detail.namespace} · EphemeralRunner = pod = GitHub runner name
          </p>
        </div>
        <Link
          href={closeHref}
          scroll={false}
          onClick={
            onClose
              ? (e) => {
                  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                  e.preventDefault();
                  onClose();
                }
              : undefined
          }
          className="rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700" aria-label="Close runner detail">
          Close
        </Link>
      </header>

      {detail.lives.map((l) => {
        const end = l.finishedAt ?? l.deletedAt;
        const s = OUTCOME_STYLE[l.outcome];
        return (
          <section key={l.uid} className="space-y-2">
            <div className="flex flex-wrap items-center gap-2">
              <span className="rounded px-1.5 py-0.5 text-xs font-medium text-white" style={{ background: s.fill }}>
                {s.glyph} {s.label}
              </span>
              {l.exitCode !== undefined ? <span>exit code {l.exitCode}</span> : null}
              {end ? <span>lived {formatLifetime(new Date(end).getTime() - new Date(l.createdAt).getTime())}</span> : <span>still alive</span>}
              {l.failureCount ? <span className="text-red-700 dark:text-red-400">{l.failureCount} pod failures</span> : null}
            </div>
            {l.reason || l.message ? (
              <p className="rounded bg-zinc-50 p-2 font-mono text-xs break-all dark:bg-zinc-800/60">
                {l.reason}
                {l.message ? `: ${l.message}` : ""}
              </p>
            ) : null}
            <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5 text-xs">
              {(
                [
                  ["created", l.createdAt],
                  ["scheduled", l.scheduledAt],
                  ["started", l.startedAt],
                  ["ready", l.readyAt],
                  ["job assigned", l.jobAssignedAt],
                  ["finished", l.finishedAt],
                  ["deleted", l.deletedAt],
                ] as const
              ).map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-zinc-500">{k}</dt>
                  <dd>{v ? formatTimestamp(v) : "—"}</dd>
                </div>
              ))}
              <dt className="text-zinc-500">command</dt>
              <dd className="font-mono break-all">{l.command ? l.command.join(" ") : "(not set: image default CMD)"}</dd>
              <dt className="text-zinc-500">image</dt>
              <dd className="font-mono break-all">{l.image ?? "—"}</dd>
              <dt className="text-zinc-500">node</dt>
              <dd className="font-mono">{l.nodeName ?? "—"}</dd>
            </dl>
            {l.phases.length ? (
              <ol className="flex flex-wrap gap-1 text-xs" aria-label="Phase history">
                {l.phases.map((p, i) => (
                  <li key={i} className="rounded border border-zinc-200 px-1.5 py-0.5 dark:border-zinc-700">
                    {p.phase || "(none)"} <span className="text-zinc-500">{formatTimestamp(p.at).slice(11, 19)}</span>
                  </li>
                ))}
              </ol>
            ) : null}
          </section>
        );
      })}

      <Containers title="Init containers" list={detail.initContainers} />
      <Containers title="Containers" list={detail.containers} />

      {detail.failures.count ? (
        <div className="text-xs">
          <h4 className="font-semibold text-zinc-500">Failures ({detail.failures.count})</h4>
          <ol className="list-decimal pl-5">
            {detail.failures.times.map((t) => (
              <li key={t}>{formatTimestamp(t)}</li>
            ))}
          </ol>
        </div>
      ) : null}

      {detail.job || detail.githubJob ? (
        <div className="text-xs">
          <h4 className="font-semibold text-zinc-500">Job</h4>
          <p>
            {detail.githubJob?.name ?? detail.job?.displayName} · {detail.githubJob?.repository ?? detail.job?.repository}
            {detail.githubJob ? ` · ${detail.githubJob.status}${detail.githubJob.conclusion ? ` (${detail.githubJob.conclusion})` : ""}` : ""}
            {detail.job?.workflowRunId ? ` · run ${detail.job.workflowRunId}` : ""}
          </p>
        </div>
      ) : null}

      <div>
        <h4 className="mb-1 text-xs font-semibold text-zinc-500">Events</h4>
        <EventsList events={detail.events} limit={20} />
      </div>

      {detail.logs.length ? (
        <div>
          <h4 className="mb-1 text-xs font-semibold text-zinc-500">Log lines (redacted)</h4>
          <pre className="max-h-64 overflow-auto rounded bg-zinc-900 p-2 font-mono text-[11px] whitespace-pre-wrap break-all text-zinc-100">{detail.logs.map((l) => l.raw).join("\n")}</pre>
        </div>
      ) : null}
    </aside>
  );
}
