// Pause, Resume and Stop, and the form refusing an invalid value.
import { expect, test } from "@playwright/test";
import { expectStatus, numberAttribute, stepCount } from "./helpers";

test("Pause holds the step count, Resume continues it, Stop keeps the data on screen", async ({ page }) => {
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm&epochs=6&pruningTimes=4");
  await page.getByTestId("run-button").click();
  // Wait for a finished iteration so that Stop has per-iteration data to keep.
  await expect
    .poll(() => numberAttribute(page, "chart-accuracy", "data-points"), { timeout: 60_000 })
    .toBe(1);

  await page.getByTestId("pause-button").click();
  await expect(page.getByTestId("status")).toHaveText("paused");
  // A step already under way may still land; after that the count must hold still:
  // three equal readings in a row, 700 ms apart (a running step takes well under that).
  let previous = -1;
  let unchanged = 0;
  await expect
    .poll(
      async () => {
        const count = await stepCount(page);
        unchanged = count === previous ? unchanged + 1 : 0;
        previous = count;
        return unchanged;
      },
      { timeout: 15_000, intervals: [700] },
    )
    .toBeGreaterThanOrEqual(2);
  const pausedAt = previous;
  await expect(page.getByTestId("status")).toHaveText("paused");

  await page.getByTestId("resume-button").click();
  await expect(page.getByTestId("status")).toHaveText("running");
  await expect.poll(() => stepCount(page), { timeout: 15_000 }).toBeGreaterThan(pausedAt);

  await page.getByTestId("stop-button").click();
  await expectStatus(page, "done", 15_000);
  const stoppedAt = await stepCount(page);
  expect(stoppedAt).toBeGreaterThan(pausedAt);
  expect(await numberAttribute(page, "chart-loss", "data-points")).toBeGreaterThan(0);
  expect(await numberAttribute(page, "chart-accuracy", "data-points")).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId("head-cell")).toHaveCount(8);
  expect(Number(await page.getByTestId("progress").getAttribute("aria-valuenow"))).toBeLessThan(100);
  await expect(page.getByTestId("run-button")).toBeEnabled();
});

test("an invalid rate shows its message beside the field and disables Run", async ({ page }) => {
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm");
  await expect(page.getByTestId("run-button")).toBeEnabled();
  await page.getByTestId("field-rate").fill("1.5");
  await expect(page.getByTestId("field-error-rate")).toContainText("must be in (0, 1)");
  await expect(page.getByTestId("run-button")).toBeDisabled();
  await page.getByTestId("field-rate").fill("0.3");
  await expect(page.getByTestId("field-error-rate")).toHaveCount(0);
  await expect(page.getByTestId("run-button")).toBeEnabled();
});
