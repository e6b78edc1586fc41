// Your own data in the browser: a CIFAR-10 batch generated here is loaded (parsed in a worker),
// previewed, summarized, trained on to done, kept across a reload; malformed files are refused
// by name and the loaded dataset stays.
import { expect, type Page, test } from "@playwright/test";
import { expectStatus } from "./helpers";

const RECORD = 3073;
const PLANE = 1024;
const RECORDS = 200;
const BRIGHT = 220;

/**
 * CIFAR-10 records, label i mod 10. Class c lights rows 3c..3c+2 of colour plane c mod 3
 * (a band a tiny ViT can find); everything else is dark noise below 40.
 */
function cifarBatch(records: number): Buffer {
  const bytes = Buffer.alloc(records * RECORD);
  let noise = 7;
  for (let r = 0; r < records; r++) {
    const label = r % 10;
    bytes[r * RECORD] = label;
    for (let plane = 0; plane < 3; plane++) {
      for (let p = 0; p < PLANE; p++) {
        noise = (noise * 1103515245 + 12345) % 2147483648;
        const row = Math.floor(p / 32);
        const lit = plane === label % 3 && row >= 3 * label && row < 3 * label + 3;
        bytes[r * RECORD + 1 + plane * PLANE + p] = lit ? BRIGHT : noise % 40;
      }
    }
  }
  return bytes;
}

const binary = (name: string, buffer: Buffer) => ({ name, mimeType: "application/octet-stream", buffer });

async function upload(page: Page, ...files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.getByTestId("dataset-file-input").setInputFiles(files);
}

test("a generated CIFAR-10 batch loads, previews, trains to done, survives a reload; bad files are refused by name", async ({
  page,
}) => {
  await page.goto(
    "/?preset=tiny-vit-synthetic&backend=wasm&trainSize=160&testSize=32&batchSize=32&epochs=1&pruningTimes=1&model.patchSize=8",
  );
  await upload(page, binary("data_batch_1.bin", cifarBatch(RECORDS)));

  const summary = page.getByTestId("dataset-summary");
  await expect(summary.getByTestId("dataset-name")).toHaveText("cifar10");
  await expect(summary.getByTestId("dataset-shape")).toHaveText("32×32×3");
  await expect(summary.getByTestId("dataset-classes")).toHaveText("10");
  // No test file: every 6th record (33 of 200) became the test split.
  await expect(summary.getByTestId("dataset-train-count")).toHaveText("167");
  await expect(summary.getByTestId("dataset-test-count")).toHaveText("33");
  await expect(summary.getByTestId("dataset-notes")).toContainText("every 6th training image");
  const hash = await summary.getByTestId("dataset-hash").textContent();
  expect(hash).toMatch(/^[0-9a-f]{16}$/);

  // 30 samples, classes in turn: the first is record 0, an airplane (class 0) lit red in rows 0–2.
  const samples = page.getByTestId("dataset-sample");
  await expect(samples).toHaveCount(30);
  await expect(samples.first().locator("figcaption")).toHaveText("airplane");
  await expect(samples.nth(1)).toHaveAttribute("data-label", "1");
  const [lit, dark] = await samples
    .first()
    .locator("canvas")
    .evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext("2d");
      if (!context) throw new Error("no 2d context");
      return [
        [5, 1],
        [5, 20],
      ].map(([x, y]) => [...context.getImageData(x!, y!, 1, 1).data]);
    });
  expect(lit).toEqual([BRIGHT, expect.any(Number), expect.any(Number), 255]);
  expect(lit![1]).toBeLessThan(40);
  expect(dark![0]).toBeLessThan(40);

  // The new dataset is chosen; the run trains on it.
  await expect(page.getByTestId("field-dataset")).toHaveValue("cifar10");
  await expect(page.getByTestId("run-button")).toBeEnabled();
  await page.getByTestId("data-panel").screenshot({ path: "test-results/dataset-panel.png" });
  await page.getByTestId("run-button").click();
  await expect(page.getByTestId("backend-badge")).toHaveText("wasm");
  await expectStatus(page, "done", 60_000);
  await expect(page.getByTestId("head-cell")).toHaveCount(2 * 4);
  // The run log's env records what it trained on.
  await expect(page.getByTestId("run-dataset")).toContainText(
    "trained on cifar10: 32×32×3 images, 10 classes",
  );
  await expect(page.getByTestId("run-dataset-hash")).toHaveText(hash!);

  // Not a whole number of records: refused, naming the file; cifar10 stays as it was.
  await upload(page, binary("data_batch_1.bin", cifarBatch(2).subarray(0, 2 * RECORD - 5)));
  const errors = page.getByTestId("dataset-errors");
  await expect(errors.getByTestId("dataset-error")).toHaveText([
    /^data_batch_1\.bin: 6,141 bytes is not a whole number of 3,073-byte records/,
  ]);
  await expect(errors).toContainText("Still loaded as before: cifar10");
  await expect(summary.getByTestId("dataset-hash")).toHaveText(hash!);

  // A PNG under a CIFAR name is named as what it looks like.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
  await upload(page, binary("data_batch_1.bin", cifarBatch(RECORDS)), binary("test_batch.bin", png));
  await expect(errors.getByTestId("dataset-error")).toHaveText([/^test_batch\.bin: .*PNG/]);
  await page.getByTestId("data-panel").screenshot({ path: "test-results/dataset-panel-errors.png" });
  await expect(summary.getByTestId("dataset-hash")).toHaveText(hash!);

  // Kept in IndexedDB: after a reload the dataset is there again, and can be chosen.
  await page.reload();
  await expect(summary.getByTestId("dataset-hash")).toHaveText(hash!);
  await expect(page.getByTestId("field-dataset").locator("option")).toContainText([
    "mnist",
    "synthetic",
    "cifar10",
  ]);
  await expect(page.getByTestId("dataset-errors")).toHaveCount(0);
});
