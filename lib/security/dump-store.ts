import { sql } from "drizzle-orm";
import { rowsOf, type Store } from "@/lib/store";

/** One row of one table, every column rendered as text (JSON of the row). */
export interface DumpedRow {
  table: string;
  text: string;
}

/**
 * Every row of every table in the store's `public` schema as text, found through information_schema so a table
 * added later is covered without touching the security tests.
 */
export async function dumpStoreText(store: Store): Promise<DumpedRow[]> {
  const tables = rowsOf(
    await store.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
  ).flatMap((r) => {
    const name = (r as { table_name?: unknown }).table_name;
    return typeof name === "string" ? [name] : [];
  });
  const out: DumpedRow[] = [];
  for (const table of tables) {
    const res = await store.db.execute(sql`select row_to_json(t)::text as j from ${sql.identifier(table)} t`);
    for (const r of rowsOf(res)) {
      const j = (r as { j?: unknown }).j;
      if (typeof j === "string") out.push({ table, text: j });
    }
  }
  return out;
}
