"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { Finding, NotEvaluated } from "@/lib/model";
import { fetchJson } from "@/lib/api/fetch-json";
import { FindingsList } from "@/components/diagnosis/findings-list";

interface DiagnoseResponse {
  findings: Finding[];
  notEvaluated: NotEvaluated[];
  parsed: Record<string, number>;
}

const EXAMPLE = `2026-03-01T04:00:01Z	INFO	EphemeralRunner	Created ephemeral runner pod	{"ephemeralrunner": "arc-runners/ha-restarter-zcp79-runner-n5bgx", "version": "0.13.1", "runnerScaleSetId": 1, "runnerName": "ha-restarter-zcp79-runner-n5bgx", "podName": "ha-restarter-zcp79-runner-n5bgx"}
2026-03-01T04:00:02Z	INFO	EphemeralRunner	Ephemeral runner has finished successfully, deleting ephemeral runner	{"ephemeralrunner": "arc-runners/ha-restarter-zcp79-runner-n5bgx", "version": "0.13.1", "exitCode": 0}`;

export function DiagnoseForm({ maxBytes }: { maxBytes: number }) {
  const [text, setText] = useState("");
  const [shared, setShared] = useState<string | undefined>();
  const diagnose = useMutation({
    mutationFn: (body: string) => fetchJson<DiagnoseResponse>("/api/diagnose", { method: "POST", body, headers: { "content-type": "text/plain" } }),
    onSuccess: () => setShared(undefined),
  });
  const share = useMutation({
    // the server diagnoses the text again and keeps only the (redacted) cards, never the text
    mutationFn: (pasted: string) =>
      fetchJson<{ id: string }>("/api/incidents", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ kind: "diagnose", text: pasted }),
      }),
    onSuccess: (r) => setShared(`/incidents/${r.id}`),
  });
  const bytes = new TextEncoder().encode(text).length;
  // pasted evidence has its own clock: "since" and "ago" are relative to the newest thing in the paste
  const now = diagnose.data?.findings.reduce((t, f) => (f.lastSeen > t ? f.lastSeen : t), "") || new Date().toISOString();

  return (
    <div className="space-y-4">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          diagnose.mutate(text);
        }}
        className="space-y-2"
      >
        <label htmlFor="evidence" className="block text-sm font-medium">
          Paste anything: listener or controller logs, runner logs, <code>kubectl describe</code>, <code>kubectl get events</code>, <code>-o yaml|json</code>, GitHub API JSON
        </label>
        <textarea
          id="evidence"
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={14}
          spellCheck={false}
          className="w-full rounded border border-zinc-300 bg-white p-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
          placeholder={EXAMPLE}
        />
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <button type="submit" disabled={!text.trim() || diagnose.isPending || bytes > maxBytes} className="rounded bg-zinc-900 px-3 py-1.5 font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900">
            {diagnose.isPending ? "Diagnosing…" : "Diagnose"}
          </button>
          <button type="button" onClick={() => setText(EXAMPLE)} className="rounded border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
            Load an example
          </button>
          <span className={bytes > maxBytes ? "text-red-700 dark:text-red-400" : "text-zinc-500"}>
            {(bytes / 1024).toFixed(1)} KiB of {(maxBytes / 1024 / 1024).toFixed(0)} MB · secrets and tokens are redacted before anything is shown or stored
          </span>
        </div>
      </form>

      {diagnose.error ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-300">
          {diagnose.error.message}
        </p>
      ) : null}

      {diagnose.data ? (
        <section aria-label="Diagnosis" className="space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <h2 className="text-lg font-semibold">{diagnose.data.findings.length} findings</h2>
            <span className="text-xs text-zinc-500">
              parsed: {Object.entries(diagnose.data.parsed).filter(([, v]) => v > 0).map(([k, v]) => `${v} ${k}`).join(", ") || "nothing recognised"}
            </span>
            <button type="button" onClick={() => share.mutate(diagnose.variables ?? text)} disabled={share.isPending} className="ml-auto rounded border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700">
              {share.isPending ? "Saving…" : "Save as incident link"}
            </button>
            {shared ? (
              <Link href={shared} className="text-sm text-sky-700 underline dark:text-sky-300">
                {shared}
              </Link>
            ) : null}
          </div>
          <FindingsList findings={diagnose.data.findings} notEvaluated={diagnose.data.notEvaluated} now={now} emptyText="No known failure pattern found in this text. Add more context: listener logs, the EphemeralRunner's status, the pod's describe output." />
        </section>
      ) : null}
    </div>
  );
}
