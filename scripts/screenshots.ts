/**
 * `npm run screenshots`: starts the demo (simulated fleet + production build), waits until the fleet is diagnosed,
 * and regenerates docs/screenshots/*.png: overview, scale set, runner, diagnose, incident, wall.
 * Flags: --no-build (reuse .next), --url URL (use an already running dashboard instead of starting one).
 */
import { chromium, type Page } from "@playwright/test";
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({ options: { "no-build": { type: "boolean", default: false }, url: { type: "string" }, port: { type: "string", default: "3300" } } });
const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "docs/screenshots");
mkdirSync(out, { recursive: true });

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

async function main(): Promise<void> {
  let base = args.url;
  let demo: ReturnType<typeof spawn> | undefined;
  if (!base) {
    base = `http://127.0.0.1:${args.port}`;
    demo = spawn(path.join(root, "node_modules/.bin/tsx"), ["scripts/demo.ts", "--port", args.port!, "--data-dir", ".data/screenshots", "--fresh", ...(args["no-build"] ? ["--no-build"] : [])], { cwd: root, stdio: "inherit" });
    await waitFor(`${base}/api/health`, 300_000);
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
    // let the collector see a few minutes of runner lives and diagnose them
    const deadline = Date.now() + 120_000;
    for (;;) {
      await page.goto(`${base}/`);
      if ((await page.locator('tr[data-status="critical"]').count()) >= 3 || Date.now() > deadline) break;
      await page.waitForTimeout(3000);
    }
    await page.waitForTimeout(20_000);
    const shot = async (p: Page, name: string, fullPage = true) => {
      await p.waitForLoadState("networkidle").catch(() => undefined);
      await p.screenshot({ path: path.join(out, `${name}.png`), fullPage });
      console.log(`screenshots: ${name}.png`);
    };
    await page.goto(`${base}/`);
    await shot(page, "overview");

    await page.locator('tr[data-scale-set="ha-restarter"] a').first().click();
    await page.waitForSelector("article[data-rule]");
    await shot(page, "scale-set");

    await page.locator('svg[aria-label$="runner lives"] a').first().click({ force: true });
    await page.waitForSelector('aside[aria-label^="Runner "]');
    await page.waitForTimeout(500);
    await shot(page, "runner", false);

    await page.getByRole("button", { name: "Share incident link" }).click();
    const href = await page.getByTestId("incident-link").getAttribute("href");
    await page.goto(`${base}${href}`);
    await shot(page, "incident");

    await page.goto(`${base}/diagnose`);
    const seed = readFileSync(path.join(root, "lib/evidence/__fixtures__/seed-002.txt"), "utf8");
    await page.locator("#evidence").fill(seed);
    await page.getByRole("button", { name: "Diagnose", exact: true }).click();
    await page.waitForSelector("article[data-rule]");
    await shot(page, "diagnose");

    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${base}/wall`);
    await wall.waitForTimeout(1500);
    await shot(wall, "wall", false);
  } finally {
    await browser.close();
    demo?.kill("SIGTERM");
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
