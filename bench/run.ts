// npm run bench [-- --quick] [-- --backends wasm,cpu]: the reference training steps on the Node
// backends, against each backend's own large-matMul speed, plus what pruning adds and what
// compaction saves (WASM). Prints a table and writes bench/results.json.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { createMatMulProbe } from "./ceiling";
import { benchCompaction } from "./compaction";
import { benchOverheads } from "./overheads";
import { type BenchRecord, formatTable } from "./record";
import { BATCH_SIZE } from "./reference";
import { benchTraining } from "./training";

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

async function benchBackend(
  backend: string,
  quick: boolean,
  log: (line: string) => void,
): Promise<BenchRecord[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not initialize`);
  await tf.ready();
  const plan = planFor(backend, quick);
  const records: BenchRecord[] = [];
  for (const [arch, name] of [
    ["vit", "vit-tiny-train"],
    ["resnet", "resnet-train"],
  ] as const) {
    const row = await benchTraining(arch, name, backend, plan.ceilingSize, plan.train);
    records.push(row);
    log(
      `${backend}: ${name} ${row.msPerStep.median.toFixed(1)} ms, ${row.gflops.toFixed(2)} of ${row.ceilingGflops.toFixed(1)} GFLOP/s`,
    );
  }
  if (plan.extras) {
    const probe = createMatMulProbe(plan.ceilingSize);
    const overheads = await benchOverheads(backend, probe, {
      ...plan.train,
      samples: 2 * plan.train.samples,
    });
    records.push(...overheads.records);
    log(`${backend}: masking + RSST overhead ${(100 * overheads.maskingOverhead).toFixed(1)}%`);
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      backends: { type: "string", default: "wasm,cpu" },
      out: { type: "string", default: new URL("./results.json", import.meta.url).pathname },
    },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const records: BenchRecord[] = [];
  for (const backend of (values.backends ?? "").split(",").filter(Boolean)) {
    records.push(...(await benchBackend(backend, values.quick ?? false, log)));
  }
  writeFileSync(values.out ?? "bench/results.json", `${JSON.stringify(records, null, 2)}\n`);
  process.stdout.write(`${formatTable(records)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
