// The run history: a run survives a reload and resumes to the end; an exported run log
// imports to the same picture; a malformed file is refused and changes nothing.
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { expectStatus, numberAttribute } from "./helpers";

const TINY = "/?preset=tiny-vit-synthetic&backend=wasm&epochs=1&trainSize=256&testSize=128";

async function headStates(page: Page): Promise<string[]> {
  return page
    .getByTestId("head-cell")
    .evaluateAll((cells) =>
      cells.map((cell) => `${cell.getAttribute("data-alive")}:${cell.getAttribute("data-importance")}`),
    );
}

async function download(page: Page, testId: string, path: string): Promise<Buffer> {
  const started = page.waitForEvent("download");
  await page.getByTestId(testId).click();
  await (await started).saveAs(path);
  return readFile(path);
}

test("a run cut by a reload shows as interrupted, resumes from its last iteration and finishes", async ({
  page,
}, testInfo) => {
  await page.goto(`${TINY}&pruningTimes=4`);
  await page.getByTestId("run-button").click();
  const item = page.getByTestId("run-item");
  // Once iteration 1 is stored, hold the run so that the reload surely cuts it mid-way.
  await expect
    .poll(async () => Number(await item.getAttribute("data-saved")), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(1);
  await page.getByTestId("pause-button").click();
  await expect(item).toHaveAttribute("data-status", "running");

  await page.reload();
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute("data-status", "interrupted");
  await expect(item.getByTestId("run-status")).toHaveText("interrupted");
  const saved = Number(await item.getAttribute("data-saved"));
  expect(saved).toBeGreaterThanOrEqual(1);
  expect(saved).toBeLessThan(4);
  // The log is stored as each iteration ends; its resume point follows once the worker has
  // encoded the checkpoint, so a reload between the two leaves the log one iteration ahead.
  const logged = Number(await item.getAttribute("data-iterations"));
  expect(logged === saved || logged === saved + 1).toBe(true);
  await page.getByTestId("runs-panel").screenshot({ path: testInfo.outputPath("interrupted.png") });

  await item.getByTestId("run-resume").click();
  await expectStatus(page, "done", 90_000);
  await expect(item).toHaveAttribute("data-status", "done");
  await expect(item).toHaveAttribute("data-iterations", "4");
  expect(await numberAttribute(page, "chart-accuracy", "data-points")).toBe(4);
  await expect(page.getByTestId("head-cell")).toHaveCount(8);
  await expect(item.getByTestId("run-resume")).toHaveCount(0);
});

test("export, delete and import give the same charts; a malformed file changes nothing", async ({
  page,
}, testInfo) => {
  await page.goto(TINY);
  await page.getByTestId("run-button").click();
  await expectStatus(page, "done", 90_000);
  const item = page.getByTestId("run-item");
  await expect(item).toHaveAttribute("data-status", "done");
  const points = await numberAttribute(page, "chart-accuracy", "data-points");
  expect(points).toBe(3);
  const heads = await headStates(page);
  expect(heads).toHaveLength(8);

  const logPath = testInfo.outputPath("run.json");
  const exported = JSON.parse((await download(page, "export-json", logPath)).toString("utf8"));
  expect(exported.format).toBe("pruning-lab.run");
  expect(exported.iterations).toHaveLength(3);

  // The weights: the final ticket as the CLI writes final.safetensors, with PyTorch names.
  await expect(page.getByTestId("export-safetensors")).toBeEnabled();
  const weights = await download(page, "export-safetensors", testInfo.outputPath("run.safetensors"));
  const headerLength = Number(weights.readBigUInt64LE(0));
  const header = JSON.parse(weights.subarray(8, 8 + headerLength).toString("utf8"));
  expect(header["blocks.0.attn.qkv.weight"].dtype).toBe("F32");
  expect(header["mask.blocks.0.attn.qkv.weight"].dtype).toBe("U8");
  expect(header["mask.blocks.1.mlp.fc2.weight"].dtype).toBe("U8");
  expect(header["refill.blocks.1.mlp.fc2.weight"]).toBeUndefined();
  expect(header.__metadata__.iteration).toBe("final");
  expect(JSON.parse(header.__metadata__.config).struct).toBe(exported.config.struct);

  const png = await download(page, "export-png", testInfo.outputPath("run.png"));
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  await item.getByTestId("run-delete").click();
  await item.getByTestId("run-delete-confirm").click();
  await expect(item).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("runs-empty")).toBeVisible();
  await expect(item).toHaveCount(0);
  expect(await numberAttribute(page, "chart-accuracy", "data-points")).toBe(0);

  await page.getByTestId("import-json").setInputFiles(logPath);
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("import-error")).toHaveCount(0);
  expect(await numberAttribute(page, "chart-accuracy", "data-points")).toBe(points);
  expect(await headStates(page)).toEqual(heads);

  const broken = { ...exported, iterations: [{ ...exported.iterations[0], testAccStructured: 1.7 }] };
  await page.getByTestId("import-json").setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  await expect(page.getByTestId("import-error")).toContainText(
    "iterations[0].testAccStructured: expected a number in [0, 1], got 1.7",
  );
  await expect(item).toHaveCount(1);
  expect(await headStates(page)).toEqual(heads);

  // The same run twice, compared with itself: curves and heatmaps side by side.
  await page.getByTestId("import-json").setInputFiles(logPath);
  await expect(item).toHaveCount(2);
  await expect(page.getByTestId("import-error")).toHaveCount(0);
  await item.nth(0).getByTestId("run-compare").check();
  await item.nth(1).getByTestId("run-compare").check();
  const compare = page.getByTestId("compare-view");
  await expect(compare.getByTestId("compare-heatmap")).toHaveCount(2);
  await expect(compare.getByTestId("compare-cell")).toHaveCount(16);
  await compare.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("history.png"), fullPage: true });
});

test("a shared link fills the form, the hash follows the form, and the reference command matches", async ({
  page,
}, testInfo) => {
  await page.goto(
    "/#arch=resnet&model.depth=14&model.width=8&dataset=synthetic&struct=rsst&rate=0.35&backend=wasm",
  );
  await expect(page.getByTestId("preset-select")).toHaveValue("");
  await expect(page.getByTestId("field-arch")).toHaveValue("resnet");
  await expect(page.getByTestId("field-model.depth")).toHaveValue("14");
  await expect(page.getByTestId("field-struct")).toHaveValue("rsst");
  await expect(page.getByTestId("field-rate")).toHaveValue("0.35");

  await page.getByTestId("field-rate").fill("0.4");
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain("rate=0.4");
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain("model.width=8");

  await page.getByTestId("reference-command-toggle").click();
  const command = page.getByTestId("reference-command");
  await expect(command).toContainText("python main_imp_fillback.py");
  await expect(command).toContainText("--arch res20s");
  await expect(command).toContainText("--struct rsst");
  await expect(command).toContainText("--rate 0.4");
  await page.locator(".run-toolbar").screenshot({ path: testInfo.outputPath("toolbar.png") });
});
