// npm run bench [-- --quick] [-- --backends wasm,cpu,chromium-wasm,…] [-- --torch PYTHON]: the reference training
// steps on the Node backends and in Chromium, each against the same backend's large-matMul
// speed, plus what pruning adds and what compaction saves (Node WASM), the app's time to
// first insight and a tiny CLI sweep's points per hour (cli-sweep: not with --quick unless
// named in --backends). Prints a table and writes bench/results.json.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { DEFAULT_CONFIG } from "../src/core/config";
import { errorMessage } from "../src/core/errorMessage";
import "@tensorflow/tfjs-backend-wasm";
import { benchAblation } from "./ablation";
import type { BenchFailure } from "./browser/protocol";
import { createMatMulProbe } from "./ceiling";
import { benchChromium, CHROMIUM_BACKENDS, type ChromiumBackend, isChromiumBackend } from "./chromium";
import { benchCompaction } from "./compaction";
import { benchFirstInsight } from "./firstInsight";
import { benchOverheads } from "./overheads";
import { benchTorch, COMPANION_PYTHON, findTorchPython, torchRecords, withTorchRatios } from "./pytorch";
import { type BenchRecord, formatTable } from "./record";
import { BATCH_SIZE, type ReferenceArch } from "./reference";
import { benchSweeps, SWEEP_ROWS } from "./sweeps";
import { formatTargets } from "./targets";
import { benchTraining, TRAINING_ROWS } from "./training";

/** The lab evaluates the test set in batches of at least 256. */
const EVALUATION_BATCH = 256;

interface Plan {
  /** Side of the square matMul whose speed is the ceiling (sampled between the measured runs). */
  ceilingSize: number;
  train: { warmup: number; samples: number };
  /** Overheads and compaction too (WASM: the CPU backend is too slow to sample them well). */
  extras: boolean;
}

function planFor(backend: string, quick: boolean): Plan {
  if (backend === "cpu") return { ceilingSize: 512, train: { warmup: 1, samples: 2 }, extras: false };
  const train = quick ? { warmup: 3, samples: 10 } : { warmup: 5, samples: 30 };
  return { ceilingSize: 1024, train, extras: true };
}

/** Times PyTorch's step of one arch; called right after the lab's row of that arch. */
type Anchor = (arch: ReferenceArch) => Promise<BenchRecord[]>;

function rowNameOf(arch: ReferenceArch): string {
  return TRAINING_ROWS.find(([a]) => a === arch)![1];
}

function createAnchor(python: string, quick: boolean, log: (line: string) => void): Anchor {
  return async (arch) => {
    const report = await benchTorch(python, arch, DEFAULT_CONFIG.optimizer, quick);
    const rows = torchRecords(report, rowNameOf);
    for (const row of rows) log(`${row.backend}: ${row.name} ${row.msPerStep.median.toFixed(1)} ms`);
    return rows;
  };
}

