// Not a test: `npm run screenshot` takes the README's picture of a finished run (docs/screenshot.png)
// with the same browser and flags as the suite, so the picture shows what the code draws today.
import { expect, test } from "@playwright/test";
import { expectStatus } from "./helpers";

test.skip(
  !process.env.SCREENSHOT,
  "takes the README's screenshot only when SCREENSHOT=1 (npm run screenshot)",
);

test("a finished run of the default preset, for the README", async ({ page }) => {
  test.setTimeout(300_000);
  // The default preset, as a student first meets it: the pretrained ViT losing and regaining heads.
  await page.goto("/?backend=wasm");
  const skipTour = page.getByRole("button", { name: "Skip the tour" });
  if (await skipTour.isVisible()) await skipTour.click();
  await page.getByTestId("run-button").click();
  await expectStatus(page, "done", 280_000);
  await expect(page.getByTestId("head-heatmap")).toBeVisible();
  await page.screenshot({ path: "docs/screenshot.png", fullPage: true });
});
