// A browser sweep: 4 tiny points queued in IndexedDB, a reload mid-point (the cut point resumes
// its own run from its last stored iteration), the queue going on to the end, and sweep-view
// showing the 4 points and a Pareto front, the MFLOPs fronts, the parallel coordinates, the
// PNG, and two points opened in the comparison view.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectStatus } from "./helpers";

const TINY =
  "/?preset=tiny-vit-synthetic&backend=wasm&epochs=1&trainSize=256&testSize=128&pruningTimes=3&finalEpochs=1";

test("a 4-point sweep survives a reload, finishes, and sweep-view shows its points and front", async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  await page.goto(TINY);
  await page.getByTestId("sweep-mode").locator("summary").click();
  await page.getByTestId("sweep-axis-key-0").selectOption("struct");
  await page.getByTestId("sweep-axis-values-0").fill("refill, rsst");
  await page.getByTestId("sweep-add-axis").click();
  await page.getByTestId("sweep-axis-key-1").selectOption("seed");
  await page.getByTestId("sweep-axis-values-1").fill("1, 2");
  await expect(page.getByTestId("sweep-point-count")).toHaveText("4 points");
  await expect(page.getByTestId("sweep-estimate")).not.toBeEmpty();
  // A bad value is refused naming its key and value, before anything runs.
  await page.getByTestId("sweep-axis-values-1").fill("1, 2.5");
  await expect(page.getByTestId("sweep-errors")).toContainText("seed: must be an integer, got 2.5");
  await expect(page.getByTestId("sweep-start")).toBeDisabled();
  await page.getByTestId("sweep-axis-values-1").fill("1, 2");
  await page.getByTestId("sweep-start").click();

  const status = page.getByTestId("sweep-status");
  await expect(status).toContainText("1/4 points done", { timeout: 120_000 });
  // Hold the second point as it starts and step it, phase by phase, until it has stored an
  // iteration: the reload then surely cuts it mid-way, with something to resume from.
  await expect(status).toContainText("running point 2", { timeout: 30_000 });
  await page.getByTestId("pause-button").click();
  await expectStatus(page, "paused", 30_000);
  const second = page.locator('[data-testid="run-item"][data-status="running"]');
  for (let step = 0; step < 12 && Number(await second.getAttribute("data-saved")) < 1; step++) {
    await page.getByTestId("step-button").click();
    await expectStatus(page, "paused", 60_000);
  }
  const saved = Number(await second.getAttribute("data-saved"));
  expect(saved).toBeGreaterThanOrEqual(1);
  expect(saved).toBeLessThan(3);
  const cutRun = await second.getAttribute("data-run-id");
  await page.reload();
  // The queue is read back from IndexedDB and goes on by itself.
  await expect(status).toContainText(/running|done/, { timeout: 30_000 });
  await expect(status).toContainText("done, 4/4 points done", { timeout: 180_000 });
  // The cut point went on in its own run: no interrupted run is left, and every point has its 3 iterations.
  const points = page.getByTestId("run-item").filter({ hasText: "Sweep struct × seed ·" });
  await expect(points).toHaveCount(4);
  await expect(page.locator('[data-testid="run-item"][data-status="interrupted"]')).toHaveCount(0);
  await expect(page.locator(`[data-testid="run-item"][data-run-id="${cutRun}"]`)).toHaveAttribute(
    "data-status",
    "done",
  );
  for (const item of await points.all()) await expect(item).toHaveAttribute("data-iterations", "3");

  const view = page.getByTestId("sweep-view");
  await expect(view).toHaveAttribute("data-points", "4");
  await expect(page.getByTestId("sweep-row")).toHaveCount(4);
  const front = Number(await view.getAttribute("data-front"));
  expect(front).toBeGreaterThanOrEqual(1);
  await expect(page.locator('[data-testid="sweep-row"][data-pareto="true"]')).toHaveCount(front);
  await expect(page.getByTestId("sweep-chart").locator(".recharts-line").first()).toBeVisible();
  // The table sorts (test accuracy, highest first) and a row opens its point's run.
  await page.getByTestId("sweep-sort-testAcc").click();
  const accuracies = await page
    .getByTestId("sweep-row")
    .evaluateAll((rows) => rows.map((row) => Number.parseFloat(row.children[5]?.textContent ?? "")));
  expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a));
  await page.getByTestId("sweep-row").filter({ hasText: "rsst" }).first().click();
  await expect(page.locator(".run-item.run-shown")).toContainText("-struct=rsst-seed=");

  // Against the compacted MFLOPs: every tiny ViT point has them, in the table too.
  await page.getByTestId("sweep-measure").selectOption("mflops");
  await expect(page.getByTestId("sweep-chart")).toHaveAttribute("data-measure", "mflops");
  await expect(page.getByTestId("sweep-chart")).toHaveAttribute("data-points", "4");
  await expect(page.getByTestId("sweep-mflops-note")).toHaveCount(0);
  const mflops = await page
    .getByTestId("sweep-row")
    .evaluateAll((rows) => rows.map((row) => Number.parseFloat(row.children[7]?.textContent ?? "")));
  for (const value of mflops) expect(value).toBeGreaterThan(0);

  // The parallel coordinates: a line per point; focusing one names it.
  const parallel = page.getByTestId("sweep-parallel");
  await expect(parallel).toHaveAttribute("data-lines", "4");
  await page.getByTestId("sweep-parallel-line").first().focus();
  await expect(page.getByTestId("sweep-parallel-tooltip")).toContainText(
    /^0-struct=refill-seed=1: struct refill, seed 1/,
  );

  // The PNG holds both charts: drawn at twice the page's scale, it is taller than both together.
  const drawn = await page.evaluate(() =>
    [
      '[data-testid="sweep-chart"] .recharts-wrapper > svg.recharts-surface',
      '[data-testid="sweep-parallel"] svg',
    ].map((selector) => document.querySelector(selector)?.getBoundingClientRect().height ?? 0),
  );
  expect(Math.min(...drawn)).toBeGreaterThan(100);
  const download = page.waitForEvent("download");
  await page.getByTestId("sweep-png").click();
  const png = await readFile(await (await download).path());
  expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect(png.readUInt32BE(20)).toBeGreaterThan(2 * (drawn[0]! + drawn[1]!));

  // Two points ticked open in the comparison view.
  await page.getByTestId("sweep-pick").nth(0).check();
  await expect(page.getByTestId("sweep-compare")).toBeDisabled();
  await page.getByTestId("sweep-pick").nth(1).check();
  await page.getByTestId("sweep-compare").click();
  await expect(page.getByTestId("compare-view")).toBeVisible();
  await expect(page.getByTestId("compare-accuracy")).toHaveAttribute("data-series", "2");
  await view.screenshot({ path: testInfo.outputPath("sweep-view.png") });
});
