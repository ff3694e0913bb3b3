import Link from "next/link";
import type { RunnerOutcome } from "@/lib/model";
import type { LifeBar } from "@/lib/services/types";
import { AXIS_MARGIN, tickLabel, timeTicks } from "@/components/charts/time-axis";
import { formatLifetime } from "@/lib/ui/format";
import { packLanes } from "@/lib/ui/lanes";
import { OUTCOME_ORDER, OUTCOME_STYLE } from "@/lib/ui/outcome";

export type SwimlaneLife = LifeBar;

/** How long the runner container itself ran (started → finished): "exits in under a second" lives here. */
function containerRuntimeMs(l: SwimlaneLife, now: number): number | undefined {
  if (!l.startedAt) return undefined;
  const end = l.finishedAt ? new Date(l.finishedAt).getTime() : now;
  return Math.max(0, end - new Date(l.startedAt).getTime());
}

const LANE_H = 6;
const MAX_LANES = 60;
const WIDTH = 1000;

function lifeEnd(l: SwimlaneLife, now: number): number {
  const end = l.finishedAt ?? l.deletedAt;
  return end ? new Date(end).getTime() : now;
}

/**
 * One bar per runner life, coloured by outcome, packed into lanes. "Every runner dies after 2 s" shows as a
 * dense stream of thin amber bars; the legend counts each outcome and typical lifetimes.
 */
export function Swimlane({ lives, from, to, now, hrefFor, onSelect, truncated }: { lives: SwimlaneLife[]; from: number; to: number; now: number; hrefFor: (name: string) => string; onSelect?: (name: string) => void; truncated?: boolean }) {
  // a plain click selects in place (no server round trip); other clicks (new tab…) follow the link
  const select = onSelect
    ? (name: string) => (e: React.MouseEvent) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        onSelect(name);
      }
    : undefined;
  const intervals = lives.map((l) => ({ life: l, start: Math.max(from, new Date(l.createdAt).getTime()), end: Math.min(to, lifeEnd(l, now)) }));
  const packed = packLanes(intervals, (to - from) / WIDTH);
  const lanes = Math.min(MAX_LANES, Math.max(1, ...packed.map((p) => p.lane + 1)));
  const x = (t: number) => ((t - from) / (to - from)) * WIDTH;
  const minW = 1.2;

  const byOutcome = new Map<RunnerOutcome, { count: number; durations: number[] }>();
  for (const i of intervals) {
    const e = byOutcome.get(i.life.outcome) ?? { count: 0, durations: [] };
    e.count++;
    e.durations.push(lifeEnd(i.life, now) - new Date(i.life.createdAt).getTime());
    byOutcome.set(i.life.outcome, e);
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
  const ticks = timeTicks(from, to);

  return (
    <figure aria-label="Runner lives swimlane" className="space-y-1">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs" aria-label="Outcomes">
        {OUTCOME_ORDER.filter((o) => byOutcome.has(o)).map((o) => {
          const s = OUTCOME_STYLE[o];
          const e = byOutcome.get(o)!;
          return (
            <li key={o} className="flex items-center gap-1.5" data-outcome={o}>
              <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: s.fill }} />
              <span className="font-medium">
                {s.glyph} {s.label}
              </span>
              <span className="text-zinc-500 dark:text-zinc-400">
                {e.count} · median {formatLifetime(median(e.durations))}
              </span>
            </li>
          );
        })}
        {lives.length === 0 ? <li className="text-zinc-500">No runner lives in this window.</li> : null}
        {truncated ? <li className="text-amber-700 dark:text-amber-400">showing the newest {lives.length} lives</li> : null}
      </ul>
      <div style={{ paddingLeft: AXIS_MARGIN.left, paddingRight: AXIS_MARGIN.right }}>
        <svg viewBox={`0 0 ${WIDTH} ${lanes * LANE_H}`} preserveAspectRatio="none" width="100%" height={Math.max(24, lanes * LANE_H)} aria-label={`${lives.length} runner lives`} className="block rounded bg-zinc-100 dark:bg-zinc-900">
          {packed.map(({ item, lane }) => {
            const l = item.life;
            const x0 = x(item.start);
            const w = Math.max(minW, x(item.end) - x0);
            const dur = lifeEnd(l, now) - new Date(l.createdAt).getTime();
            const ran = containerRuntimeMs(l, now);
            return (
              <Link key={l.name} href={hrefFor(l.name)} onClick={select?.(l.name)} tabIndex={-1} data-outcome={l.outcome} data-duration-ms={dur} data-runtime-ms={ran}>
                <rect x={x0.toFixed(1)} y={(lane % MAX_LANES) * LANE_H + 0.5} width={w.toFixed(1)} height={LANE_H - 1} fill={OUTCOME_STYLE[l.outcome].fill}>
                  <title>{`${l.name}: ${OUTCOME_STYLE[l.outcome].label}${l.exitCode !== undefined ? `, exit ${l.exitCode}` : ""} after ${formatLifetime(dur)}${ran !== undefined ? ` (runner container ran ${formatLifetime(ran)})` : ""}${l.job?.displayName ? `, job ${l.job.displayName}` : ""}`}</title>
                </rect>
              </Link>
            );
          })}
        </svg>
        <div className="relative h-4 text-[10px] text-zinc-500" aria-hidden>
          {ticks.map((t) => (
            <span key={t} className="absolute -translate-x-1/2" style={{ left: `${((t - from) / (to - from)) * 100}%` }}>
              {tickLabel(t, to - from)}
            </span>
          ))}
        </div>
      </div>
      {lives.length ? (
        <details className="text-xs">
          <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">List the newest runner lives</summary>
          <ul className="mt-1 grid gap-x-4 sm:grid-cols-2 xl:grid-cols-3">
            {[...lives]
              .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
              .slice(0, 60)
              .map((l) => {
                const ran = containerRuntimeMs(l, now);
                return (
                  <li key={l.name}>
                    <Link href={hrefFor(l.name)} onClick={select?.(l.name)} className="font-mono hover:underline">
                      {l.name}
                    </Link>{" "}
                    {OUTCOME_STYLE[l.outcome].glyph} {OUTCOME_STYLE[l.outcome].label}
                    {l.exitCode !== undefined ? `, exit ${l.exitCode}` : ""}
                    {ran !== undefined ? `, ran ${formatLifetime(ran)}` : ""}
                  </li>
                );
              })}
          </ul>
        </details>
      ) : null}
    </figure>
  );
}
