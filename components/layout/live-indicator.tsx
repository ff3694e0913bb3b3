"use client";

import { useEffect, useState } from "react";
import type { LiveState } from "@/lib/api/use-live-updates";

/** "Live · data 4 s old" — turns visibly stale when no message or heartbeat arrived for `staleAfterMs`. */
export function LiveIndicator({ state, lastContact, dataAt, staleAfterMs = 40_000, large = false }: { state: LiveState; lastContact?: number; dataAt?: string; staleAfterMs?: number; large?: boolean }) {
  const [now, setNow] = useState<number | undefined>(undefined);
  useEffect(() => {
    // a 0 ms first tick: the clock starts in the browser only, so server and client markup agree
    const first = setTimeout(() => setNow(Date.now()), 0);
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearTimeout(first);
      clearInterval(t);
    };
  }, []);
  const silentFor = now !== undefined && lastContact !== undefined ? now - lastContact : undefined;
  const stale = state !== "live" || (silentFor !== undefined && silentFor > staleAfterMs);
  const age = now !== undefined && dataAt ? Math.max(0, Math.round((now - new Date(dataAt).getTime()) / 1000)) : undefined;
  const text = state === "connecting" ? "Connecting…" : stale ? (state === "reconnecting" ? "Disconnected — reconnecting" : "Stale — no updates") : "Live";
  return (
    <span
      role="status"
      data-live-state={stale ? "stale" : "live"}
      className={`inline-flex items-center gap-2 rounded border font-medium ${large ? "px-3 py-1 text-2xl" : "px-2 py-0.5 text-xs"} ${
        stale ? "border-amber-400 bg-amber-100 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200" : "border-emerald-300 text-emerald-800 dark:border-emerald-800 dark:text-emerald-300"
      }`}
    >
      <span aria-hidden className={`inline-block rounded-full ${large ? "h-3 w-3" : "h-2 w-2"} ${stale ? "bg-amber-500" : "bg-emerald-500"}`} />
      {text}
      {age !== undefined ? <span className="font-normal opacity-80">· data {age < 2 ? "just now" : `${age} s old`}</span> : null}
    </span>
  );
}
