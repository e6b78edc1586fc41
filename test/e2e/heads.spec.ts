// Inside the heads: a finished tiny RSST run shows the class token's attention per head, the
// criterion checked against ablation with its ρ, and RSST's pull chart.
import { expect, test } from "@playwright/test";
import { expectStatus, numberAttribute } from "./helpers";

test("a finished tiny run shows attention maps, the criterion check and the pull chart", async ({ page }) => {
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm");
  await expect(page.getByTestId("status")).toHaveText("idle");
  await page.getByTestId("field-struct").selectOption("rsst");
  await page.getByTestId("run-button").click();
  await expectStatus(page, "done", 120_000);

  const depth = Number(await page.getByTestId("field-model.depth").inputValue());
  const heads = Number(await page.getByTestId("field-model.numHeads").inputValue());
  const patchSize = Number(await page.getByTestId("field-model.patchSize").inputValue());
  // 16×16 synthetic images: (16 / patchSize)² patches per map.
  const patches = (16 / patchSize) ** 2;
  const maps = page.getByTestId("attention-maps").getByTestId("attention-map");
  await expect(maps).toHaveCount(depth * heads);
  await expect(maps.first().locator(".patch")).toHaveCount(patches);
  await expect(page.getByTestId("attention-maps").getByRole("button", { name: /^image \d+$/ })).toHaveCount(
    4,
  );

  await maps.nth(1).hover();
  await expect(page.getByTestId("attention-detail")).toContainText("block 1 · head 2");
  await expect(page.getByTestId("attention-detail")).toContainText("ablation Δloss");

  const check = page.getByTestId("criterion-check");
  await expect(check.getByTestId("criterion-rho")).toHaveText(/^ρ = -?\d\.\d\d$/);
  const points = await numberAttribute(page, "criterion-check", "data-points");
  expect(points).toBeGreaterThan(1);
  expect(points).toBeLessThanOrEqual(depth * heads);
  await expect(check.locator("circle.criterion-point")).toHaveCount(points);

  // RSST pulls from its second iteration on; the last iteration's epochs carry the figures.
  const epochs = Number(await page.getByTestId("field-epochs").inputValue());
  expect(await numberAttribute(page, "chart-pull", "data-points")).toBeGreaterThanOrEqual(epochs);
  await expect(page.getByTestId("chart-pull").locator(".recharts-line")).toHaveCount(3);

  // Every head dead at the end was cut at some iteration, and the timeline marks that slot.
  const deadAtEnd = await page.locator('[data-testid="head-life"]:not([data-died-at=""])').count();
  expect(deadAtEnd).toBeGreaterThan(0);
  expect(
    await page.locator('[data-testid="head-timeline"] [data-change="cut"]').count(),
  ).toBeGreaterThanOrEqual(deadAtEnd);
  await expect(page.getByTestId("timeline-refilled")).toContainText(" → ");

  // Play walks the slider from the first iteration to the newest, then stops.
  const iterations = Number(await page.getByTestId("field-pruningTimes").inputValue());
  const label = page.locator('label[for="iteration-slider"]');
  await page.getByTestId("iteration-play").click();
  await expect(page.getByTestId("iteration-play")).toHaveAttribute("aria-pressed", "true");
  await expect(label).toContainText(`Iteration 2 of ${iterations}`);
  await expect(label).toContainText(`Iteration ${iterations} of ${iterations} (newest)`);
  await expect(page.getByTestId("iteration-play")).toHaveAttribute("aria-pressed", "false");

  await page.getByTestId("criterion-check").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/inside-the-heads.png", fullPage: true });
});
