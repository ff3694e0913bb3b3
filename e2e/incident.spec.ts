import { expect, test } from "@playwright/test";
import { waitForDiagnosis } from "./helpers";

test("a shared incident link shows the same findings later, in a fresh browser, after the live fleet changed", async ({ page, browser }) => {
  await waitForDiagnosis(page, "ha-restarter", /critical/);
  await page.locator('tr[data-scale-set="ha-restarter"] a').first().click();
  await expect(page.locator("article[data-rule]").first()).toBeVisible();
  const rules = await page.locator("article[data-rule]").evaluateAll((els) => els.map((e) => e.getAttribute("data-rule")));
  expect(rules.length).toBeGreaterThan(0);

  await page.getByRole("button", { name: "Share incident link" }).click();
  const link = page.getByTestId("incident-link");
  await expect(link).toBeVisible();
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^\/incidents\/[A-Za-z0-9_-]{20,}$/);

  // the live fleet moves on: more runner lives die, findings' last-seen times move
  await page.waitForTimeout(5000);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(href!);
  await expect(other.getByText("Frozen snapshot")).toBeVisible();
  const frozen = await other.locator("article[data-rule]").evaluateAll((els) => els.map((e) => e.getAttribute("data-rule")));
  expect(frozen).toEqual(rules);
  await expect(other.getByRole("link", { name: /live view of ha-restarter/ })).toBeVisible();
  await fresh.close();
});

test("an unknown incident id is a clear not-found page", async ({ page }) => {
  await page.goto("/incidents/this-is-not-a-real-id");
  await expect(page.getByRole("heading", { name: /not found/ })).toBeVisible();
});
