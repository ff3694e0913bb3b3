import Link from "next/link";
import type { Finding } from "@/lib/model";
import { formatAgo, formatTimestamp } from "@/lib/ui/format";
import { evidenceHref, subjectLabel } from "@/lib/ui/links";
import { CopyButton } from "@/components/ui/copy-button";
import { RichText } from "@/components/ui/rich-text";
import { StatusBadge } from "@/components/ui/status-badge";

/**
 * A diagnosis card: what is wrong, why it matters, the evidence (each item naming where it came from),
 * and the runbook with exact commands. Renders fully on the server; only the copy buttons are interactive.
 */
export function FindingCard({ finding, now, open = true }: { finding: Finding; now: string; open?: boolean }) {
  const f = finding;
  return (
    <article aria-label={`${f.severity}: ${f.title}`} data-rule={f.ruleId} className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <header className="flex flex-wrap items-start gap-x-3 gap-y-1">
        <StatusBadge status={f.severity} />
        <h3 className="min-w-0 flex-1 text-base leading-snug font-semibold">{f.title}</h3>
        <span className="text-xs text-zinc-500 dark:text-zinc-400" title={`first seen ${formatTimestamp(f.firstSeen)}, last seen ${formatTimestamp(f.lastSeen)}`}>
          since {formatAgo(f.firstSeen, now)} · {f.confidence} confidence
        </span>
      </header>
      <p className="mt-1 font-mono text-xs text-zinc-500 dark:text-zinc-400">
        {subjectLabel(f.subject)} · <span title="rule id">{f.ruleId}</span>
      </p>
      <p className="mt-3 text-sm leading-relaxed">
        <RichText text={f.explanation} />
      </p>

      <details open={open} className="mt-3">
        <summary className="cursor-pointer text-sm font-semibold">Evidence ({f.evidence.length})</summary>
        <ul className="mt-2 space-y-2">
          {f.evidence.map((e, i) => {
            const href = evidenceHref(e, f.subject);
            return (
              <li key={i} className="border-l-2 border-zinc-300 pl-3 text-sm dark:border-zinc-700">
                <div>
                  <RichText text={e.observation} />
                </div>
                <div className="text-xs text-zinc-500 dark:text-zinc-400">
                  {href ? (
                    <Link className="underline decoration-dotted hover:text-sky-700 dark:hover:text-sky-300" href={href}>
                      {e.source}
                    </Link>
                  ) : (
                    e.source
                  )}
                  {e.at ? ` · ${formatTimestamp(e.at)}` : ""}
                </div>
                {e.excerpt ? <pre className="mt-1 overflow-x-auto rounded bg-zinc-100 px-2 py-1 font-mono text-xs whitespace-pre-wrap break-all dark:bg-zinc-800">{e.excerpt}</pre> : null}
              </li>
            );
          })}
        </ul>
      </details>

      {f.differential ? (
        <p className="mt-3 rounded bg-zinc-50 px-3 py-2 text-sm dark:bg-zinc-800/60">
          <span className="font-semibold">Telling causes apart: </span>
          <RichText text={f.differential} />
        </p>
      ) : null}

      <details open={open} className="mt-3">
        <summary className="cursor-pointer text-sm font-semibold">Runbook</summary>
        <ol className="mt-2 list-decimal space-y-2 pl-5 text-sm">
          {f.runbook.map((step, i) => (
            <li key={i}>
              <div>
                <RichText text={step.action} />
              </div>
              {step.command ? (
                <div className="mt-1 flex items-start gap-2">
                  <code className="block flex-1 overflow-x-auto rounded bg-zinc-900 px-2 py-1 font-mono text-xs whitespace-pre-wrap break-all text-zinc-100">{step.command}</code>
                  <CopyButton text={step.command} />
                </div>
              ) : null}
              <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
                <RichText text={step.tellsYou} />
              </div>
            </li>
          ))}
        </ol>
      </details>
    </article>
  );
}
