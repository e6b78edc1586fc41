// Issue 18's first minutes: the lab opens on the pretrained ViT, "auto" ends on WASM here, and
// the first iteration already shows a ≥ 90%-accurate model with its heads; step mode explains
// every phase of one iteration.
import { expect, test } from "@playwright/test";
import { expectStatus, numberAttribute } from "./helpers";

test("the default preset on auto runs on WASM and its first iteration is ≥ 90% accurate, with a heatmap", async ({
  page,
}) => {
  // The default preset (no preset in the URL), shortened to one fine-tune epoch of 640 digits.
  await page.goto("/?backend=auto&trainSize=640&epochs=1&testSize=500");
  await expect(page.getByTestId("preset-select")).toHaveValue("pretrained-vit-mnist");
  await page.getByTestId("run-button").click();
  await expect(page.getByTestId("backend-badge")).toHaveText("wasm", { timeout: 30_000 });
  await expect(page.getByTestId("backend-badge")).toHaveAttribute("title", /wasm: \d+ ms\/step/);

  await expect
    .poll(() => numberAttribute(page, "chart-accuracy", "data-points"), { timeout: 90_000 })
    .toBe(1);
  const summary = (await page.getByTestId("chart-accuracy-summary").textContent()) ?? "";
  const accuracy = Number(/iteration 1: unstructured ([\d.]+)%/.exec(summary)?.[1]);
  expect(accuracy).toBeGreaterThanOrEqual(90);
  // The ViT of the preset: 4 blocks of 4 heads, each coloured by its importance.
  await expect(page.getByTestId("head-cell")).toHaveCount(16);
  await expect(page.locator('[data-testid="head-cell"][data-importance=""]')).toHaveCount(0);
  // The attention maps are drawn over the logged MNIST digit, read from the embedded file.
  await expect(page.getByTestId("attention-map").first()).toHaveAttribute(
    "style",
    /background-image: url\("?data:image\/png/,
  );
  await page.getByTestId("stop-button").click();
  await expectStatus(page, "done", 30_000);
});

test("step mode walks one iteration phase by phase, explaining each", async ({ page }) => {
  await page.goto("/?backend=wasm&trainSize=256&testSize=200&epochs=2&pruningTimes=2");
  await page.getByTestId("run-button").click();
  await expectStatus(page, "running", 30_000);

  const explanation = page.getByTestId("phase-explanation");
  const seen: string[] = [];
  for (let step = 0; step < 12; step++) {
    // Every other step by the S key, which the controls also answer to.
    if (step % 2 === 0) await page.getByTestId("step-button").click();
    else await page.keyboard.press("s");
    await expectStatus(page, "paused", 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\nafter the explanations: ${JSON.stringify(seen)}`);
    });
    await expect(explanation).toBeVisible();
    await expect.poll(() => explanation.textContent()).not.toBe(seen.at(-1) ?? "");
    const text = (await explanation.textContent()) ?? "";
    seen.push(text);
    // A Step pressed before training began pauses there, with nothing finished to explain yet.
    if (text.startsWith("Paused before the first phase")) continue;
    expect(text).toMatch(/See the “.+” chart\.$/);
    if (/^(Iteration 1 ended|Rewinding)/.test(text)) break;
  }

  // The phases of one iteration, in order: two epochs of training (each with its own loss and
  // test accuracy), the cut, the refill, the evaluation, and the rewind that ends it (with
  // iteration 1's accuracy).
  const firstWords = seen
    .filter((text) => !text.startsWith("Paused before"))
    .map((text) => text.split(" ").slice(0, 3).join(" "));
  expect(firstWords).toEqual([
    "Training epoch 1",
    "Training epoch 2",
    "Pruning zeroed the",
    "Refill ranked every",
    "Evaluation measured the",
    "Iteration 1 ended",
  ]);
  const trained = seen.filter((text) => text.startsWith("Training epoch"));
  for (const text of trained) expect(text).toMatch(/train loss \d+\.\d{3}, test accuracy \d+\.\d%/);
  expect(seen.at(-1)).toMatch(/^Iteration 1 ended at \d+\.\d% test accuracy with 0\.0% of the weights zero/);
  await page.getByTestId("stop-button").click();
  await expectStatus(page, "done", 30_000);
});

test("the tour shows once, a reload brings back the run on screen and the skipped tour stays away", async ({
  page,
}) => {
  await page.goto("/?preset=tiny-vit-synthetic&backend=wasm&pruningTimes=2&epochs=1");
  await expect(page.getByTestId("tour")).toContainText("1/5");
  await page.getByTestId("tour-next").click();
  await expect(page.getByTestId("tour")).toContainText("2/5 · Run controls");
  await page.getByTestId("tour-skip").click();
  await expect(page.getByTestId("tour")).toHaveCount(0);

  await page.getByTestId("run-button").click();
  await expectStatus(page, "done", 90_000);
  const summary = await page.getByTestId("chart-accuracy-summary").textContent();
  const points = await numberAttribute(page, "chart-accuracy", "data-points");
  expect(points).toBeGreaterThanOrEqual(2);
  await page.reload();
  await expect(page.getByTestId("tour")).toHaveCount(0);
  await expect
    .poll(() => numberAttribute(page, "chart-accuracy", "data-points"), { timeout: 15_000 })
    .toBe(points);
  await expect(page.getByTestId("chart-accuracy-summary")).toHaveText(summary ?? "");
});
