import Link from "next/link";
import { ThemeToggle } from "./theme-toggle";

const NAV = [
  { href: "/", label: "Fleet" },
  { href: "/diagnose", label: "Diagnose" },
  { href: "/wall", label: "Wall" },
];

export function AppHeader({ simulated, theme }: { simulated: boolean; theme: "light" | "dark" | "system" }) {
  return (
    <header className="flex items-center gap-4 border-b border-zinc-200 bg-white px-4 py-2 dark:border-zinc-800 dark:bg-zinc-900">
      <Link href="/" className="text-base font-semibold tracking-tight">
        Runnerscope
      </Link>
      <nav aria-label="Main" className="flex gap-1 text-sm">
        {NAV.map((n) => (
          <Link key={n.href} href={n.href} className="rounded px-2 py-1 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:hover:bg-zinc-800">
            {n.label}
          </Link>
        ))}
      </nav>
      {simulated ? (
        <span className="rounded border border-violet-300 bg-violet-50 px-2 py-0.5 text-xs font-medium text-violet-800 dark:border-violet-800 dark:bg-violet-950/50 dark:text-violet-300" title="The dashboard is reading a simulated ARC fleet (lib/simulator), not a real cluster.">
          Simulated fleet
        </span>
      ) : null}
      <div className="ml-auto">
        <ThemeToggle initial={theme} />
      </div>
    </header>
  );
}
