// ms per training step of a reference model, and what that achieves against the ceiling.
import type { Model } from "../src/core/types";
import type { BenchRecord } from "./record";
import { BATCH_SIZE, createTrainingRig, type ReferenceArch } from "./reference";
import { type Timing, timeRuns } from "./stats";

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
    cpuMsPerStep: timing.cpu.median,
  };
}

export async function benchTraining(
  arch: ReferenceArch,
  name: string,
  backend: string,
  ceilingGflops: number,
  runs: { warmup: number; samples: number },
): Promise<BenchRecord> {
  const rig = createTrainingRig(arch);
  try {
    const timing = await timeRuns(
      async () => {
        await rig.step({}, null);
      },
      runs.warmup,
      runs.samples,
    );
    return rowFromTiming(name, backend, timing, trainingFlops(rig.model), ceilingGflops);
  } finally {
    rig.dispose();
  }
}
