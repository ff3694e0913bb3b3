import type { Store } from "@/lib/store";
import type { SourceHealthView } from "./types";

export async function getSourceHealth(store: Store): Promise<SourceHealthView> {
  const sources = await store.listSourceHealth();
  return { sources, unhealthy: sources.filter((s) => s.state !== "ok"), empty: sources.length === 0 };
}
