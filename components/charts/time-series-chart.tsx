"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_MARGIN, tickLabel, timeTicks } from "./time-axis";

export interface SeriesDef {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

type Point = { t: string };

/**
 * A step chart on the page's shared time axis. Unknown values are gaps, never zeros.
 * `syncId` links tooltips across the page's charts.
 */
export function TimeSeriesChart<P extends Point>({ title, points, series, from, to, refLines = [], height = 180, syncId = "scale-set" }: { title: string; points: P[]; series: SeriesDef[]; from: number; to: number; refLines?: { y: number; label: string }[]; height?: number; syncId?: string }) {
  const data = points.map((p) => ({ ...p, ts: new Date(p.t).getTime() }));
  const ticks = timeTicks(from, to);
  return (
    <figure aria-label={title} className="space-y-1">
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      <div style={{ height }} className="text-xs">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} syncId={syncId} margin={{ top: 4, right: AXIS_MARGIN.right, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="2 4" stroke="currentColor" strokeOpacity={0.15} />
            <XAxis dataKey="ts" type="number" scale="time" domain={[from, to]} ticks={ticks} tickFormatter={(t: number) => tickLabel(t, to - from)} stroke="currentColor" strokeOpacity={0.5} allowDataOverflow />
            <YAxis width={AXIS_MARGIN.left} allowDecimals={false} stroke="currentColor" strokeOpacity={0.5} />
            <Tooltip labelFormatter={(t) => new Date(Number(t)).toISOString().slice(0, 19).replace("T", " ") + " UTC"} contentStyle={{ fontSize: 12 }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {refLines.map((r) => (
              <ReferenceLine key={r.label} y={r.y} stroke="#71717a" strokeDasharray="4 4" label={{ value: r.label, position: "insideTopRight", fontSize: 11, fill: "currentColor" }} />
            ))}
            {series.map((s) => (
              <Line key={s.key} type="stepAfter" dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={1.6} strokeDasharray={s.dashed ? "5 3" : undefined} dot={false} isAnimationActive={false} connectNulls={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
