import { mkdirSync } from "node:fs";
import path from "node:path";
import * as schema from "./schema";
import { Store, type Db } from "./store";

/** Arbitrary app-wide key for the migration advisory lock. */
const MIGRATION_LOCK = 0x52756e6e; // "Runn"

export interface OpenStoreOptions {
  /** PostgreSQL URL; defaults to `DATABASE_URL`. When neither is set, an embedded PGlite is used. */
  url?: string;
  /** PGlite data directory (`memory://` for tests); defaults to `RUNNERSCOPE_DATA_DIR` or `.data/pglite`. */
  dir?: string;
  /** Migration folder; defaults to `RUNNERSCOPE_MIGRATIONS_DIR` or `<cwd>/drizzle`. */
  migrationsFolder?: string;
}

/** Opens the store and applies pending migrations. The caller owns it: always `await store.close()`. */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const migrationsFolder = opts.migrationsFolder ?? process.env.RUNNERSCOPE_MIGRATIONS_DIR ?? path.join(process.cwd(), "drizzle");
  const url = opts.url ?? (opts.dir === undefined ? process.env.DATABASE_URL : undefined);
  if (url) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    const pool = new Pool({ connectionString: url, max: 10 });
    // an idle client killed by a server restart must not crash the process: the next query reconnects, writes are retried
    pool.on("error", () => undefined);
    const db = drizzle(pool, { schema });
    try {
      // Replicas sharing one database start together: only one may run the migrations at a time.
      const lock = await pool.connect();
      try {
        await lock.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
        await migrate(db, { migrationsFolder });
      } finally {
        await lock.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
        lock.release();
      }
    } catch (e) {
      await pool.end();
      throw e;
    }
    return new Store(db as unknown as Db, "postgres", () => pool.end());
  }
  const dir = opts.dir ?? process.env.RUNNERSCOPE_DATA_DIR ?? ".data/pglite";
  // PGlite creates only the last path segment itself.
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = new PGlite(dir);
  const db = drizzle(client, { schema });
  try {
    await migrate(db, { migrationsFolder });
  } catch (e) {
    await client.close();
    throw e;
  }
  return new Store(db as unknown as Db, "pglite", () => client.close());
}
