// Training speed of the built app in Chromium on WASM, with and without cross-origin isolation
// (README, "In the browser"). Isolated, tfjs-backend-wasm loads its multi-threaded SIMD build;
// otherwise its single-threaded SIMD one. The app runs as a user runs it: the page's Run button,
// the training worker, its throttled step events; ms/step is read off the step counter.
//
//   npx vite build && npx tsx scripts/browser-bench.ts [--dist dist] [--rounds 2] [--out FILE.json]
//
// It serves the build itself, twice (with and without the COOP/COEP headers), so it needs no
// preview server. Rounds alternate the two servers, since machines here are noisy.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { spread } from "../bench/stats";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./chromium";
import { serveStatic } from "./static-server";

interface Workload {
  name: string;
  /** The app's URL query: a preset made long enough to measure one epoch of it. */
  query: string;
  /** Steps left out at the start (backend start-up, first-step compilation). */
  warmupSteps: number;
  measuredSteps: number;
}

const WORKLOADS: Workload[] = [
  {
    name: "tiny-vit-synthetic (batch 32)",
    query: "preset=tiny-vit-synthetic&backend=wasm&trainSize=8192&epochs=1&pruningTimes=1",
    warmupSteps: 20,
    measuredSteps: 150,
  },
  {
    name: "default ViT on MNIST (batch 64)",
    query: "preset=vit-mnist-rsst&backend=wasm&trainSize=4000&testSize=256&epochs=1&pruningTimes=1",
    warmupSteps: 8,
    measuredSteps: 40,
  },
];

interface Sample {
  at: number;
  step: number;
}

declare global {
  interface Window {
    __stepSamples?: Sample[];
  }
}

/** Records (page time, step counter) at every change of the counter, from the page itself. */
async function recordSteps(page: Page): Promise<void> {
  await page.getByTestId("step-counter").waitFor();
  await page.evaluate(() => {
    const counter = document.querySelector('[data-testid="step-counter"]');
    if (!counter) throw new Error("no step counter");
    const samples: Sample[] = [];
    window.__stepSamples = samples;
    const observer = new MutationObserver(() =>
      samples.push({ at: performance.now(), step: Number(counter.textContent) }),
    );
    observer.observe(counter, { childList: true, characterData: true, subtree: true });
  });
}

interface Measurement {
  isolated: boolean;
  /** Threads the WASM backend started (blob workers), besides the training worker itself. */
  wasmThreads: number;
  msPerStep: number;
}

async function measure(page: Page, origin: string, workload: Workload): Promise<Measurement> {
  let wasmThreads = 0;
  page.on("worker", (worker) => {
    if (worker.url().startsWith("blob:")) wasmThreads += 1;
  });
  await page.goto(`${origin}/?${workload.query}`);
  const isolated = await page.evaluate(() => crossOriginIsolated);
  await page.getByTestId("run-button").click();
  await recordSteps(page);
  const last = workload.warmupSteps + workload.measuredSteps;
  await page.waitForFunction(
    (target) => (window.__stepSamples ?? []).some((sample) => sample.step >= target),
    last,
    { timeout: 600_000, polling: 200 },
  );
  const samples = await page.evaluate(() => window.__stepSamples ?? []);
  await page.getByTestId("stop-button").click();
  const from = samples.find((sample) => sample.step >= workload.warmupSteps);
  const to = samples.at(-1);
  if (!from || !to || to.step <= from.step) throw new Error(`too few step samples for ${workload.name}`);
  return { isolated, wasmThreads, msPerStep: (to.at - from.at) / (to.step - from.step) };
}

const median = (values: number[]) => spread(values).median;

interface Row {
  workload: string;
  singleThreadMsPerStep: number[];
  threadedMsPerStep: number[];
  wasmThreads: number;
  hardwareConcurrency: number;
  speedup: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dist: { type: "string", default: "dist" },
      rounds: { type: "string", default: "2" },
      out: { type: "string", default: "" },
    },
  });
  const dist = values.dist ?? "dist";
  const rounds = Number(values.rounds);
  const out = values.out ?? "";
  const plain = await serveStatic(dist, false);
  const isolated = await serveStatic(dist, true);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  const rows: Row[] = [];
  try {
    for (const workload of WORKLOADS) {
      const row: Row = {
        workload: workload.name,
        singleThreadMsPerStep: [],
        threadedMsPerStep: [],
        wasmThreads: 0,
        hardwareConcurrency: 0,
        speedup: 0,
      };
      for (let round = 0; round < rounds; round++) {
        for (const server of [plain, isolated]) {
          // A fresh context each time: no service worker, no cached state between the two.
          const context = await browser.newContext({ serviceWorkers: "block" });
          const page = await context.newPage();
          const result = await measure(page, server.origin, workload);
          if (result.isolated !== (server === isolated)) throw new Error("isolation is not what was served");
          row.hardwareConcurrency = await page.evaluate(() => navigator.hardwareConcurrency);
          if (result.isolated) {
            row.threadedMsPerStep.push(result.msPerStep);
            row.wasmThreads = result.wasmThreads;
          } else row.singleThreadMsPerStep.push(result.msPerStep);
          console.error(
            `${workload.name}, ${result.isolated ? "isolated" : "not isolated"}: ${result.msPerStep.toFixed(1)} ms/step`,
          );
          await context.close();
        }
      }
      row.speedup = median(row.singleThreadMsPerStep) / median(row.threadedMsPerStep);
      rows.push(row);
    }
  } finally {
    await browser.close();
    plain.close();
    isolated.close();
  }

  console.log("| workload | not isolated (SIMD) ms/step | isolated (threads + SIMD) ms/step | speedup |");
  console.log("| --- | --- | --- | --- |");
  for (const row of rows) {
    console.log(
      `| ${row.workload} | ${median(row.singleThreadMsPerStep).toFixed(1)} | ${median(row.threadedMsPerStep).toFixed(1)} | ×${row.speedup.toFixed(2)} |`,
    );
  }
  const cores = rows[0]?.hardwareConcurrency ?? 0;
  console.log(
    `navigator.hardwareConcurrency ${cores}; WASM thread workers started: ${rows[0]?.wasmThreads ?? 0}`,
  );
  if (out) await writeFile(out, `${JSON.stringify(rows, null, 2)}\n`);
}

await main();
