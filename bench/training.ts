// ms per training step of a reference model, and what that achieves against the ceiling.
import type { Model } from "../src/core/types";
import { createMatMulProbe } from "./ceiling";
import { countKernels } from "./kernels";
import type { BenchRecord } from "./record";
import { BATCH_SIZE, createTrainingRig, type ReferenceArch } from "./reference";
import { interleaved, type Timing } from "./stats";

/** The training rows every backend reports: the reference ViT's step and the ResNet's. */
export const TRAINING_ROWS = [
  ["vit", "vit-tiny-train"],
  ["resnet", "resnet-train"],
] as const satisfies ReadonlyArray<readonly [ReferenceArch, string]>;

/** Forward and backward of a step cost about three forward passes (two matMuls per forward one). */
export function trainingFlops(model: Model): number {
  return 3 * model.flopsPerSample * BATCH_SIZE;
}

export function rowFromTiming(
  name: string,
  backend: string,
  timing: Timing,
  flops: number,
  ceilingGflops: number,
  samples = BATCH_SIZE,
): BenchRecord {
  const ms = timing.wall.median;
  return {
    name,
    backend,
    msPerStep: timing.wall,
    samplesPerSec: (samples * 1000) / ms,
    gflops: flops / (ms * 1e6),
    ceilingGflops,
    ...(Number.isNaN(timing.cpu.median) ? {} : { cpuMsPerStep: timing.cpu.median }),
  };
}

/**
 * ms per training step; the ceiling is sampled between the steps (one product after each), so
 * that load from other processes weighs on both alike.
 */
export async function benchTraining(
  arch: ReferenceArch,
  name: string,
  backend: string,
  ceilingSize: number,
  runs: { warmup: number; samples: number },
): Promise<BenchRecord> {
  const rig = createTrainingRig(arch);
  const probe = createMatMulProbe(ceilingSize);
  const step = async () => {
    await rig.step({}, null);
  };
  try {
    const [steps, products] = await interleaved([step, probe.run], runs.warmup, runs.samples);
    if (steps === undefined || products === undefined)
      throw new Error("interleaved returned too few timings");
    const row = rowFromTiming(
      name,
      backend,
      steps,
      trainingFlops(rig.model),
      probe.gflops(products.wall.median),
    );
    const bestOf = trainingFlops(rig.model) / (steps.wall.min * 1e6) / probe.gflops(products.wall.min);
    const counted = await countKernels(step);
    row.kernelsPerStep = counted.kernels;
    if (counted.dispatches !== undefined) row.dispatchesPerStep = counted.dispatches;
    row.note = `best of ${runs.samples}: ${steps.wall.min.toFixed(1)} ms per step, ${(100 * bestOf).toFixed(0)}% of the best product's ${probe.gflops(products.wall.min).toFixed(1)} GFLOP/s`;
    return row;
  } finally {
    probe.dispose();
    rig.dispose();
  }
}
