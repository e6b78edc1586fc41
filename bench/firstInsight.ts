// Time to first insight (issue 18), as a student meets the lab: the built app in Chromium on
// WASM, the default preset, Run pressed; seconds to the first heatmap (the first iteration's
// record, its heads coloured by importance) and to done.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { build } from "vite";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../scripts/chromium";
import { serveStatic } from "../scripts/static-server";
import type { BenchRecord } from "./record";

/** A whole default run takes minutes; past this something is stuck. */
const RUN_TIMEOUT_MS = 15 * 60_000;

export const FIRST_INSIGHT_ROWS = { heatmap: "first-heatmap", done: "first-run-done" } as const;

export async function benchFirstInsight(log: (line: string) => void): Promise<BenchRecord[]> {
  const outDir = await mkdtemp(join(tmpdir(), "pruning-lab-first-insight-"));
  log("first insight: building the app");
  await build({
    configFile: new URL("../vite.config.ts", import.meta.url).pathname,
    logLevel: "warn",
    build: { outDir, emptyOutDir: true },
  });
  const server = await serveStatic(outDir, true);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/?backend=wasm`);
    const skipTour = page.getByRole("button", { name: "Skip the tour" });
    if (await skipTour.isVisible()) await skipTour.click();
    const preset = await page.getByTestId("preset-select").inputValue();
    const started = Date.now();
    await page.getByTestId("run-button").click();
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid="chart-accuracy"]')?.getAttribute("data-points")) >= 1,
      undefined,
      { timeout: RUN_TIMEOUT_MS, polling: 100 },
    );
    const heatmapMs = Date.now() - started;
    const summary = (await page.getByTestId("chart-accuracy-summary").textContent()) ?? "";
    const accuracy = /iteration 1: unstructured ([\d.]+)%/.exec(summary)?.[1] ?? "?";
    log(`first insight: first heatmap after ${(heatmapMs / 1000).toFixed(1)} s, iteration 1 at ${accuracy}%`);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="status"]')?.textContent === "done",
      undefined,
      {
        timeout: RUN_TIMEOUT_MS,
        polling: 250,
      },
    );
    const doneMs = Date.now() - started;
    log(`first insight: done after ${(doneMs / 1000).toFixed(1)} s`);
    const row = (name: string, ms: number, note: string): BenchRecord => ({
      name,
      backend: "chromium-wasm",
      msPerStep: { median: ms, min: ms, max: ms },
      samplesPerSec: 0,
      gflops: 0,
      ceilingGflops: 0,
      note,
    });
    return [
      row(
        FIRST_INSIGHT_ROWS.heatmap,
        heatmapMs,
        `${preset}, Run → first heatmap; iteration 1 unstructured ${accuracy}%`,
      ),
      row(FIRST_INSIGHT_ROWS.done, doneMs, `${preset}, Run → done`),
    ];
  } finally {
    await browser.close();
    server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
