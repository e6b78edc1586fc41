// What pruning adds to training, on the reference ViT: the masked step with RSST's pull
// against a plain step, prune + refill, and the tensor count across steps.
import * as tf from "@tensorflow/tfjs";
import { DEFAULT_CONFIG } from "../src/core/config";
import { magnitudePrune, measureImportance, refill, rsstPullMask } from "../src/core/prune";
import type { Regularization } from "../src/core/train/step";
import type { GroupSet, MaskSet, Model } from "../src/core/types";
import { onesMasks } from "../src/core/weights";
import type { BenchRecord } from "./record";
import { BATCH_SIZE, createTrainingRig, type TrainingRig } from "./reference";
import { spread, type Timing, timeRuns } from "./stats";
import { rowFromTiming, trainingFlops } from "./training";

export interface PrunedState {
  masks: MaskSet;
  refill: MaskSet;
  pull: MaskSet;
}

function headSets(model: Model): GroupSet[] {
  return model.groupSets.filter((set) => set.kind === "head");
}

/** One pruning iteration of the default config: magnitude prune M, l1 importance, refill R. */
export function pruneAndRefill(rig: TrainingRig, masks: MaskSet): { masks: MaskSet; refill: MaskSet } {
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
  return { masks: pruned, refill: structure.refill };
}

function disposeState(state: PrunedState): void {
  for (const set of [state.masks, state.refill, state.pull]) tf.dispose(Object.values(set));
}

/** Alternates the two kinds of step so that drifting load hits both alike. */
async function interleaved(
  a: () => Promise<void>,
  b: () => Promise<void>,
  warmup: number,
  samples: number,
): Promise<[Timing, Timing]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const wall: [number[], number[]] = [[], []];
  const cpu: [number[], number[]] = [[], []];
  for (let i = 0; i < samples; i++) {
    for (const [k, run] of [a, b].entries()) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await run();
      wall[k]!.push(performance.now() - started);
      const used = process.cpuUsage(cpuBefore);
      cpu[k]!.push((used.user + used.system) / 1000);
    }
  }
  return [
    { wall: spread(wall[0]), cpu: spread(cpu[0]) },
    { wall: spread(wall[1]), cpu: spread(cpu[1]) },
  ];
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
  ceilingGflops: number,
  runs: { warmup: number; samples: number },
): Promise<OverheadReport> {
  const rig = createTrainingRig("vit");
  const initial = onesMasks(rig.model);
  const pruneTiming = await timeRuns(
    async () => {
      const { masks, refill: r } = pruneAndRefill(rig, initial);
      tf.dispose([...Object.values(masks), ...Object.values(r)]);
    },
    1,
    Math.max(3, Math.floor(runs.samples / 2)),
  );
  const { masks, refill: refillMasks } = pruneAndRefill(rig, initial);
  tf.dispose(Object.values(initial));
  const state: PrunedState = { masks, refill: refillMasks, pull: rsstPullMask(masks, refillMasks) };
  const regularization: Regularization = { lambda: DEFAULT_CONFIG.regGranularityPrune / 2, pull: state.pull };
  try {
    const [plain, pruned] = await interleaved(
      async () => {
        await rig.step({}, null);
      },
      async () => {
        await rig.step(state.masks, regularization);
      },
      runs.warmup,
      runs.samples,
    );
    const tensorDrift: number[] = [];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await rig.step(state.masks, regularization);
      tensorDrift.push(tf.memory().numTensors - before);
    }
    const flops = trainingFlops(rig.model);
    const masked = rowFromTiming("vit-tiny-train-masked-rsst", backend, pruned, flops, ceilingGflops);
    const maskingOverhead = pruned.wall.median / plain.wall.median - 1;
    masked.note = `masks + RSST pull vs a plain step interleaved with it (${plain.wall.median.toFixed(1)} ms): ${(100 * maskingOverhead).toFixed(1)}% (cpu ${(100 * (pruned.cpu.median / plain.cpu.median - 1)).toFixed(1)}%); numTensors drift over 3 steps: ${tensorDrift.join(", ")}`;
    const pruneRow: BenchRecord = {
      ...rowFromTiming("vit-tiny-prune-refill", backend, pruneTiming, 0, ceilingGflops, 0),
      note: `magnitude prune (${DEFAULT_CONFIG.rate}, ${DEFAULT_CONFIG.sortingMode}) + ${DEFAULT_CONFIG.criteria} importance on one batch of ${BATCH_SIZE} + head refill; target < 50 ms`,
    };
    return { records: [masked, pruneRow], maskingOverhead, tensorDrift };
  } finally {
    disposeState(state);
    rig.dispose();
  }
}
