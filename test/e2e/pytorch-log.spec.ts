// A run written by a PyTorch loop through pruning_lab.RunLogger appears in the lab's history and
// is drawn like a browser run. Needs the Python companion's venv with torch (.ci/run makes it);
// without one the test says so and is skipped, as the Python tests are.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { numberAttribute } from "./helpers";

const PYTHON = process.env.PRUNING_LAB_PYTHON ?? ".venv-python/bin/python";

function hasTorch(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

test("a run logged by the PyTorch example loop opens in the history", async ({ page }, testInfo) => {
  test.skip(!hasTorch(), `no Python with torch at ${PYTHON}: the companion's tests are skipped too`);
  const logPath = testInfo.outputPath("pytorch-run.json");
  execFileSync(PYTHON, ["python/examples/imp_refill_loop.py", logPath], { stdio: "inherit" });
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm");
  await page.getByTestId("import-json").setInputFiles(logPath);
  const item = page.getByTestId("run-item");
  await expect(item).toHaveCount(1);
  await expect(page.getByTestId("import-error")).toHaveCount(0);
  // Opened from the list like any stored run. The example loop prunes three times: three points.
  await item.getByTestId("run-open").click();
  await expect.poll(() => numberAttribute(page, "chart-accuracy", "data-points")).toBeGreaterThanOrEqual(3);
});