async function benchBackend(
  backend: string,
  quick: boolean,
  log: (line: string) => void,
  anchor: Anchor | null,
): Promise<BenchRecord[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialize`);
  await tf.ready();
  const plan = planFor(backend, quick);
  const records: BenchRecord[] = [];
  for (const [arch, name] of TRAINING_ROWS) {
    const row = await benchTraining(arch, name, backend, plan.ceilingSize, plan.train);
    records.push(row);
    log(
      `${backend}: ${name} ${row.msPerStep.median.toFixed(1)} ms, ${row.gflops.toFixed(2)} of ${row.ceilingGflops.toFixed(1)} GFLOP/s, ${row.kernelsPerStep} kernels`,
    );
    if (anchor !== null) records.push(...(await anchor(arch)));
  }
  if (plan.extras) {
    const probe = createMatMulProbe(plan.ceilingSize);
    const overheads = await benchOverheads(backend, probe, {
      ...plan.train,
      samples: 2 * plan.train.samples,
    });
    records.push(...overheads.records);
    log(`${backend}: masking + RSST overhead ${(100 * overheads.maskingOverhead).toFixed(1)}%`);
    const vitStep = records.find((record) => record.name === "vit-tiny-train")!.msPerStep.median;
    const ablation = await benchAblation(backend, vitStep, plan.train);
    records.push(ablation.record);
    log(`${backend}: ablation + attention ${(100 * ablation.shareOfIteration).toFixed(1)}% of an iteration`);
    const inference = { warmup: plan.train.warmup, samples: 2 * plan.train.samples };
    for (const [arch, batch] of [
      ["vit", BATCH_SIZE],
      ["vit", EVALUATION_BATCH],
      ["resnet", BATCH_SIZE],
    ] as const) {
      const compaction = await benchCompaction(arch, backend, probe, inference, batch);
      records.push(...compaction.records);
      log(
        `${backend}: ${arch} batch ${batch} compacted inference ×${compaction.speedup.toFixed(2)} faster than masked`,
      );
    }
  }
  return records;
}

const NODE_BACKENDS = ["wasm", "cpu"];
/** The whole app in Chromium on WASM: time to the first heatmap and to done (issue 18). */
const APP_ROW = "chromium-app";
const ALL_BACKENDS = [...NODE_BACKENDS, ...Object.keys(CHROMIUM_BACKENDS), APP_ROW, SWEEP_ROWS];

function parseBackends(list: string): { node: string[]; chromium: ChromiumBackend[] } {
  const names = list.split(",").filter(Boolean);
  const unknown = names.filter((name) => !ALL_BACKENDS.includes(name));
  if (unknown.length > 0) {
    throw new Error(`unknown backend ${unknown.join(", ")}: --backends takes ${ALL_BACKENDS.join(", ")}`);
  }
  return {
    node: names.filter((name) => NODE_BACKENDS.includes(name)),
    chromium: names.filter(isChromiumBackend),
  };
}

/** What the threads of the isolated page gain on the reference ViT, when both were run. */
function threadsSpeedup(records: BenchRecord[]): string | null {
  const step = (backend: string) =>
    records.find((r) => r.name === "vit-tiny-train" && r.backend === backend)?.msPerStep.median;
  const threaded = step("chromium-wasm");
  const single = step("chromium-wasm-unisolated");
  if (threaded === undefined || single === undefined) return null;
  return `Chromium WASM, vit-tiny-train: cross-origin isolated (threads + SIMD) ×${(single / threaded).toFixed(2)} the speed of not isolated (SIMD only)`;
}

function formatFailures(failures: BenchFailure[]): string[] {
  return failures.map((f) => `not measured: ${f.name} (${f.backend}): ${f.reason}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      backends: { type: "string" },
      out: { type: "string", default: new URL("./results.json", import.meta.url).pathname },
      torch: { type: "string" },
    },
  });
  const quick = values.quick ?? false;
  const requested = (values.backends ?? ALL_BACKENDS.join(",")).split(",");
  const backends = parseBackends(requested.join(","));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const records: BenchRecord[] = [];
  const failures: BenchFailure[] = [];
  const python = await findTorchPython(values.torch);
  if (python === null) log(`no PyTorch anchor: no torch in ${COMPANION_PYTHON} (give --torch PYTHON)`);
  // The anchor's rows sit beside the first Node backend's (WASM by default), arch by arch.
  let anchor = python === null ? null : createAnchor(python, quick, log);
  for (const backend of backends.node) {
    records.push(...(await benchBackend(backend, quick, log, anchor)));
    anchor = null;
  }
  if (backends.chromium.length > 0) {
    try {
      const chromium = await benchChromium(backends.chromium, quick, log);
      records.push(...chromium.records);
      failures.push(...chromium.failures);
    } catch (error) {
      // No browser (or it would not start): keep the Node rows already measured.
      const reason = errorMessage(error);
      failures.push({ name: "every row", backend: backends.chromium.join(", "), reason });
    }
  }
  if (requested.includes(APP_ROW)) {
    try {
      records.push(...(await benchFirstInsight(log)));
    } catch (error) {
      failures.push({ name: "time to first insight", backend: APP_ROW, reason: errorMessage(error) });
    }
  }
  // A few minutes of child processes: in the full bench, or in --quick when asked for by name.
  if (requested.includes(SWEEP_ROWS) && !(quick && values.backends === undefined)) {
    try {
      records.push(...(await benchSweeps(log)));
    } catch (error) {
      failures.push({ name: "sweep points per hour", backend: SWEEP_ROWS, reason: errorMessage(error) });
    }
  }
  const rated = withTorchRatios(records);
  writeFileSync(values.out ?? "bench/results.json", `${JSON.stringify(rated, null, 2)}\n`);
  const summary = [threadsSpeedup(rated), ...formatFailures(failures)].filter((line) => line !== null);
  process.stdout.write(`${[formatTable(rated), ...formatTargets(rated), ...summary].join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
