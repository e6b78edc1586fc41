// @soak: the browser side of issue 7's load test, minutes long, so not part of `npm test`:
//
//   npx vite build && SOAK=1 npx playwright test test/e2e/soak.spec.ts
//   (SOAK_ITERATIONS=30 for a shorter long run; at least 16)
//
// A long run (50 iterations of tiny-vit-synthetic, made quicker with 2 epochs of 512 images)
// and five runs stopped back to back, each in another phase (each then deleted from the runs
// list, so that what stays is what leaked), then one run to the end. After
// every iteration or stop it samples the worker's tfjs memory (tensors, bytes, WASM heap; read
// from tfjs's engine on the worker's global scope), the page's JS heap after a garbage
// collection, the DOM size, the main thread's long tasks (over 50 ms) since the last sample and
// how long the page took to run a trivial script.
// Prints the tables (also kept as JSON in the test's output folder) and fails if memory grew.
import { writeFile } from "node:fs/promises";
import { type CDPSession, expect, type Page, test, type Worker } from "@playwright/test";
import { isTrainingWorker, startRun, stopWhenShowing } from "./hardening-helpers";
import { expectStatus, longTasksSince, numberAttribute, pageNow, recordLongTasks } from "./helpers";

test.skip(!process.env.SOAK, "minutes long: SOAK=1 npx playwright test test/e2e/soak.spec.ts");
test.describe.configure({ timeout: 20 * 60_000 });

const ITERATIONS = Number(process.env.SOAK_ITERATIONS ?? 50);
const QUICK = "/?preset=tiny-vit-synthetic&backend=wasm&epochs=1&trainSize=256&testSize=128";
/** Iterations of a few seconds, so that sampling (a garbage collection included) keeps up. */
const LONG = "/?preset=tiny-vit-synthetic&backend=wasm&epochs=2&trainSize=512&testSize=128";
/** Iterations before the baseline (allocator and JIT warm-up), and samples per window. */
const WARMUP = 5;
const WINDOW = 10;
/**
 * The page's heap may grow this much: over the long run its log and charts grow with every
 * iteration (about 40 kB each here); the stopped runs are deleted, so nothing should stay.
 */
const LONG_RUN_HEAP_GROWTH = 1.2;
/**
 * After the stops, the objects must stay within this of the baseline. The heap's bytes creep
 * up a little more over the first runs (compiled code, not objects), so they get more room.
 */
const STOPS_OBJECT_GROWTH = 1.02;
const STOPS_HEAP_GROWTH = 1.15;
/** After warm-up, no main-thread task may hold input back longer than this. */
const LONGEST_TASK_MS = 500;
const MB = 2 ** 20;

interface WorkerMemory {
  tensors: number;
  tfMB: number;
  wasmHeapMB: number | null;
}

interface Sample extends Partial<WorkerMemory> {
  label: string;
  seconds: number;
  pageHeapMB: number;
  pageObjects: number;
  domNodes: number;
  longTasks: number;
  longestTaskMs: number;
  roundTripMs: number;
}

/** tfjs keeps its engine on the worker's global scope (`_tfengine`); WASM's heap on the backend. */
function workerMemory(worker: Worker): Promise<WorkerMemory> {
  return worker.evaluate((mb) => {
    interface Engine {
      memory(): { numTensors: number; numBytes: number };
      backendInstance?: { wasm?: { HEAPU8?: Uint8Array } };
    }
    const engine = (self as unknown as { _tfengine: Engine })._tfengine;
    const { numTensors, numBytes } = engine.memory();
    const heap = engine.backendInstance?.wasm?.HEAPU8?.byteLength;
    return { tensors: numTensors, tfMB: numBytes / mb, wasmHeapMB: heap === undefined ? null : heap / mb };
  }, MB);
}

/** After a garbage collection: the page's JS heap, and how many JS objects live in it. */
async function pageHeap(cdp: CDPSession): Promise<{ pageHeapMB: number; pageObjects: number }> {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  // Every object whose prototype chain reaches Object.prototype; the group is released, so the
  // list does not keep them alive for the next count.
  const group = "soak";
  const prototype = await cdp.send("Runtime.evaluate", {
    expression: "Object.prototype",
    objectGroup: group,
  });
  const found = await cdp.send("Runtime.queryObjects", {
    prototypeObjectId: prototype.result.objectId ?? "",
    objectGroup: group,
  });
  const length = await cdp.send("Runtime.callFunctionOn", {
    objectId: found.objects.objectId ?? "",
    functionDeclaration: "function () { return this.length; }",
    returnByValue: true,
    objectGroup: group,
  });
  await cdp.send("Runtime.releaseObjectGroup", { objectGroup: group });
  return { pageHeapMB: usedSize / MB, pageObjects: Number(length.result.value) };
}

