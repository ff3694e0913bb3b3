/**
 * The one human duration format, used by diagnosis texts and the UI: "<1 s", "1.2 s", "45 s", "12 min",
 * "3 h 5 min", "2 d 4 h". Each step rounds to the unit it prints and moves up when rounding reaches the next unit,
 * so it never prints "60 s", "60 min" or "3 h 60 min".
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  // Negative ages come from clock skew or a reset already passed: show them as zero.
  const s = Math.max(0, seconds);
  if (s < 1) return "<1 s";
  const tenths = Math.round(s * 10) / 10;
  if (tenths < 10) return `${tenths} s`;
  const secs = Math.round(s);
  if (secs < 60) return `${secs} s`;
  const mins = Math.round(s / 60);
  if (mins < 60) return `${mins} min`;
  const h = Math.floor(mins / 60);
  if (h < 48) return mins % 60 ? `${h} h ${mins % 60} min` : `${h} h`;
  const hours = Math.round(s / 3600);
  const d = Math.floor(hours / 24);
  return hours % 24 ? `${d} d ${hours % 24} h` : `${d} d`;
}
