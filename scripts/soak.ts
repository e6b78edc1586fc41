// Soak test (issue 7, "Load"): one long run of the tiny-vit-synthetic preset and five runs
// stopped back to back, one in each phase, on the WASM backend, with the tensors and the
// process memory sampled after every iteration and every stop. Exits 1 if memory grew.
//
//   npx tsx scripts/soak.ts [--iterations 50]
//   NODE_OPTIONS=--expose-gc npx tsx scripts/soak.ts   (collects garbage before each sample)
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { resolveConfig } from "../src/core/config";
import { RunControl } from "../src/core/control";
import { prepareDataset } from "../src/core/data/prepare";
import { runExperiment } from "../src/core/experiment";
import { presetConfig } from "../src/core/presets";
import type { ExperimentConfig, Phase } from "../src/core/types";

const PRESET = "tiny-vit-synthetic";
/** Iterations before the figures are taken as the baseline (allocator and JIT warm-up). */
const WARMUP = 5;
/** Samples averaged at the start and at the end of the long run. */
const WINDOW = 10;
const ALLOWED_GROWTH = 1.1;
const PHASES: Phase[] = ["training", "pruning", "refilling", "evaluating", "rewinding"];

interface Sample {
  label: string;
  seconds: number;
  numTensors: number;
  tfBytes: number;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

type Metric = Exclude<keyof Sample, "label" | "seconds">;
const METRICS: Metric[] = ["numTensors", "tfBytes", "rss", "heapUsed", "external", "arrayBuffers"];

const collectGarbage = (globalThis as { gc?: () => void }).gc;

function sample(label: string, seconds: number): Sample {
  collectGarbage?.();
  const memory = process.memoryUsage();
  const { numTensors, numBytes } = tf.memory();
  return {
    label,
    seconds,
    numTensors,
    tfBytes: numBytes,
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
  };
}

function presetWith(overrides: Record<string, unknown>): ExperimentConfig {
  const resolved = resolveConfig({ ...presetConfig(PRESET), ...overrides });
  if (!resolved.ok) throw new Error(resolved.errors.map((error) => error.message).join("; "));
  return resolved.config;
}

async function longRun(iterations: number): Promise<Sample[]> {
  const config = presetWith({ pruningTimes: iterations });
  const dataset = prepareDataset(config, {});
  const samples: Sample[] = [];
  let last = performance.now();
  const log = await runExperiment(config, dataset, {
    onEvent: (event) => {
      if (event.type !== "iteration") return;
      const now = performance.now();
      samples.push(sample(`iteration ${event.record.index}`, (now - last) / 1000));
      last = now;
    },
  });
  const final = log.final;
  console.log(
    `long run: ${log.iterations.length} iterations, final sparsity ${final?.sparsity.toFixed(3)}, ` +
      `test accuracy ${final?.testAcc.toFixed(3)}`,
  );
  return samples;
}

/** Starts a run and stops it when `phase` of iteration 1 begins; the sample's time is the stop's latency. */
async function stoppedRun(phase: Phase): Promise<Sample> {
  const config = presetWith({});
  const dataset = prepareDataset(config, {});
  const control = new RunControl();
  let cancelledAt = 0;
  const log = await runExperiment(config, dataset, {
    control,
    onEvent: (event) => {
      if (event.type === "phase" && event.iteration === 1 && event.phase === phase) {
        cancelledAt = performance.now();
        control.cancel();
      }
    },
  });
  const latency = (performance.now() - cancelledAt) / 1000;
  return sample(`stop in ${phase} (kept ${log.iterations.length})`, latency);
}

function table(samples: Sample[], secondsHeader: string): string {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  const header = ["", secondsHeader, "tensors", "tf MB", "rss MB", "heap MB", "external MB", "arrayBuf MB"];
  const rows = samples.map((s) => [
    s.label,
    s.seconds.toFixed(2),
    String(s.numTensors),
    mb(s.tfBytes),
    mb(s.rss),
    mb(s.heapUsed),
    mb(s.external),
    mb(s.arrayBuffers),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padStart(widths[column]!)).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** End-of-run mean over the mean just after warm-up, per metric. */
function growth(samples: Sample[]): Record<Metric, number> {
  const start = samples.slice(WARMUP, WARMUP + WINDOW);
  const end = samples.slice(-WINDOW);
  return Object.fromEntries(
    METRICS.map((metric) => [metric, mean(end.map((s) => s[metric])) / mean(start.map((s) => s[metric]))]),
  ) as Record<Metric, number>;
}

function iterationsArgument(): number {
  const at = process.argv.indexOf("--iterations");
  const value = at >= 0 ? Number(process.argv[at + 1]) : 50;
  if (!Number.isInteger(value) || value < WARMUP + WINDOW) {
    throw new Error(`--iterations: must be an integer of at least ${WARMUP + WINDOW}`);
  }
  return value;
}

async function main(): Promise<number> {
  const iterations = iterationsArgument();
  if (!(await tf.setBackend("wasm"))) throw new Error("the WASM backend did not initialize");
  await tf.ready();
  console.log(
    `soak: ${PRESET} on ${tf.getBackend()}, garbage collected before samples: ${Boolean(collectGarbage)}`,
  );
  const before = sample("before", 0);

  const started = performance.now();
  const samples = await longRun(iterations);
  console.log(table([before, ...samples], "s/iter"));
  console.log(`long run took ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const stops: Sample[] = [];
  for (const phase of PHASES) stops.push(await stoppedRun(phase));
  console.log(`\nfive runs stopped back to back (time: from cancel() to the run's promise settling)`);
  console.log(table([before, ...stops], "stop s"));

  const ratios = growth(samples);
  const afterWarmup = samples.slice(WARMUP);
  const tensorsSteady = afterWarmup.every((s) => s.numTensors === afterWarmup[0]!.numTensors);
  const stopsClean = stops.every((s) => s.numTensors === before.numTensors && s.tfBytes === before.tfBytes);
  const flat = METRICS.every((metric) => ratios[metric] <= ALLOWED_GROWTH);
  console.log(
    `\nlast ${WINDOW} iterations over iterations ${WARMUP}–${WARMUP + WINDOW - 1} (flat: ≤ ${ALLOWED_GROWTH}×):`,
  );
  for (const metric of METRICS) console.log(`  ${metric.padEnd(12)} ${ratios[metric].toFixed(3)}×`);
  console.log(`tensors constant after warm-up: ${tensorsSteady}`);
  console.log(`every stopped run returned to the tensors and bytes held before the soak: ${stopsClean}`);
  console.log(`memory flat: ${flat && tensorsSteady && stopsClean ? "yes" : "NO"}`);
  return flat && tensorsSteady && stopsClean ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
