"use client";

import { useState } from "react";
import { CopyIcon } from "./icons";

/** Copies `text` to the clipboard; says so for a moment. Keyboard reachable, labelled for screen readers. */
export function CopyButton({ text, label = "Copy command" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
      className="inline-flex items-center gap-1 rounded border border-zinc-300 px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      <CopyIcon />
      {copied ? "Copied" : "Copy"}
    </button>
  );
}
