import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { waitForDiagnosis } from "./helpers";

test("no serious or critical accessibility violations on any page", async ({ page }) => {
  await waitForDiagnosis(page, "ha-restarter", /critical/);
  const pages = ["/", "/scale-sets/sim-west/arc-runners/ha-restarter", "/diagnose", "/wall", "/?status=healthy"];
  for (const path of pages) {
    await page.goto(path);
    await page.waitForLoadState("networkidle").catch(() => undefined);
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.help}`);
    expect(bad).toEqual([]);
  }
});
