import type { Metadata } from "next";
import { MAX_PASTE_BYTES } from "@/lib/evidence/diagnose-text";
import { DiagnoseForm } from "./diagnose-form";

export const metadata: Metadata = { title: "Diagnose" };

export default function DiagnosePage() {
  return (
    <main className="mx-auto max-w-5xl space-y-4 p-4">
      <h1 className="text-xl font-semibold">Diagnose pasted evidence</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        No cluster access? Paste what you have — the same rules that watch the live fleet run on it. Also available as <code>npm run diagnose -- FILE</code> and <code>POST /api/diagnose</code>.
      </p>
      <DiagnoseForm maxBytes={MAX_PASTE_BYTES} />
    </main>
  );
}
