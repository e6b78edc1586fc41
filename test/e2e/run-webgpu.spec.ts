// The WebGPU path (SwiftShader, about 2.5 s a step): one short iteration is enough.
import { expect, test } from "@playwright/test";
import { expectStatus, numberAttribute } from "./helpers";

test("tiny-vit-synthetic on WebGPU completes an iteration", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(
    "/?preset=tiny-vit-synthetic&backend=webgpu&pruningTimes=1&epochs=1&trainSize=64&testSize=64&batchSize=32",
  );
  await page.getByTestId("run-button").click();
  await expect(page.getByTestId("backend-badge")).toHaveText("webgpu", { timeout: 60_000 });
  await expectStatus(page, "done", 150_000);
  expect(await numberAttribute(page, "chart-accuracy", "data-points")).toBeGreaterThanOrEqual(1);
});
