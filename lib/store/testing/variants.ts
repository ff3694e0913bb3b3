import { randomBytes } from "node:crypto";
import { openStore } from "../open-store";
import type { Store } from "../store";

export interface OpenedStore {
  store: Store;
  cleanup: () => Promise<void>;
}

export interface StoreVariant {
  name: "pglite" | "postgres";
  /** Set when the variant cannot run here; the suite turns it into one failing test, never a silent skip. */
  notConfigured?: string;
  open: () => Promise<OpenedStore>;
}

/**
 * The two back ends every store test runs on. PostgreSQL comes from TEST_DATABASE_URL; each open gets a
 * fresh random database (dropped on cleanup). Without the URL the variant fails loudly, never skips.
 */
export function storeVariants(): StoreVariant[] {
  return [
    {
      name: "pglite",
      open: async () => {
        const store = await openStore({ dir: "memory://" });
        return { store, cleanup: () => store.close() };
      },
    },
    { name: "postgres", open: openPostgres, ...(process.env.TEST_DATABASE_URL ? {} : { notConfigured: notConfiguredMessage() }) },
  ];
}

async function openPostgres(): Promise<OpenedStore> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error(notConfiguredMessage());
  const { Client } = await import("pg");
  const dbName = `rs_test_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${dbName}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  const store = await openStore({ url: url.toString() });
  return {
    store,
    cleanup: async () => {
      await store.close();
      const c = new Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`drop database if exists ${dbName} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

function notConfiguredMessage(): string {
  return `PostgreSQL store tests not configured: set TEST_DATABASE_URL (e.g. postgres://runnerscope:runnerscope@127.0.0.1:5432/runnerscope_test)${process.env.CI ? " — required in CI" : ""}`;
}
