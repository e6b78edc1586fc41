// Not a test: `npm run screenshot` takes the README's picture of a finished run (docs/screenshot.png)
// and of the views inside the heads on an RSST run (docs/heads.png), with the same browser and
// flags as the suite, so the pictures show what the code draws today.
import { expect, type Page, test } from "@playwright/test";
import { expectStatus } from "./helpers";

test.skip(
  !process.env.SCREENSHOT,
  "takes the README's screenshots only when SCREENSHOT=1 (npm run screenshot)",
);

/** The smallest box, in page coordinates, around the elements: one picture of views that sit apart. */
async function boxAround(page: Page, testIds: string[]) {
  const boxes = await page.evaluate(
    (ids) =>
      ids.flatMap((id) => {
        const rect = document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
        return rect
          ? [
              {
                x: rect.x + scrollX,
                y: rect.y + scrollY,
                right: rect.right + scrollX,
                bottom: rect.bottom + scrollY,
              },
            ]
          : [];
      }),
    testIds,
  );
  expect(boxes).toHaveLength(testIds.length);
  const margin = 12;
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
  const right = Math.max(...boxes.map((b) => b.right)) + margin;
  const bottom = Math.max(...boxes.map((b) => b.bottom)) + margin;
  return { x, y, width: right - x, height: bottom - y };
}

test("a finished run of the default preset, for the README", async ({ page }) => {
  test.setTimeout(600_000);
  // The default preset, as a student first meets it: the pretrained ViT losing and regaining heads.
  await page.goto("/?backend=wasm");
  const skipTour = page.getByRole("button", { name: "Skip the tour" });
  if (await skipTour.isVisible()) await skipTour.click();
  await page.getByTestId("run-button").click();
  // Minutes on a loaded machine: the pretrained ViT fine-tunes five times and trains its ticket.
  await expectStatus(page, "done", 580_000);
  await expect(page.getByTestId("head-heatmap")).toBeVisible();
  await page.screenshot({ path: "docs/screenshot.png", fullPage: true });
});

test("inside the heads on an RSST run: the pull chart, attention maps and criterion check", async ({
  page,
}) => {
  test.setTimeout(300_000);
  // The default preset is Refill, whose pull chart stays empty; the tiny RSST run fills all three
  // views in about a minute, its attention drawn over the synthetic images themselves.
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm");
  const skipTour = page.getByRole("button", { name: "Skip the tour" });
  if (await skipTour.isVisible()) await skipTour.click();
  await page.getByTestId("field-struct").selectOption("rsst");
  await page.getByTestId("field-epochs").fill("8");
  await page.getByTestId("run-button").click();
  await expectStatus(page, "done", 280_000);
  await expect(page.getByTestId("criterion-rho")).toHaveText(/^ρ = -?\d\.\d\d$/);
  await expect(page.getByTestId("chart-pull").locator(".recharts-line")).toHaveCount(3);
  // A live head's detail line: its importance, its ablation Δloss and both ranks.
  await page.locator('[data-testid="attention-map"][data-alive="true"]').first().hover();
  const clip = await boxAround(page, ["chart-pull", "attention-maps", "criterion-check"]);
  await page.screenshot({ path: "docs/heads.png", fullPage: true, clip });
});
