import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Bytes of all files under `dir` (like `du -sb`, without following links). */
export function du(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += du(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}
