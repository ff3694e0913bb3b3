export { createShutdownRegistry, DEFAULT_SHUTDOWN_TIMEOUT_MS, installSignalHandlers, isShuttingDown, onShutdown, runShutdown, type HookOutcome, type ShutdownHook, type ShutdownRegistry, type SignalOptions } from "./shutdown";
export { checkReadiness, READY_TIMEOUT_MS, type Readiness } from "./readiness";
export { TimeoutError, withTimeout } from "./with-timeout";
