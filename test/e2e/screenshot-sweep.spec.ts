// Not a test: takes the README's picture of sweep-view (docs/sweep.png) from the run logs of a
// CLI sweep, imported together as a user would, so the picture shows what the code draws today.
//   npm run lab -- sweep --config sweeps/refill-vs-rsst-mnist.json --out runs/sweep-refill-vs-rsst-mnist --jobs 2
//   SCREENSHOT=1 npx playwright test test/e2e/screenshot-sweep.spec.ts
// SWEEP_DIR names another sweep's folder.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

const DIR = process.env.SWEEP_DIR ?? "runs/sweep-refill-vs-rsst-mnist";

test.skip(!process.env.SCREENSHOT, "takes the README's sweep picture only when SCREENSHOT=1");

test("sweep-view of a CLI sweep's run logs, for the README", async ({ page }) => {
  test.setTimeout(120_000);
  const logs = readdirSync(DIR)
    .filter((name) => name.endsWith(".json") && name !== "sweep.json")
    .map((name) => join(DIR, name));
  expect(logs.length).toBeGreaterThan(0);
  await page.goto("/?backend=wasm");
  const skipTour = page.getByRole("button", { name: "Skip the tour" });
  if (await skipTour.isVisible()) await skipTour.click();
  await page.getByTestId("sweep-import").setInputFiles(logs);
  await expect(page.getByTestId("sweep-import-note")).toContainText(`${logs.length} run logs imported`);
  const view = page.getByTestId("sweep-view");
  await expect(view).toHaveAttribute("data-points", String(logs.length));
  await expect(page.getByTestId("sweep-parallel")).toHaveAttribute("data-lines", String(logs.length));
  await page.getByTestId("sweeps-panel").screenshot({ path: "docs/sweep.png" });
});
