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
  /**
   * Milliseconds of this process's CPU time per run: what the work cost when others share the
   * cores. NaN in a browser, which has no such clock.
   */
  cpu: Spread;
}

export interface Sample {
  wall: number;
  cpu: number;
}

/** This process's CPU milliseconds so far; NaN where there is no such clock (a browser). */
function cpuMs(): number {
  if (typeof process === "undefined" || typeof process.cpuUsage !== "function") return Number.NaN;
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** Wall and CPU milliseconds of one run. */
export async function measure(run: () => Promise<void>): Promise<Sample> {
  const cpuBefore = cpuMs();
  const started = performance.now();
  await run();
  const wall = performance.now() - started;
  return { wall, cpu: cpuMs() - cpuBefore };
}

export function summarize(samples: Sample[]): Timing {
  return { wall: spread(samples.map((s) => s.wall)), cpu: spread(samples.map((s) => s.cpu)) };
}

/** Runs `run` `warmup` times untimed, then `samples` times timed. */
export async function timeRuns(run: () => Promise<void>, warmup: number, samples: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await run();
  const timed: Sample[] = [];
  for (let i = 0; i < samples; i++) timed.push(await measure(run));
  return summarize(timed);
}

/**
 * Runs each of `runs` in turn, `samples` rounds after `warmup` untimed ones, so that drifting
 * load from other processes weighs on all of them alike. One Timing per run.
 */
export async function interleaved(
  runs: Array<() => Promise<void>>,
  warmup: number,
  samples: number,
): Promise<Timing[]> {
  for (let i = 0; i < warmup; i++) for (const run of runs) await run();
  const timed: Sample[][] = runs.map(() => []);
  for (let i = 0; i < samples; i++) {
    for (const [k, run] of runs.entries()) timed[k]!.push(await measure(run));
  }
  return timed.map(summarize);
}
