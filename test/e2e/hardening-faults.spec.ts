// Worker faults (issue 7): a crashed worker and a lost WebGPU device end the run with an error
// that names the cause; the run is kept as interrupted and resumes on another backend to the
// end. A Stop in any phase leaves the app usable: no worker left, and the next run finishes.
import { expect, type Locator, type Page, test } from "@playwright/test";
import { isTrainingWorker, startRun, stopWhenShowing } from "./hardening-helpers";
import { expectStatus } from "./helpers";

const TINY = "/?preset=tiny-vit-synthetic&epochs=1&trainSize=256&testSize=128";

/** Waits until the run has stored `count` iterations, so that a fault cuts it midway. */
async function waitForSaved(item: Locator, count: number, timeout: number): Promise<void> {
  await expect
    .poll(async () => Number(await item.getAttribute("data-saved")), { timeout })
    .toBeGreaterThanOrEqual(count);
}

/** Steps (step mode) until the run pauses after its first epoch of training. */
async function pauseAfterFirstEpoch(page: Page): Promise<void> {
  const explanation = page.getByTestId("phase-explanation");
  for (let press = 0; press < 3; press++) {
    const before = (await explanation.isVisible()) ? await explanation.textContent() : null;
    await page.getByTestId("step-button").click();
    await expectStatus(page, "paused", 90_000);
    await expect.poll(() => explanation.textContent(), { timeout: 30_000 }).not.toBe(before);
    if ((await explanation.textContent())?.startsWith("Training epoch 1 of")) return;
  }
  throw new Error(`step mode did not pause after the first epoch: ${await explanation.textContent()}`);
}

async function expectInterruptedWith(page: Page, item: Locator, cause: string): Promise<void> {
  await expectStatus(page, "error", 30_000);
  await expect(page.getByTestId("error-message")).toContainText(cause);
  await expect(item).toHaveAttribute("data-status", "interrupted");
  await expect(item.getByTestId("run-status")).toHaveText("interrupted");
  await expect(item.locator(".run-error")).toContainText(cause);
}

async function resumeOn(page: Page, item: Locator, backend: string, iterations: number): Promise<void> {
  await item.getByTestId("run-resume-backend").selectOption(backend);
  await item.getByTestId("run-resume").click();
  await expect(page.getByTestId("backend-badge")).toHaveText(backend);
  await expectStatus(page, "done", 90_000);
  await expect(item).toHaveAttribute("data-status", "done");
  await expect(item).toHaveAttribute("data-iterations", String(iterations));
}

test("a crashed worker: the cause shown, the run interrupted, resumed on CPU to the end", async ({
  page,
}) => {
  await page.goto(`${TINY}&backend=wasm&pruningTimes=8`);
  const worker = await startRun(page);
  const item = page.getByTestId("run-item");
  await waitForSaved(item, 1, 60_000);
  // Paused with 1 or more of the 8 iterations saved, so that the crash lands midway however
  // fast the machine runs them.
  await page.getByTestId("pause-button").click();
  await expectStatus(page, "paused", 30_000);
  // An uncaught error inside the worker, as a bug or an out-of-memory abort would raise.
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error("simulated crash");
    }, 0);
  });
  await expectInterruptedWith(page, item, "The training worker stopped: Uncaught Error: simulated crash");
  expect(page.workers().filter(isTrainingWorker)).toEqual([]);

  await resumeOn(page, item, "cpu", 8);
});

test("a lost WebGPU device: the cause shown, the run interrupted, resumed on WASM to the end", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await page.goto(
    "/?preset=tiny-vit-synthetic&backend=webgpu&epochs=2&pruningTimes=2&trainSize=64&testSize=64&batchSize=32",
  );
  const worker = await startRun(page);
  await expect(page.getByTestId("backend-badge")).toHaveText("webgpu", { timeout: 60_000 });
  // Lost in the middle of the first iteration's training, on any GPU, fast or slow: step mode
  // pauses it after the first of its two epochs.
  await pauseAfterFirstEpoch(page);
  // What a driver reset does to the device, done on purpose: tfjs keeps its engine on the
  // worker's global scope, and the WebGPU backend its GPUDevice.
  await worker.evaluate(() => {
    const scope = self as unknown as { _tfengine: { backendInstance: { device: { destroy(): void } } } };
    scope._tfengine.backendInstance.device.destroy();
  });
  const item = page.getByTestId("run-item");
  await expectInterruptedWith(page, item, "The WebGPU device was lost (destroyed)");
  await expect(item).toHaveAttribute("data-saved", "0");

  await resumeOn(page, item, "wasm", 2);
});

test("Stop while training or refilling leaves a usable app; the next run finishes", async ({ page }) => {
  // Saliency over 8 batches makes refilling long enough to be caught in the act.
  await page.goto(`${TINY}&backend=wasm&pruningTimes=3&criteria=saliency&criteriaBatches=8`);
  // (The soak, test/e2e/soak.spec.ts, stops in the testing phase too.)
  const phases = ["training the network", "refilling the structure"];
  for (const words of phases) {
    await startRun(page);
    await stopWhenShowing(page, words, 2);
    await expectStatus(page, "done", 30_000);
    await expect(page.getByTestId("phase")).toHaveText("Stopped; the results so far are kept.");
    await expect(page.getByTestId("run-item").first()).toHaveAttribute("data-status", "stopped");
    await expect(page.getByTestId("run-button")).toBeEnabled();
    // A terminated worker leaves page.workers() when the browser reports it closed, which can lag
    // on a loaded machine; a worker that was never terminated stays past any wait.
    await expect.poll(() => page.workers().filter(isTrainingWorker).length, { timeout: 45_000 }).toBe(0);
  }

  await startRun(page);
  await expectStatus(page, "done", 90_000);
  await expect(page.getByTestId("phase")).toHaveText("Finished.");
  await expect(page.getByTestId("run-item")).toHaveCount(phases.length + 1);
  await expect(page.getByTestId("run-item").first()).toHaveAttribute("data-iterations", "3");
});
