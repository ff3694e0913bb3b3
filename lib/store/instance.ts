import { openStore } from "./open-store";
import type { Store } from "./store";

// One store per process: Next dev reloads modules, so the promise lives on globalThis.
const g = globalThis as typeof globalThis & { __runnerscopeStore?: Promise<Store> };

/** The process-wide store, opened on first use from the environment (DATABASE_URL / RUNNERSCOPE_DATA_DIR). */
export function getStore(): Promise<Store> {
  if (!g.__runnerscopeStore) {
    g.__runnerscopeStore = openStore().catch((e: unknown) => {
      g.__runnerscopeStore = undefined; // let the next call retry instead of caching the failure
      throw e;
    });
  }
  return g.__runnerscopeStore;
}

/** Closes the process-wide store (shutdown, tests). */
export async function closeStore(): Promise<void> {
  const p = g.__runnerscopeStore;
  g.__runnerscopeStore = undefined;
  if (p) await (await p).close();
}
