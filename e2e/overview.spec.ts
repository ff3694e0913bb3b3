import { expect, test } from "@playwright/test";
import { waitForDiagnosis } from "./helpers";

test("the overview flags the seeded failures, keeps the healthy sets green and says the fleet is simulated", async ({ page }) => {
  await waitForDiagnosis(page, "ha-restarter", /critical/);
  await expect(page.getByText("Simulated fleet").first()).toBeVisible();
  for (const failing of ["ha-restarter", "deskrun", "ha-kubectl"]) {
    await expect(page.locator(`tr[data-scale-set="${failing}"]`)).toHaveAttribute("data-status", /critical|warning/);
  }
  for (const healthy of ["web", "api", "infra", "burst-steady"]) {
    await expect(page.locator(`tr[data-scale-set="${healthy}"]`)).toHaveAttribute("data-status", "healthy");
  }
  // worst first: the first row is not healthy
  await expect(page.locator("tbody tr").first()).not.toHaveAttribute("data-status", "healthy");
});

test("filters live in the URL and survive back/forward", async ({ page }) => {
  await page.goto("/?status=healthy");
  await expect(page.locator("tbody tr[data-status]").first()).toHaveAttribute("data-status", "healthy");
  await expect(page.locator('tbody tr[data-status="critical"]')).toHaveCount(0);
  await page.goto("/?label=ha-");
  await expect(page.locator('tr[data-scale-set="web"]')).toHaveCount(0);
  await page.goBack();
  await expect(page).toHaveURL(/status=healthy/);
  await expect(page.locator('tbody tr[data-status="critical"]')).toHaveCount(0);
});