/** Milliseconds for the page to run a trivial script: what an input event would wait for. */
async function roundTripMs(page: Page): Promise<number> {
  const asked = performance.now();
  await page.evaluate(() => 0);
  return performance.now() - asked;
}

async function samplePage(
  page: Page,
  cdp: CDPSession,
  since: number,
): Promise<Omit<Sample, "label" | "seconds" | keyof WorkerMemory>> {
  const roundTrip = await roundTripMs(page);
  const tasks = await longTasksSince(page, since);
  return {
    ...(await pageHeap(cdp)),
    domNodes: await page.evaluate(() => document.getElementsByTagName("*").length),
    longTasks: tasks.length,
    longestTaskMs: Math.max(0, ...tasks.map((task) => task.duration)),
    roundTripMs: roundTrip,
  };
}

function table(samples: Sample[], secondsHeader: string): string {
  const header = [
    "",
    secondsHeader,
    "tensors",
    "tf MB",
    "wasm MB",
    "heap MB",
    "objects",
    "DOM",
    "long tasks",
    "longest ms",
  ];
  const fixed = (value: number | null | undefined, digits: number) =>
    value === null || value === undefined ? "-" : value.toFixed(digits);
  const rows = samples.map((s) => [
    s.label,
    s.seconds.toFixed(2),
    fixed(s.tensors, 0),
    fixed(s.tfMB, 2),
    fixed(s.wasmHeapMB, 1),
    s.pageHeapMB.toFixed(1),
    String(s.pageObjects),
    String(s.domNodes),
    String(s.longTasks),
    s.longestTaskMs.toFixed(0),
    s.roundTripMs.toFixed(0),
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => row[column]?.length ?? 0)),
  );
  const line = (row: string[]) => row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Prints the figures and keeps them as JSON beside the test's other output. */
async function record(name: string, text: string, samples: Sample[]): Promise<void> {
  console.log(`\n${text}`);
  await writeFile(
    test.info().outputPath(`soak-browser-${name}.json`),
    `${JSON.stringify(samples, null, 2)}\n`,
  );
}

test("@soak a 50-iteration run keeps memory flat and the page responsive", async ({ page }) => {
  await recordLongTasks(page);
  await page.goto(`${LONG}&pruningTimes=${ITERATIONS}`);
  const cdp = await page.context().newCDPSession(page);
  const started = Date.now();
  const worker = await startRun(page);

  const samples: Sample[] = [];
  const points = () => numberAttribute(page, "chart-accuracy", "data-points");
  let sampled = 0;
  let last = Date.now();
  let since = await pageNow(page);
  // After each iteration, while the worker lives (it ends with the run).
  while (sampled < ITERATIONS - 1) {
    await expect.poll(points, { timeout: 120_000, intervals: [100] }).toBeGreaterThan(sampled);
    const done = await points();
    if (done >= ITERATIONS) break;
    const memory = await workerMemory(worker);
    const pageFigures = await samplePage(page, cdp, since);
    samples.push({
      label: `iteration ${done}`,
      seconds: (Date.now() - last) / 1000,
      ...memory,
      ...pageFigures,
    });
    sampled = done;
    last = Date.now();
    since = await pageNow(page);
  }
  await expectStatus(page, "done", 60_000);
  const minutes = (Date.now() - started) / 60_000;

  const start = samples.slice(WARMUP, WARMUP + WINDOW);
  const end = samples.slice(-WINDOW);
  const growth = (pick: (s: Sample) => number) => mean(end.map(pick)) / mean(start.map(pick));
  const peak = (window: Sample[], pick: (s: Sample) => number) => Math.max(...window.map(pick));
  // The two windows start this many samples (about as many iterations) apart.
  const samplesApart = samples.length - WINDOW - WARMUP;
  const heapKBPerSample =
    ((mean(end.map((s) => s.pageHeapMB)) - mean(start.map((s) => s.pageHeapMB))) * 1024) / samplesApart;
  const summary = [
    `${ITERATIONS} iterations in ${minutes.toFixed(1)} min`,
    `worker tensors: at most ${peak(start, (s) => s.tensors ?? 0)} after warm-up, ${peak(end, (s) => s.tensors ?? 0)} at the end`,
    `tf MB: ${peak(start, (s) => s.tfMB ?? 0).toFixed(2)} → ${peak(end, (s) => s.tfMB ?? 0).toFixed(2)}`,
    `WASM heap MB: ${peak(start, (s) => s.wasmHeapMB ?? 0).toFixed(1)} → ${peak(end, (s) => s.wasmHeapMB ?? 0).toFixed(1)}`,
    `page heap (after GC): ×${growth((s) => s.pageHeapMB).toFixed(3)} (last ${WINDOW} over iterations ` +
      `${WARMUP + 1}–${WARMUP + WINDOW}), ${heapKBPerSample.toFixed(0)} kB an iteration`,
    `page objects (after GC): ${mean(start.map((s) => s.pageObjects)).toFixed(0)} → ${mean(end.map((s) => s.pageObjects)).toFixed(0)}`,
    `longest main-thread task: ${peak(samples, (s) => s.longestTaskMs).toFixed(0)} ms; ` +
      `a trivial script waited at most ${peak(samples, (s) => s.roundTripMs).toFixed(0)} ms`,
  ].join("\n");
  await record("long-run", `${table(samples, "s/iter")}\n${summary}`, samples);

  expect(peak(end, (s) => s.tensors ?? 0)).toBeLessThanOrEqual(peak(start, (s) => s.tensors ?? 0));
  expect(peak(end, (s) => s.tfMB ?? 0)).toBeLessThanOrEqual(peak(start, (s) => s.tfMB ?? 0));
  expect(peak(end, (s) => s.wasmHeapMB ?? 0)).toBeLessThanOrEqual(peak(start, (s) => s.wasmHeapMB ?? 0));
  expect(growth((s) => s.pageHeapMB)).toBeLessThanOrEqual(LONG_RUN_HEAP_GROWTH);
  expect(peak(samples.slice(WARMUP), (s) => s.longestTaskMs)).toBeLessThan(LONGEST_TASK_MS);
});

