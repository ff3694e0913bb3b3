import type { IsoTime, SourceHealth, SourceState } from "@/lib/model";

/**
 * Per-source health registry. Sources report successes and failures of their parts (an informer, a namespace,
 * an endpoint); the registry folds the parts into one SourceHealth per source id.
 */
export interface HealthPart {
  ok: boolean;
  at: IsoTime;
  message?: string;
}

interface Entry {
  base: Pick<SourceHealth, "id" | "kind" | "label">;
  parts: Map<string, HealthPart>;
  lastSuccess?: IsoTime;
  lastError?: { at: IsoTime; message: string };
  detail?: string;
  /** Forced state (e.g. listener stats: "unavailable" with a reason) overrides the fold. */
  forced?: { state: SourceState; message: string; at: IsoTime };
}

export class HealthRegistry {
  private entries = new Map<string, Entry>();
  private listeners = new Set<(h: SourceHealth) => void>();

  register(base: Entry["base"]): void {
    if (!this.entries.has(base.id)) this.entries.set(base.id, { base, parts: new Map() });
  }

  /** Called with every changed SourceHealth (the runtime buffers them for the store). */
  onChange(fn: (h: SourceHealth) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  success(id: string, part: string, at: IsoTime): void {
    const e = this.need(id);
    const prev = e.parts.get(part);
    e.parts.set(part, { ok: true, at });
    e.lastSuccess = at;
    if (!prev?.ok || e.forced) {
      e.forced = undefined;
      this.emit(id);
    }
  }

  failure(id: string, part: string, at: IsoTime, message: string): void {
    const e = this.need(id);
    const prev = e.parts.get(part);
    e.parts.set(part, { ok: false, at, message });
    e.lastError = { at, message };
    if (prev?.ok !== false || prev.message !== message) this.emit(id);
  }

  /** Drop a part that no longer exists (an informer that was removed). */
  forget(id: string, part: string): void {
    this.entries.get(id)?.parts.delete(part);
  }

  force(id: string, state: SourceState, message: string, at: IsoTime): void {
    const e = this.need(id);
    const changed = e.forced?.state !== state || e.forced.message !== message;
    e.forced = { state, message, at };
    if (state !== "ok") e.lastError = { at, message };
    if (changed) this.emit(id);
  }

  setDetail(id: string, detail: string): void {
    const e = this.need(id);
    if (e.detail === detail) return;
    e.detail = detail;
    this.emit(id);
  }

  get(id: string): SourceHealth | undefined {
    const e = this.entries.get(id);
    return e ? fold(e) : undefined;
  }

  all(): SourceHealth[] {
    return [...this.entries.values()].map(fold);
  }

  private need(id: string): Entry {
    const e = this.entries.get(id);
    if (!e) throw new Error(`unknown source ${id}`);
    return e;
  }

  private emit(id: string): void {
    const h = this.get(id);
    if (h) for (const fn of this.listeners) fn(h);
  }
}

function fold(e: Entry): SourceHealth {
  const parts = [...e.parts.values()];
  const failing = [...e.parts.entries()].filter(([, p]) => !p.ok);
  let state: SourceState;
  let lastError = e.lastError;
  if (e.forced) {
    state = e.forced.state;
    if (state !== "ok") lastError = { at: e.forced.at, message: e.forced.message };
  } else if (parts.length === 0) state = e.lastSuccess ? "ok" : "unavailable";
  else if (failing.length === 0) state = "ok";
  else if (failing.length === parts.length) state = "unavailable";
  else state = "degraded";
  if (!e.forced && failing.length > 0) {
    // name every failing part so "403 on namespace x" is visible, not just the last error
    const newest = failing.reduce((a, b) => (a[1].at >= b[1].at ? a : b));
    const names = failing.map(([k]) => k);
    lastError = { at: newest[1].at, message: `${newest[1].message ?? "error"}${names.length > 1 ? ` (failing: ${names.join(", ")})` : ""}` };
  }
  const h: SourceHealth = { ...e.base, state };
  if (e.lastSuccess) h.lastSuccess = e.lastSuccess;
  if (lastError) h.lastError = lastError;
  if (e.detail) h.detail = e.detail;
  return h;
}
