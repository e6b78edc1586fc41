// The reference training rows in Chromium (Debian's, driven by Playwright): the benchmark page
// (bench/browser) is built with Vite, served on localhost and opened once per backend in a fresh
// context, so each starts from a clean worker.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { build } from "vite";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../scripts/chromium";
import { serveStatic } from "../scripts/static-server";
import { wasmThreadsSurviveMinifying } from "../scripts/vite-wasm-threads";
import type { BenchFailure, BrowserBenchOutcome } from "./browser/protocol";
import type { BenchRecord } from "./record";

/** Each Chromium row set: the tfjs backend and whether the page is cross-origin isolated. */
export const CHROMIUM_BACKENDS = {
  /** Isolated: tfjs-backend-wasm's multi-threaded SIMD build. */
  "chromium-wasm": { backend: "wasm", isolated: true },
  /** Not isolated: its single-threaded SIMD build, to show what threads gain. */
  "chromium-wasm-unisolated": { backend: "wasm", isolated: false },
  "chromium-webgl": { backend: "webgl", isolated: true },
  "chromium-webgpu": { backend: "webgpu", isolated: true },
} as const;

export type ChromiumBackend = keyof typeof CHROMIUM_BACKENDS;

export function isChromiumBackend(name: string): name is ChromiumBackend {
  return name in CHROMIUM_BACKENDS;
}

/**
 * The launch flags: the lab's (SwiftShader for WebGL and WebGPU), or with BENCH_GPU=1 (set by
 * bench/gpu.sh) the real GPU's, the SwiftShader choices dropped.
 */
export function launchFlags(useGpu: boolean): string[] {
  if (!useGpu) return CHROMIUM_FLAGS;
  const kept = CHROMIUM_FLAGS.filter((flag) => !flag.includes("swiftshader"));
  return [...kept, "--enable-gpu", "--ignore-gpu-blocklist", "--use-angle=vulkan"];
}

/** One backend's rows can take minutes on SwiftShader; past this something is stuck. */
const PAGE_TIMEOUT_MS = 20 * 60_000;

async function buildBenchPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: new URL("./browser", import.meta.url).pathname,
    base: "./",
    logLevel: "warn",
    worker: { format: "es", plugins: () => [wasmThreadsSurviveMinifying()] },
    build: { outDir, emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 4096 },
  });
}

export interface ChromiumResults {
  records: BenchRecord[];
  failures: BenchFailure[];
}

export async function benchChromium(
  backends: ChromiumBackend[],
  quick: boolean,
  log: (line: string) => void,
): Promise<ChromiumResults> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's chromium or set CHROMIUM_PATH`);
  }
  const outDir = await mkdtemp(join(tmpdir(), "pruning-lab-bench-"));
  log("chromium: building the benchmark page");
  await buildBenchPage(outDir);
  const isolated = await serveStatic(outDir, true);
  const plain = await serveStatic(outDir, false);
  const args = launchFlags(process.env.BENCH_GPU === "1");
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args });
  const results: ChromiumResults = { records: [], failures: [] };
  try {
    for (const label of backends) {
      const { backend, isolated: wantsIsolation } = CHROMIUM_BACKENDS[label];
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on("console", (message) => log(message.text()));
      const origin = wantsIsolation ? isolated.origin : plain.origin;
      await page.goto(`${origin}/?backend=${backend}&label=${label}&quick=${quick ? 1 : 0}`);
      await page.waitForFunction(() => window.__benchOutcome !== undefined, undefined, {
        timeout: PAGE_TIMEOUT_MS,
        polling: 500,
      });
      const outcome = await page.evaluate(() => window.__benchOutcome);
      await context.close();
      if (outcome === undefined || "error" in outcome) {
        const reason = outcome?.error ?? "no outcome";
        results.failures.push({ name: "all rows", backend: label, reason });
        log(`${label}: failed: ${reason}`);
        continue;
      }
      results.records.push(...withIsolationNote(outcome));
      results.failures.push(...outcome.failures);
    }
  } finally {
    await browser.close();
    isolated.close();
    plain.close();
    await rm(outDir, { recursive: true, force: true });
  }
  return results;
}

function withIsolationNote(outcome: BrowserBenchOutcome): BenchRecord[] {
  const setting = outcome.crossOriginIsolated
    ? `cross-origin isolated${outcome.wasmThreads > 0 ? `, XNNPACK threads: ${outcome.wasmThreads} (tfjs uses half the logical cores)` : ""}`
    : "not cross-origin isolated";
  return outcome.records.map((record) => ({
    ...record,
    note: record.note ? `${record.note}; ${setting}` : setting,
  }));
}
