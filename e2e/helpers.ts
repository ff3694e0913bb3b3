import { expect, type Page } from "@playwright/test";

export const CONTROL = "http://127.0.0.1:3199";

/** Asks the demo's control API (scripts/demo.ts --control-port) to change the simulated fleet or restart the dashboard. */
export async function control(path: string): Promise<void> {
  const res = await fetch(`${CONTROL}${path}`, { method: "POST" });
  expect(res.ok, `control ${path}`).toBe(true);
}

/** Waits until the collector has diagnosed the demo fleet (the first findings land within seconds). */
export async function waitForDiagnosis(page: Page, scaleSet: string, status: RegExp = /critical|warning/): Promise<void> {
  await expect(async () => {
    await page.goto("/");
    await expect(page.locator(`tr[data-scale-set="${scaleSet}"]`)).toHaveAttribute("data-status", status, { timeout: 1000 });
  }).toPass({ timeout: 90_000, intervals: [2000] });
}
