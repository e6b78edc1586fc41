// What pruning adds to training, on the reference ViT: the masked step with RSST's pull
// against a plain step, prune + refill, and the tensor count across steps.
import * as tf from "@tensorflow/tfjs";
import { DEFAULT_CONFIG } from "../src/core/config";
import { magnitudePrune, measureImportance, refill, rsstPullMask } from "../src/core/prune";
import type { Regularization } from "../src/core/train/step";
import type { GroupSet, MaskSet, Model } from "../src/core/types";
import { onesMasks } from "../src/core/weights";
import type { MatMulProbe } from "./ceiling";
import type { BenchRecord } from "./record";
import { BATCH_SIZE, createTrainingRig, type TrainingRig } from "./reference";
import { interleaved, timeRuns } from "./stats";
import { rowFromTiming, trainingFlops } from "./training";

export interface PrunedState {
  masks: MaskSet;
  structureMask: MaskSet;
  pull: MaskSet;
}

function headSets(model: Model): GroupSet[] {
  return model.groupSets.filter((set) => set.kind === "head");
}

/** One pruning iteration of the default config: magnitude prune M, l1 importance, refill R. */
export function pruneAndRefill(rig: TrainingRig, masks: MaskSet): { masks: MaskSet; structureMask: MaskSet } {
  const { model } = rig;
  const weights = Object.fromEntries(model.prunable.map((name) => [name, model.params[name]!]));
  const pruned = magnitudePrune(weights, masks, DEFAULT_CONFIG.rate, DEFAULT_CONFIG.sortingMode);
  const batch = rig.batcher.testBatch(0, BATCH_SIZE);
  const importance = measureImportance(model, pruned, headSets(model), DEFAULT_CONFIG.criteria, [batch]);
  tf.dispose([batch.x, batch.y]);
  const structure = refill(pruned, headSets(model), importance, {
    rate: DEFAULT_CONFIG.rate,
    fillbackRate: DEFAULT_CONFIG.fillbackRate,
    headBudget: DEFAULT_CONFIG.headBudget,
  });
  return { masks: pruned, structureMask: structure.structureMask };
}

function disposeState(state: PrunedState): void {
  for (const set of [state.masks, state.structureMask, state.pull]) tf.dispose(Object.values(set));
}

export interface OverheadReport {
  records: BenchRecord[];
  /** Median masked+RSST step / median plain step − 1. */
  maskingOverhead: number;
  /** numTensors after each measured step minus before the first; all zeros when nothing leaks. */
  tensorDrift: number[];
}

export async function benchOverheads(
  backend: string,
  probe: MatMulProbe,
  runs: { warmup: number; samples: number },
): Promise<OverheadReport> {
  const rig = createTrainingRig("vit");
  const initial = onesMasks(rig.model);
  const pruneTiming = await timeRuns(
    async () => {
      const { masks, structureMask } = pruneAndRefill(rig, initial);
      tf.dispose([...Object.values(masks), ...Object.values(structureMask)]);
    },
    1,
    Math.max(3, Math.floor(runs.samples / 2)),
  );
  const { masks, structureMask } = pruneAndRefill(rig, initial);
  tf.dispose(Object.values(initial));
  const state: PrunedState = { masks, structureMask, pull: rsstPullMask(masks, structureMask) };
  const regularization: Regularization = { lambda: DEFAULT_CONFIG.regGranularityPrune / 2, pull: state.pull };
  try {
    const [plain, pruned, products] = await interleaved(
      [
        async () => {
          await rig.step({}, null);
        },
        async () => {
          await rig.step(state.masks, regularization);
        },
        probe.run,
      ],
      runs.warmup,
      runs.samples,
    );
    if (plain === undefined || pruned === undefined || products === undefined)
      throw new Error("missing timings");
    const ceilingGflops = probe.gflops(products.wall.median);
    const tensorDrift: number[] = [];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await rig.step(state.masks, regularization);
      tensorDrift.push(tf.memory().numTensors - before);
    }
    const flops = trainingFlops(rig.model);
    const masked = rowFromTiming("vit-tiny-train-masked-rsst", backend, pruned, flops, ceilingGflops);
    const maskingOverhead = pruned.wall.median / plain.wall.median - 1;
    const percent = (ratio: number) => `${(100 * (ratio - 1)).toFixed(1)}%`;
    masked.note =
      `masks + RSST pull vs a plain step interleaved with it (${plain.wall.median.toFixed(1)} ms): ` +
      `${percent(pruned.wall.median / plain.wall.median)} (cpu ${percent(pruned.cpu.median / plain.cpu.median)}, ` +
      `best-of ${percent(pruned.wall.min / plain.wall.min)}); target ≤ 10%; numTensors drift over 3 steps: ${tensorDrift.join(", ")}`;
    const pruneRow: BenchRecord = {
      ...rowFromTiming("vit-tiny-prune-refill", backend, pruneTiming, 0, 0, 0),
      note: `magnitude prune (${DEFAULT_CONFIG.rate}, ${DEFAULT_CONFIG.sortingMode}) + ${DEFAULT_CONFIG.criteria} importance on one batch of ${BATCH_SIZE} + head refill; target < 50 ms`,
    };
    return { records: [masked, pruneRow], maskingOverhead, tensorDrift };
  } finally {
    disposeState(state);
    rig.dispose();
  }
}
