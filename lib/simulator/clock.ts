/**
 * Virtual clock for the discrete-event simulator. Three modes:
 * - realtime: virtual time = wall time (demo);
 * - accelerated: virtual time runs `factor`× faster than wall time (benchmarks);
 * - stepped: time moves only when a test calls `advance()`.
 * Timers are ordered by virtual due time then insertion order, so a seeded run is reproducible.
 */

export type ClockMode = { kind: "realtime" } | { kind: "accelerated"; factor: number } | { kind: "stepped"; start: Date };

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

export class VirtualClock {
  private timers: Timer[] = [];
  private nextId = 1;
  private virtualNow: number;
  private wallAnchor = Date.now();
  private virtualAnchor: number;
  private pump: NodeJS.Timeout | undefined;

  constructor(readonly mode: ClockMode) {
    this.virtualNow = mode.kind === "stepped" ? mode.start.getTime() : Date.now();
    this.virtualAnchor = this.virtualNow;
    if (mode.kind !== "stepped") this.schedulePump();
  }

  /** Current virtual time in ms since the epoch. */
  nowMs(): number {
    if (this.mode.kind === "stepped") return this.virtualNow;
    const factor = this.mode.kind === "accelerated" ? this.mode.factor : 1;
    return Math.max(this.virtualNow, this.virtualAnchor + (Date.now() - this.wallAnchor) * factor);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Run `fn` after `ms` of virtual time. Returns a handle for `clear`. */
  setTimeout(fn: () => void, ms: number): number {
    const timer: Timer = { id: this.nextId++, due: this.nowMs() + Math.max(0, ms), fn };
    const at = this.timers.findIndex((t) => t.due > timer.due);
    if (at === -1) this.timers.push(timer);
    else this.timers.splice(at, 0, timer);
    if (this.mode.kind !== "stepped") this.schedulePump();
    return timer.id;
  }

  clear(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Stepped mode: move time forward by `ms`, firing due timers in order. */
  async advance(ms: number): Promise<void> {
    const target = this.virtualNow + ms;
    for (;;) {
      const next = this.timers[0];
      if (!next || next.due > target) break;
      this.timers.shift();
      this.virtualNow = Math.max(this.virtualNow, next.due);
      next.fn();
      // let I/O callbacks (watch writes) flush between events
      await new Promise((r) => setImmediate(r));
    }
    this.virtualNow = target;
  }

  stop(): void {
    if (this.pump) clearTimeout(this.pump);
    this.pump = undefined;
    this.timers = [];
  }

  private schedulePump(): void {
    if (this.pump) clearTimeout(this.pump);
    const next = this.timers[0];
    if (!next) return;
    const factor = this.mode.kind === "accelerated" ? this.mode.factor : 1;
    const wait = Math.max(0, (next.due - this.nowMs()) / factor);
    this.pump = setTimeout(() => this.fireDue(), Math.min(wait, 2_147_483_000));
    this.pump.unref?.();
  }

  private fireDue(): void {
    this.pump = undefined;
    const now = this.nowMs();
    let fired = 0;
    while (this.timers[0] && this.timers[0].due <= now && fired < 10_000) {
      const t = this.timers.shift()!;
      fired++;
      try {
        t.fn();
      } catch (err) {
        console.error("simulator timer failed", err);
      }
    }
    this.schedulePump();
  }
}
