// A browser sweep: 4 tiny points queued in IndexedDB, a reload mid-sweep, the queue going on
// to the end, and sweep-view showing the 4 points and a Pareto front.
import { expect, test } from "@playwright/test";

const TINY =
  "/?preset=tiny-vit-synthetic&backend=wasm&epochs=1&trainSize=256&testSize=128&pruningTimes=1&finalEpochs=1";

test("a 4-point sweep survives a reload, finishes, and sweep-view shows its points and front", async ({
  page,
}, testInfo) => {
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
  await expect(status).toContainText("1/4 points done", { timeout: 90_000 });
  await page.reload();
  // The queue is read back from IndexedDB and goes on by itself.
  await expect(status).toContainText(/running|done/, { timeout: 30_000 });
  await expect(status).toContainText("done, 4/4 points done", { timeout: 120_000 });

  const view = page.getByTestId("sweep-view");
  await expect(view).toHaveAttribute("data-points", "4");
  await expect(page.getByTestId("sweep-row")).toHaveCount(4);
  const front = Number(await view.getAttribute("data-front"));
  expect(front).toBeGreaterThanOrEqual(1);
  await expect(page.locator('[data-testid="sweep-row"][data-pareto="true"]')).toHaveCount(front);
  await expect(page.getByTestId("sweep-chart").locator(".recharts-line").first()).toBeVisible();
  // Every point is a normal run in the history, tagged with its sweep.
  await expect(page.getByTestId("run-item").filter({ hasText: "Sweep struct × seed ·" })).toHaveCount(4);
  // The table sorts (test accuracy, highest first) and a row opens its point's run.
  await page.getByTestId("sweep-sort-testAcc").click();
  const accuracies = await page
    .getByTestId("sweep-row")
    .evaluateAll((rows) => rows.map((row) => Number.parseFloat(row.children[4]?.textContent ?? "")));
  expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a));
  await page.getByTestId("sweep-row").filter({ hasText: "rsst" }).first().click();
  await expect(page.locator(".run-item.run-shown")).toContainText("-struct=rsst-seed=");
  await view.screenshot({ path: testInfo.outputPath("sweep-view.png") });
});
