// Timing helpers: samples after warm-up, summarized as median, min and max. Machines here are
// shared and noisy, so every figure is a median and comparisons are ratios from one process.

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(samples: number[]): Spread {
  if (samples.length === 0) throw new Error("spread of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export interface Timing {
  /** Wall-clock milliseconds per run. */
  wall: Spread;
  /** Milliseconds of this process's CPU time per run: what the work cost when others share the cores. */
  cpu: Spread;
}

/** Runs `run` `warmup` times untimed, then `samples` times timed. */
export async function timeRuns(run: () => Promise<void>, warmup: number, samples: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < samples; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await run();
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: spread(wall), cpu: spread(cpu) };
}
