import { memo } from "react";
import type { ScaleSetView } from "@/lib/services/types";
import { TimeSeriesChart } from "@/components/charts/time-series-chart";
import { Swimlane } from "./swimlane";

/** Jobs, runners, the swimlane of runner lives and events, all on one time axis. */
function TimelinesImpl({ view, hrefForRunner, onSelectRunner }: { view: ScaleSetView; hrefForRunner: (name: string) => string; onSelectRunner?: (name: string) => void }) {
  const from = new Date(view.window.from).getTime();
  const to = new Date(view.window.to).getTime();
  const pts = view.series.points;
  const min = view.config.minRunners;
  const max = view.config.maxRunners;
  const listenerNote = view.listenerStats.state === "ok" ? "" : ` — listener statistics ${view.listenerStats.state}${view.listenerStats.reason ? `: ${view.listenerStats.reason}` : ""}`;
  return (
    <div className="space-y-4">
      <TimeSeriesChart
        title={`Jobs${listenerNote}${view.series.githubAvailable ? "" : " — GitHub queue unavailable"}`}
        points={pts}
        from={from}
        to={to}
        series={[
          { key: "githubQueued", label: "queued on GitHub", color: "#dc2626", dashed: true },
          { key: "available", label: "available", color: "#f59e0b" },
          { key: "acquired", label: "acquired", color: "#8b5cf6" },
          { key: "assigned", label: "assigned", color: "#0ea5e9" },
          { key: "running", label: "running", color: "#10b981" },
        ]}
      />
      <TimeSeriesChart
        title="Runners"
        points={pts}
        from={from}
        to={to}
        refLines={
          min !== undefined && min === max
            ? [{ y: min, label: `min = max = ${min}` }]
            : [...(min !== undefined ? [{ y: min, label: `min ${min}` }] : []), ...(max !== undefined && max < 10_000 ? [{ y: max, label: `max ${max}` }] : [])]
        }
        series={[
          { key: "desired", label: "desired", color: "#6366f1", dashed: true },
          { key: "registered", label: "registered", color: "#0ea5e9" },
          { key: "busy", label: "busy", color: "#10b981" },
          { key: "idle", label: "idle", color: "#a3a3a3" },
          { key: "pending", label: "pending", color: "#f59e0b" },
          { key: "failed", label: "failed", color: "#ef4444" },
        ]}
      />
      <section aria-label="Runner lives">
        <h3 className="mb-1 text-sm font-semibold">Runner lives ({view.lives.length})</h3>
        <Swimlane lives={view.lives} from={from} to={to} now={new Date(view.generatedAt).getTime()} hrefFor={hrefForRunner} onSelect={onSelectRunner} truncated={view.livesTruncated} />
      </section>
    </div>
  );
}

/** Memoised: selecting a runner re-renders the drawer, not thousands of swimlane bars and both charts. */
export const Timelines = memo(TimelinesImpl);
