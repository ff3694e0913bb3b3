import { expect, test } from "@playwright/test";
import { control, waitForDiagnosis } from "./helpers";

test("the wall updates without reload, turns stale when the server goes away and recovers by itself", async ({ page }) => {
  await waitForDiagnosis(page, "ha-restarter", /critical/);
  await page.goto("/wall");
  const live = page.locator("[data-live-state]");
  await expect(live).toHaveAttribute("data-live-state", "live");
  const marker = await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
    return true;
  });
  expect(marker).toBe(true);

  // the simulator breaks a healthy scale set; the wall shows it without a reload
  await control("/trigger/break-web");
  await expect(page.getByRole("region", { name: "Unhealthy scale sets" }).getByText("web", { exact: true })).toBeVisible({ timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // the server restarts: the wall says so, then reconnects on its own
  // record every state the indicator passes through, so a quick restart is not missed
  await page.evaluate(() => {
    const w = window as unknown as { __states: string[] };
    w.__states = [];
    const el = document.querySelector("[data-live-state]")!;
    new MutationObserver(() => w.__states.push(el.getAttribute("data-live-state") ?? "")).observe(el, { attributes: true });
  });
  await control("/restart-dashboard");
  await expect.poll(() => page.evaluate(() => (window as unknown as { __states: string[] }).__states), { timeout: 60_000 }).toContain("stale");
  await expect(live).toHaveAttribute("data-live-state", "live", { timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await expect(page.getByRole("heading", { name: "Runner fleet" })).toBeVisible();
});
