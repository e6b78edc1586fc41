// The lab served cross-origin isolated trains on WASM's multi-threaded build, and after a run it
// shows the pruned model compacted (smaller, timed against the masked one) and exports it.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectStatus } from "./helpers";

const TINY = "/?preset=tiny-vit-synthetic&backend=wasm&epochs=1&trainSize=256&testSize=128";

/** The JSON header of a safetensors file: 8 bytes of little-endian length, then the header. */
function safetensorsHeader(bytes: Buffer): Record<string, unknown> {
  const length = Number(bytes.readBigUInt64LE(0));
  return JSON.parse(bytes.subarray(8, 8 + length).toString("utf8"));
}

const integer = (text: string) => Number(text.replaceAll(",", ""));

test("isolated, the worker trains on WASM threads; after the run the compacted model is shown and exported", async ({
  page,
}) => {
  let wasmThreads = 0;
  page.on("worker", (worker) => {
    if (worker.url().startsWith("blob:")) wasmThreads += 1;
  });
  await page.goto(TINY);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId("compaction-summary")).toHaveCount(0);

  const trainingWorker = page.waitForEvent("worker", (worker) => worker.url().includes("training.worker"));
  await page.getByTestId("run-button").click();
  expect(await (await trainingWorker).evaluate(() => self.crossOriginIsolated)).toBe(true);
  await expectStatus(page, "done", 90_000);
  // tfjs-backend-wasm starts its threads as workers from blob URLs, only in its threaded build.
  expect(wasmThreads).toBeGreaterThan(0);

  const summary = page.getByTestId("compaction-summary");
  await expect(summary).toContainText(
    /Your pruned model: [\d,]+ params, [\d.]+ MFLOPs per image, ×[\d.]+ faster/,
  );
  const text = (await summary.textContent()) ?? "";
  const compact = integer(/model: ([\d,]+) params/.exec(text)?.[1] ?? "");
  const dense = integer(/dense model \(([\d,]+) params/.exec(text)?.[1] ?? "");
  // Refill cut heads in this run (run-wasm.spec.ts), so the compacted model is smaller.
  expect(compact).toBeGreaterThan(0);
  expect(compact).toBeLessThan(dense);

  const download = page.waitForEvent("download");
  await page.getByTestId("export-compacted").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("pruned-vit.safetensors");
  const header = safetensorsHeader(await readFile(await file.path()));
  const qkv = header["blocks.0.attn.qkv.weight"] as { shape: number[] };
  const metadata = header.__metadata__ as Record<string, string>;
  const keptHeads = JSON.parse(metadata["kept.blocks.0.attn"] ?? "[]") as number[];
  // Three q/k/v slices of head-dim rows per kept head; tiny-vit-synthetic has 4 heads of 4.
  expect(qkv.shape).toEqual([3 * 4 * keptHeads.length, 16]);
});
