"use client";

import { useState } from "react";

type Theme = "light" | "dark" | "system";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };

/** Cycles system → light → dark. Stored in a cookie so the server renders the chosen theme (no flash, no inline script). */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  return (
    <button
      type="button"
      onClick={() => {
        const next = NEXT[theme];
        setTheme(next);
        document.cookie = `theme=${next}; path=/; max-age=31536000; samesite=lax`;
        if (next === "system") delete document.documentElement.dataset.theme;
        else document.documentElement.dataset.theme = next;
      }}
      className="rounded border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
      aria-label={`Theme: ${theme}. Switch to ${NEXT[theme]}.`}
    >
      Theme: {theme}
    </button>
  );
}
