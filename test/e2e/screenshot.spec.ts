// Not a test: `npm run screenshot` takes the README's picture of a finished run (docs/screenshot.png)
// with the same browser and flags as the suite, so the picture shows what the code draws today.
import { expect, test } from "@playwright/test";
import { expectStatus } from "./helpers";

test.skip(
  !process.env.SCREENSHOT,
  "takes the README's screenshot only when SCREENSHOT=1 (npm run screenshot)",
);

test("a finished tiny run, for the README", async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm");
  const skipTour = page.getByRole("button", { name: "Skip the tour" });
  if (await skipTour.isVisible()) await skipTour.click();
  await page.getByTestId("run-button").click();
  await expectStatus(page, "done", 280_000);
  await expect(page.getByTestId("head-heatmap")).toBeVisible();
  await page.screenshot({ path: "docs/screenshot.png", fullPage: true });
});
