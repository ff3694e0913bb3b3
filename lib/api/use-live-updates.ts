"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { keysForChange } from "./query-keys";

export type LiveState = "connecting" | "live" | "reconnecting";

/**
 * Subscribes to `/api/stream` and invalidates the affected queries on each change. Reconnects by itself
 * (EventSource retries on network loss; a closed source after a server restart is re-opened with backoff).
 * `lastContact` is the time of the last message or heartbeat, so pages can show freshness and turn stale.
 */
export function useLiveUpdates(): { state: LiveState; lastContact: number | undefined } {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  const [lastContact, setLastContact] = useState<number | undefined>(undefined);
  const retry = useRef(0);

  useEffect(() => {
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;

    const open = () => {
      source = new EventSource("/api/stream");
      const touch = () => {
        retry.current = 0;
        setState("live");
        setLastContact(Date.now());
      };
      source.addEventListener("hello", () => {
        touch();
        // after a reconnect we may have missed changes: refresh everything on screen
        void client.invalidateQueries();
      });
      source.addEventListener("heartbeat", touch);
      source.addEventListener("change", (ev) => {
        touch();
        const data = JSON.parse((ev as MessageEvent<string>).data) as { topics: string[]; keys: string[] };
        for (const key of keysForChange(data)) void client.invalidateQueries({ queryKey: key });
      });
      source.onerror = () => {
        setState("reconnecting");
        if (source?.readyState === EventSource.CLOSED && !disposed) {
          source.close();
          const delay = Math.min(30_000, 1_000 * 2 ** retry.current++);
          timer = setTimeout(open, delay);
        }
      };
    };
    open();
    return () => {
      disposed = true;
      source?.close();
      if (timer) clearTimeout(timer);
    };
  }, [client]);

  return { state, lastContact };
}