/** Deletes the newest run from the list, so that what it kept in the page is let go. */
async function deleteNewestRun(page: Page): Promise<void> {
  const item = page.getByTestId("run-item").first();
  await item.getByTestId("run-delete").click();
  await item.getByTestId("run-delete-confirm").click();
  await expect(page.getByTestId("run-item")).toHaveCount(0);
}

test("@soak five runs stopped (and deleted) back to back leave nothing behind; the next run finishes", async ({
  page,
}) => {
  await recordLongTasks(page);
  await page.goto(`${QUICK}&pruningTimes=4&criteria=saliency&criteriaBatches=8`);
  const cdp = await page.context().newCDPSession(page);
  const samples: Sample[] = [{ label: "before", seconds: 0, ...(await samplePage(page, cdp, 0)) }];
  // A first whole run draws every chart and passes every phase: the baseline is after it.
  let since = await pageNow(page);
  await startRun(page);
  await expectStatus(page, "done", 120_000);
  await deleteNewestRun(page);
  samples.push({ label: "a whole run (baseline)", seconds: 0, ...(await samplePage(page, cdp, since)) });

  const stops: [string, number][] = [
    ["training the network", 2],
    ["refilling the structure", 2],
    ["testing the pruned network", 2],
    ["training the network", 3],
    ["refilling the structure", 3],
  ];
  for (const [words, iteration] of stops) {
    since = await pageNow(page);
    await startRun(page);
    await stopWhenShowing(page, words, iteration);
    const stoppedAt = Date.now();
    await expectStatus(page, "done", 60_000);
    const seconds = (Date.now() - stoppedAt) / 1000;
    await expect.poll(() => page.workers().filter(isTrainingWorker).length).toBe(0);
    await deleteNewestRun(page);
    const label = `stop while ${words.split(" ")[0]} in iteration ${iteration}`;
    samples.push({ label, seconds, ...(await samplePage(page, cdp, since)) });
  }
  since = await pageNow(page);
  await startRun(page);
  await expectStatus(page, "done", 120_000);
  await expect(page.getByTestId("run-item")).toHaveAttribute("data-status", "done");
  samples.push({ label: "then a whole run", seconds: 0, ...(await samplePage(page, cdp, since)) });

  const baseline = samples[1];
  const afterStops = samples[stops.length + 1];
  if (!baseline || !afterStops) throw new Error("missing samples");
  const heapGrowth = afterStops.pageHeapMB / baseline.pageHeapMB;
  const objectGrowth = afterStops.pageObjects / baseline.pageObjects;
  await record(
    "stops",
    `${table(samples, "stop s")}\nafter the 5th stop over the baseline: ` +
      `heap ×${heapGrowth.toFixed(3)}, objects ×${objectGrowth.toFixed(3)}`,
    samples,
  );
  expect(objectGrowth).toBeLessThanOrEqual(STOPS_OBJECT_GROWTH);
  expect(heapGrowth).toBeLessThanOrEqual(STOPS_HEAP_GROWTH);
});
