import type { Severity } from "@/lib/model";
import { STATUS_CLASSES, STATUS_LABEL, type HealthStatus } from "@/lib/ui/status";
import { CriticalIcon, InfoIcon, OkIcon, UnknownIcon, WarningIcon } from "./icons";

const ICONS = { critical: CriticalIcon, warning: WarningIcon, info: InfoIcon, healthy: OkIcon, unknown: UnknownIcon } as const;

/** Status or severity as icon + word + colour: colour is never the only signal. */
export function StatusBadge({ status, label, className = "" }: { status: HealthStatus | Severity; label?: string; className?: string }) {
  const Icon = ICONS[status];
  return (
    <span className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${STATUS_CLASSES[status]} ${className}`}>
      <Icon className="shrink-0" />
      {label ?? STATUS_LABEL[status]}
    </span>
  );
}
