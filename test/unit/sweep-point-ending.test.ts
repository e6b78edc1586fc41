// How a sweep point's run ended, read from the run slice: each status of the run, by hand.
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { compactFlopsOfLog } from "../../src/core/sweep";
import type { RunLog } from "../../src/core/types";
import { IDLE_RUN, type RunState } from "../../src/store/runState";
import { NO_FINAL_TICKET, pointEndingOf } from "../../src/store/sweepPointEnding";

const resolved = resolveConfig({
  arch: "vit",
  model: { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 },
  dataset: "synthetic",
});
if (!resolved.ok) throw new Error(resolved.errors.join("\n"));

const LOG: RunLog = {
  format: "pruning-lab.run",
  version: 1,
  config: resolved.config,
  env: { backend: "cpu", startedAt: "2026-01-01T00:00:00Z", datasetShape: "8x8x1", datasetClasses: 3 },
  model: { arch: "vit", prunableParams: 1, groups: [] },
  iterations: [],
  final: {
    testAcc: 0.625,
    sparsity: 0.375,
    testAccCut: 0.5,
    finalTrain: "rewind",
    epochs: [],
    aliveGroups: { head: 1, neuron: 8 },
  },
};
const run = (change: Partial<RunState>): RunState => ({ ...IDLE_RUN, ...change });

describe("a sweep point's ending", () => {
  it("is not there while the run is idle, running or paused, whatever its log holds", () => {
    for (const status of ["idle", "running", "paused"] as const) {
      expect(pointEndingOf(run({ status, log: LOG }))).toBeNull();
      expect(pointEndingOf(run({ status, stopped: true }))).toBeNull();
    }
  });

  it("is cancelled when the user stopped the run, even with a final ticket", () => {
    expect(pointEndingOf(run({ status: "done", stopped: true, log: LOG }))).toEqual({ status: "cancelled" });
    expect(pointEndingOf(run({ status: "error", stopped: true }))).toEqual({ status: "cancelled" });
  });

  it("is done with the final ticket's accuracy, sparsity and compacted FLOPs", () => {
    // One block of 2 heads and 16 neurons, 1 head and 8 neurons alive: the log can tell the FLOPs.
    const flops = compactFlopsOfLog(LOG);
    expect(flops).toBeGreaterThan(0);
    expect(pointEndingOf(run({ status: "done", log: LOG }))).toEqual({
      status: "done",
      testAcc: 0.625,
      sparsity: 0.375,
      compactFlops: flops,
    });
  });

  it("failed with the run's message, or with no final ticket when done without one", () => {
    expect(pointEndingOf(run({ status: "error", errorMessage: "the loss diverged", log: LOG }))).toEqual({
      status: "failed",
      error: "the loss diverged",
    });
    const withoutFinal: RunLog = { ...LOG, final: null };
    expect(pointEndingOf(run({ status: "done", log: withoutFinal }))).toEqual({
      status: "failed",
      error: NO_FINAL_TICKET,
    });
    expect(NO_FINAL_TICKET).toBe("the run ended without a final ticket");
    expect(pointEndingOf(run({ status: "error" }))).toEqual({ status: "failed", error: NO_FINAL_TICKET });
    expect(pointEndingOf(run({ status: "done", log: null }))).toEqual({
      status: "failed",
      error: NO_FINAL_TICKET,
    });
  });
});
