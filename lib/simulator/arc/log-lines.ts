/**
 * Log lines in the exact shapes ARC writes (arc-model.md §2.1, §3.2):
 * - zap JSON (controller, and the ≤0.13 listener): `ts`, `severity`, `logger`, `message`, then fields;
 * - slog JSON (≥0.14 listener): `time`, `level`, `source`, `msg`, `component`, then attributes.
 */

export type ArcGen = "0.13" | "0.14";

export const APP_VERSION: Record<ArcGen, string> = { "0.13": "0.13.1", "0.14": "0.14.2" };

type Level = "debug" | "info" | "warn" | "error";

export function zapLine(at: Date, level: Level, logger: string, message: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ ts: at.toISOString(), severity: level, logger, message, ...fields });
}

/** Where a slog line claims to come from; the collector only needs the shape. */
const SLOG_SOURCES: Record<string, { function: string; file: string }> = {
  listener: { function: "github.com/actions/scaleset/listener.(*Listener).Run", file: "/go/pkg/mod/github.com/actions/scaleset@v0.4.0/listener/listener.go" },
  worker: { function: "github.com/actions/actions-runner-controller/cmd/ghalistener/scaler.(*Scaler).HandleDesiredRunnerCount", file: "/workspace/cmd/ghalistener/scaler/scaler.go" },
  "metrics exporter": { function: "github.com/actions/actions-runner-controller/cmd/ghalistener/metrics.(*exporter).ListenAndServe", file: "/workspace/cmd/ghalistener/metrics/metrics.go" },
};

export function slogLine(at: Date, level: Level, component: string, msg: string, attrs: Record<string, unknown> = {}, line = 120): string {
  const src = SLOG_SOURCES[component] ?? { function: "main.run", file: "/workspace/cmd/ghalistener/main.go" };
  return JSON.stringify({ time: at.toISOString(), level: level.toUpperCase(), source: { ...src, line }, msg, component, ...attrs });
}

/** Listener logger names (≤0.13) per slog component (≥0.14). */
const ZAP_LISTENER_LOGGER: Record<string, string> = {
  listener: "listener-app.listener",
  worker: "listener-app.worker.kubernetesworker",
  "metrics exporter": "listener-app.metrics exporter",
  app: "listener-app",
};

/** One listener line in the generation's format; `component` is the slog component. */
export function listenerLine(gen: ArcGen, at: Date, level: Level, component: "listener" | "worker" | "metrics exporter" | "app", message: string, fields: Record<string, unknown> = {}): string {
  if (gen === "0.13") return zapLine(at, level, ZAP_LISTENER_LOGGER[component] ?? "listener-app", message, fields);
  return slogLine(at, level, component === "app" ? "listener" : component, message, fields);
}

/** Controller line (zap in both generations: only the listener moved to slog in 0.14). */
export function controllerLine(
  gen: ArcGen,
  at: Date,
  level: Level,
  kind: "AutoscalingRunnerSet" | "EphemeralRunnerSet" | "EphemeralRunner" | "AutoscalingListener",
  key: string,
  message: string,
  fields: Record<string, unknown> = {},
): string {
  return zapLine(at, level, kind, message, { version: APP_VERSION[gen], [kind.toLowerCase()]: key, ...fields });
}
