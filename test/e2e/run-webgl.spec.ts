// The WebGL path (SwiftShader): a ResNet's strided convs train there. Their gradient once used
// a rank-6 pad whose packed shader failed to compile, and the run fell back or failed.
import { expect, test } from "@playwright/test";
import { expectStatus, numberAttribute } from "./helpers";

test("tiny-resnet-synthetic on WebGL completes an iteration", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(
    "/?preset=tiny-resnet-synthetic&backend=webgl&pruningTimes=1&epochs=1&trainSize=64&testSize=64&batchSize=32",
  );
  await page.getByTestId("run-button").click();
  await expect(page.getByTestId("backend-badge")).toHaveText("webgl", { timeout: 60_000 });
  await expectStatus(page, "done", 150_000);
  expect(await numberAttribute(page, "chart-accuracy", "data-points")).toBe(1);
});
