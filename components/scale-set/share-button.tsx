"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import type { ScaleSetKey } from "@/lib/model";
import { fetchJson } from "@/lib/api/fetch-json";
import { CopyButton } from "@/components/ui/copy-button";

/** Freezes the current view (scope, window, timelines, findings) into an incident link with an unguessable id. */
export function ShareButton({ scaleSet, from, to }: { scaleSet: ScaleSetKey; from: string; to: string }) {
  const share = useMutation({
    mutationFn: () =>
      fetchJson<{ id: string }>("/api/incidents", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ scope: { scaleSets: [scaleSet] }, from, to }),
      }),
  });
  const href = share.data ? `/incidents/${share.data.id}` : undefined;
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={() => share.mutate()} disabled={share.isPending} className="rounded bg-zinc-900 px-3 py-1 text-sm font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900">
        {share.isPending ? "Freezing…" : "Share incident link"}
      </button>
      {href ? (
        <>
          <Link href={href} className="text-sm text-sky-700 underline dark:text-sky-300" data-testid="incident-link">
            {href}
          </Link>
          <CopyButton text={typeof window === "undefined" ? href : `${window.location.origin}${href}`} label="Copy incident link" />
        </>
      ) : null}
      {share.error ? <span className="text-xs text-red-700">{share.error.message}</span> : null}
    </span>
  );
}
