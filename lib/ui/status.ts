import type { Severity } from "@/lib/model";

/** Fleet/scale-set health as shown on tiles; "unknown" = we cannot tell (a source is down), never "healthy". */
export type HealthStatus = "critical" | "warning" | "healthy" | "unknown";

export const STATUS_ORDER: Record<HealthStatus, number> = { critical: 0, warning: 1, unknown: 2, healthy: 3 };

export const STATUS_LABEL: Record<HealthStatus | Severity, string> = {
  critical: "Critical",
  warning: "Warning",
  info: "Info",
  healthy: "Healthy",
  unknown: "Unknown",
};

/** Tailwind classes per status: text + subtle background + border, readable in light and dark themes. */
export const STATUS_CLASSES: Record<HealthStatus | Severity, string> = {
  critical: "text-red-700 bg-red-50 border-red-200 dark:text-red-300 dark:bg-red-950/50 dark:border-red-900",
  warning: "text-amber-800 bg-amber-50 border-amber-200 dark:text-amber-300 dark:bg-amber-950/40 dark:border-amber-900",
  info: "text-sky-800 bg-sky-50 border-sky-200 dark:text-sky-300 dark:bg-sky-950/40 dark:border-sky-900",
  healthy: "text-emerald-800 bg-emerald-50 border-emerald-200 dark:text-emerald-300 dark:bg-emerald-950/40 dark:border-emerald-900",
  unknown: "text-zinc-700 bg-zinc-100 border-zinc-300 dark:text-zinc-300 dark:bg-zinc-800 dark:border-zinc-700",
};

export function statusFromSeverities(severities: readonly Severity[]): HealthStatus {
  if (severities.includes("critical")) return "critical";
  if (severities.includes("warning")) return "warning";
  return "healthy";
}
