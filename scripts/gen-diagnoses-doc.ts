/** Writes docs/diagnoses.md from the registered rules. Run: `npx tsx scripts/gen-diagnoses-doc.ts`. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderCatalog } from "@/lib/diagnosis/catalog";
import { allRules } from "@/lib/diagnosis/rules";

export const CATALOG_PATH = path.join(import.meta.dirname, "..", "docs", "diagnoses.md");

writeFileSync(CATALOG_PATH, renderCatalog(allRules));
console.log(`wrote ${path.relative(process.cwd(), CATALOG_PATH)} (${allRules.length} rules)`);
