/**
 * `ui`: the scale-set page of the focus set (24 h window, ~5,000 lives) in headless Chromium against the built
 * server reading the seeded store (collector off, so the data stays as seeded). "Interactive" = from `page.goto`
 * (navigation start) until the first diagnosis card and the swimlane's bars are visible AND a click on a runner
 * bar has been handled (URL carries `runner=` and the runner panel is visible). Each load in a fresh browser
 * context (cold HTTP cache); wall clock measured in the bench process.
 */
import { chromium, type Browser } from "@playwright/test";
import { apiShape, HISTORY } from "./api";
import { seededStore } from "./reference-store";
import { startServer } from "./server";
import { summarize } from "./timing";
import type { Benchmark, BenchOptions, Figure } from "./types";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"];

async function run(opts: BenchOptions): Promise<Figure[]> {
  const shape = apiShape(opts.quick);
  const seeded = await seededStore(shape, opts.quick ? HISTORY.quick : HISTORY.full, opts.log);
  const server = await startServer({ RUNNERSCOPE_DATA_DIR: seeded.dir, RUNNERSCOPE_COLLECTOR: "off" });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
    const k = seeded.fleet.focus.key;
    const url = `${server.url}/scale-sets/${encodeURIComponent(k.cluster)}/${encodeURIComponent(k.namespace)}/${encodeURIComponent(k.name)}?window=24h`;
    const runs = opts.quick ? 1 : 6;
    const visible: number[] = [];
    const interactive: number[] = [];
    const domInteractive: number[] = [];
    let bars = 0;
    for (let i = 0; i < runs + 1; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      try {
        const t0 = Date.now();
        await page.goto(url, { waitUntil: "commit", timeout: 60_000 });
        await page.locator("article[data-rule]").first().waitFor({ state: "visible", timeout: 60_000 });
        const bar = page.locator('svg[aria-label$="runner lives"] a').first();
        await bar.waitFor({ state: "attached", timeout: 60_000 });
        const tVisible = Date.now() - t0;
        await bar.click({ force: true });
        await page.waitForURL(/runner=/, { timeout: 60_000 });
        await page.getByRole("complementary", { name: /Runner / }).waitFor({ state: "visible", timeout: 60_000 });
        const tInteractive = Date.now() - t0;
        bars = await page.locator('svg[aria-label$="runner lives"] a').count();
        const di = await page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.domInteractive ?? Number.NaN);
        // the first load warms the server (module loading, store connection): not counted
        if (i > 0) {
          visible.push(tVisible);
          interactive.push(tInteractive);
          domInteractive.push(di);
        }
      } finally {
        await context.close();
      }
    }
    const s = summarize(interactive);
    const v = summarize(visible);
    const d = summarize(domInteractive);
    return [
      {
        bench: "ui",
        metric: "scale-set page time to interactive p50",
        value: s.p50 / 1000,
        unit: "s",
        target: { op: "<=", value: 1.5 },
        note: `goto → card + ${bars.toLocaleString("en-US")} swimlane bars visible + runner click handled; max ${(s.max / 1000).toFixed(2)} s over ${runs} cold loads`,
      },
      { bench: "ui", metric: "card + swimlane visible p50", value: v.p50 / 1000, unit: "s", note: `domInteractive p50 ${(d.p50 / 1000).toFixed(2)} s; built server, 24 h window` },
    ];
  } finally {
    await browser?.close();
    await server.stop();
  }
}

export const uiBench: Benchmark = { name: "ui", description: "scale-set page time to interactive in headless Chromium (built app)", run };
