import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const theme = (await cookies()).get("theme")?.value;
  return (
    <>
      <a href="#content" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:px-3 focus:py-1 focus:shadow">
        Skip to content
      </a>
      <AppHeader simulated={process.env.RUNNERSCOPE_SIMULATED === "1"} theme={theme === "light" || theme === "dark" ? theme : "system"} />
      <div id="content">{children}</div>
    </>
  );
}
