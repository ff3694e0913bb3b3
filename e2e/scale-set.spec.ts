import { expect, test } from "@playwright/test";
import { waitForDiagnosis } from "./helpers";

test("the dropped-command scale set shows its diagnosis with evidence and runbook, and a swimlane of sub-second runners", async ({ page }) => {
  await waitForDiagnosis(page, "ha-restarter", /critical/);
  await page.locator('tr[data-scale-set="ha-restarter"] a').first().click();
  await expect(page).toHaveURL(/\/scale-sets\/.+\/arc-runners\/ha-restarter/);

  const card = page.locator('article[data-rule="runner-command-dropped"]');
  await expect(card).toBeVisible();
  await expect(card.getByText(/Evidence/)).toBeVisible();
  await expect(card.locator("code").filter({ hasText: "ha-restarter" }).first()).toBeVisible();
  // it is the first card: the root cause outranks the failure loop it causes
  await expect(page.locator("article[data-rule]").first()).toHaveAttribute("data-rule", "runner-command-dropped");

  const bars = page.locator('svg[aria-label$="runner lives"] a[data-outcome="no-job-exit"]');
  await expect(bars.first()).toBeAttached();
  // every life is a few seconds from creation to exit, and the runner container itself ran for under a second
  const lives = await bars.evaluateAll((els) => els.map((e) => ({ life: Number(e.getAttribute("data-duration-ms")), ran: Number(e.getAttribute("data-runtime-ms")) })));
  expect(lives.length).toBeGreaterThan(2);
  expect(Math.max(...lives.map((l) => l.life))).toBeLessThan(5000);
  // (container start/finish times have one-second resolution in Kubernetes)
  expect(Math.max(...lives.map((l) => l.ran))).toBeLessThanOrEqual(1000);
});

test("selecting a runner opens its detail with exit code and the missing command", async ({ page }) => {
  await waitForDiagnosis(page, "ha-restarter", /critical/);
  await page.locator('tr[data-scale-set="ha-restarter"] a').first().click();
  const bar = page.locator('svg[aria-label$="runner lives"] a').first();
  await bar.click({ force: true });
  await expect(page).toHaveURL(/runner=ha-restarter-/);
  const panel = page.getByRole("complementary", { name: /Runner ha-restarter-/ });
  await expect(panel).toBeVisible();
  await expect(panel.getByText(/exit code 0/).first()).toBeVisible();
  await expect(panel.getByText(/not set: image default CMD/).first()).toBeVisible();
  // the selection is in the URL: Back closes the drawer, Forward reopens it, a reload keeps it
  await page.goBack();
  await expect(panel).toBeHidden();
  await page.goForward();
  await expect(panel).toBeVisible();
  await page.reload();
  await expect(page.getByRole("complementary", { name: /Runner ha-restarter-/ })).toBeVisible();
});
