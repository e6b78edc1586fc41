// A fake experiment for the sweep store's tests: its runs end when the test says, and it records
// which of its controls the store called.
import { type PointEnding, queuedSweep, resolveSweepPoints, type SweepRecord } from "../../src/core/sweep";
import type { StartedPoint, SweepExperimentPort } from "../../src/store/sweepStore";

const spec = { base: { preset: "tiny-vit-synthetic" }, axes: { seed: [1, 2] } };
const resolved = resolveSweepPoints(spec);
if (!resolved.ok) throw new Error(resolved.errors.join("\n"));

/** A queued sweep of two points (seeds 1 and 2). */
export const sweepOf = (id: string, createdAt: string): SweepRecord =>
  queuedSweep(id, `Sweep ${id}`, createdAt, spec, resolved.points);

export const done: PointEnding = { status: "done", testAcc: 0.5, sparsity: 0.3 };

/**
 * available: whether start may begin a run (false: another run is active).
 * resumeCut: how a cut run resumes (default: it cannot).
 */
export function fakeExperiment(
  options: { available?: () => boolean; resumeCut?: (runId: string) => Promise<StartedPoint | null> } = {},
) {
  const runs: { seed: number; end: (ending: PointEnding) => void }[] = [];
  const calls: string[] = [];
  const port: SweepExperimentPort = {
    start(config) {
      if (options.available && !options.available()) return null;
      let end: (ending: PointEnding) => void = () => undefined;
      const ended = new Promise<PointEnding>((resolve) => {
        end = resolve;
      });
      runs.push({ seed: config.seed, end });
      return { runId: `run-${runs.length}`, ended };
    },
    resumeCut: options.resumeCut ?? (async () => null),
    pause: () => calls.push("pause"),
    resume: () => calls.push("resume"),
    stop: () => calls.push("stop"),
    tag: async (runId, sweep) => {
      calls.push(`tag ${runId} ${sweep.id}`);
    },
  };
  return { port, runs, calls };
}
