// WebGL and WebGPU compute what WASM computes: one masked, RSST-pulled training step of a tiny
// ViT and ResNet (loss, logits before and after) and their compaction, from the same seed and
// data, in Chromium's workers as the lab trains. Both GPU backends run on SwiftShader here.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { build } from "vite";
import { type StaticServer, serveStatic } from "../../scripts/static-server";
import type { AgreementOutcome, ModelFigures } from "./backends/protocol";

/** float32 reductions run in other orders on the GPU backends: this much, no more. */
const LOGIT_TOLERANCE = 2e-3;
const LOSS_TOLERANCE = 1e-4;

let outDir = "";
let server: StaticServer | null = null;

test.beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), "pruning-lab-agree-"));
  await build({
    configFile: false,
    root: new URL("./backends", import.meta.url).pathname,
    base: "./",
    logLevel: "warn",
    worker: { format: "es" },
    build: { outDir, emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 4096 },
  });
  server = await serveStatic(outDir, false);
});

test.afterAll(async () => {
  server?.close();
  await rm(outDir, { recursive: true, force: true });
});

async function compute(page: import("@playwright/test").Page, backend: string): Promise<AgreementOutcome> {
  await page.goto(`${server!.origin}/?backend=${backend}`);
  await page.waitForFunction(() => window.__agreement !== undefined, undefined, {
    timeout: 240_000,
    polling: 250,
  });
  const outcome = await page.evaluate(() => window.__agreement);
  if (outcome === undefined || "error" in outcome)
    throw new Error(`${backend}: ${outcome?.error ?? "no outcome"}`);
  return outcome;
}

function expectClose(actual: number[], expected: number[], tolerance: number, what: string): void {
  expect(actual, what).toHaveLength(expected.length);
  const worst = Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!)));
  expect(worst, `${what}: largest difference`).toBeLessThan(tolerance);
}

function expectAgree(actual: ModelFigures, expected: ModelFigures, model: string): void {
  expectClose(actual.logitsBefore, expected.logitsBefore, LOGIT_TOLERANCE, `${model} logits before the step`);
  expect(Math.abs(actual.stepLoss - expected.stepLoss), `${model} step loss`).toBeLessThan(LOSS_TOLERANCE);
  expectClose(actual.logitsAfter, expected.logitsAfter, LOGIT_TOLERANCE, `${model} logits after the step`);
  expectClose(actual.compactLogits, expected.compactLogits, LOGIT_TOLERANCE, `${model} compacted logits`);
}

test("WebGL and WebGPU agree with WASM on a training step and a compaction", async ({ page }) => {
  test.setTimeout(600_000);
  const wasm = await compute(page, "wasm");
  expect(wasm.backend).toBe("wasm");
  // On one backend the compacted model computes what the cut model computes.
  expectClose(wasm.vit.compactLogits, wasm.vit.cutLogits, 1e-4, "ViT compacted vs cut (wasm)");
  expectClose(wasm.resnet.compactLogits, wasm.resnet.cutLogits, 1e-4, "ResNet compacted vs cut (wasm)");
  // The step changed the logits: the figures compared below are not all the initial ones.
  expect(
    Math.max(...wasm.vit.logitsAfter.map((v, i) => Math.abs(v - wasm.vit.logitsBefore[i]!))),
  ).toBeGreaterThan(1e-3);
  for (const backend of ["webgl", "webgpu"]) {
    const other = await compute(page, backend);
    expect(other.backend).toBe(backend);
    expectAgree(other.vit, wasm.vit, `ViT on ${backend}`);
    expectAgree(other.resnet, wasm.resnet, `ResNet on ${backend}`);
  }
});
