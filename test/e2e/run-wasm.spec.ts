// The tiny preset on WASM, start to finish: statuses, heads, charts, progress, and the main
// thread's long tasks while it runs.
import { readFile, writeFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectStatus, longTasksSince, numberAttribute, pageNow, recordLongTasks } from "./helpers";

test("tiny-vit-synthetic on WASM runs to done and shows its heads and iterations", async ({ page }) => {
  await recordLongTasks(page);
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm");
  await expect(page.getByTestId("preset-select")).toHaveValue("tiny-vit-synthetic");
  await expect(page.getByTestId("field-backend")).toHaveValue("wasm");
  await expect(page.getByTestId("status")).toHaveText("idle");

  const runStartedAt = await pageNow(page);
  await page.getByTestId("run-button").click();
  await expect(page.getByTestId("backend-badge")).toHaveText("wasm");
  await expectStatus(page, "done", 90_000);
  const runEndedAt = await pageNow(page);

  const depth = Number(await page.getByTestId("field-model.depth").inputValue());
  const heads = Number(await page.getByTestId("field-model.numHeads").inputValue());
  const iterations = Number(await page.getByTestId("field-pruningTimes").inputValue());
  const cells = page.getByTestId("head-cell");
  await expect(cells).toHaveCount(depth * heads);
  expect(await page.locator('[data-testid="head-cell"][data-alive="false"]').count()).toBeGreaterThan(0);
  expect(await numberAttribute(page, "chart-accuracy", "data-points")).toBe(iterations);
  await expect(page.locator('[data-testid="chart-accuracy"] .accuracy-dot')).toHaveCount(2 * iterations);
  await expect(page.getByTestId("progress")).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("head-timeline").getByTestId("head-life")).toHaveCount(depth * heads);

  await page.screenshot({ path: "test-results/finished-run.png", fullPage: true });

  // The PNG export holds the charts, the heatmap and the heads' timeline. Its height, at scale 2
  // (src/ui/history/pngExport.ts): the title (16 + 30), two rows of charts (a 22 px title, the
  // tallest plot of 210 px, a 20 px legend, 16 px apart), the heatmap (22 + 26 per block, then
  // 16) and the timeline (22 + 18 per head, then 16).
  const downloading = page.waitForEvent("download");
  await page.getByTestId("export-png").click();
  const png = await readFile((await (await downloading).path()) ?? "");
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  await writeFile("test-results/exported-run.png", png);
  const chartsHeight = 16 + 30 + 2 * (22 + 210 + 20 + 16);
  const expectedHeight = chartsHeight + (22 + 26 * depth + 16) + (22 + 18 * depth * heads + 16);
  expect(png.readUInt32BE(20)).toBe(2 * expectedHeight);

  // Scrub back to iteration 1: under Refill a head once dead stays dead, so the heads dead
  // there are exactly those the timeline dates to iteration 1.
  const diedFirst = await page.locator('[data-testid="head-life"][data-died-at="0"]').count();
  await page.getByTestId("iteration-slider").fill("0");
  await expect(page.locator('label[for="iteration-slider"]')).toContainText(`Iteration 1 of ${iterations}`);
  await expect(page.locator('[data-testid="head-cell"][data-alive="false"]')).toHaveCount(diedFirst);

  const longTasks = await longTasksSince(page, runStartedAt);
  const total = longTasks.reduce((sum, task) => sum + task.duration, 0);
  const longest = Math.max(0, ...longTasks.map((task) => task.duration));
  console.log(
    `main-thread long tasks during a ${((runEndedAt - runStartedAt) / 1000).toFixed(1)} s run: ` +
      `${longTasks.length} tasks, ${total.toFixed(0)} ms in total, longest ${longest.toFixed(0)} ms; ` +
      `[start s after Run: ms] ${longTasks.map((t) => `${((t.startTime - runStartedAt) / 1000).toFixed(1)}:${t.duration.toFixed(0)}`).join(" ")}`,
  );
});

test("the default preset (RSST on the embedded MNIST), made small, draws λ in its second iteration", async ({
  page,
}) => {
  await page.goto("/?preset=vit-mnist-rsst&backend=wasm&trainSize=256&testSize=128&epochs=1&pruningTimes=2");
  await expect(page.getByTestId("field-dataset")).toHaveValue("mnist");
  await page.getByTestId("run-button").click();
  await expectStatus(page, "done", 90_000);
  expect(await numberAttribute(page, "chart-accuracy", "data-points")).toBe(2);
  // Iteration 2 regularizes: its steps carry a measured λ, drawn over the schedule's curve.
  expect(await numberAttribute(page, "chart-lambda", "data-measured")).toBeGreaterThan(0);
  await page.screenshot({ path: "test-results/finished-rsst-run.png", fullPage: true });
});
