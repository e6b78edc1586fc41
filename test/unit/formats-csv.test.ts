import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import { epochTableCsv } from "../../src/core/io/csv";
import type { EpochRecord, IterationRecord, RunLog } from "../../src/core/types";

function iteration(
  index: number,
  epochs: EpochRecord[],
  outcome: { sparsity: number; trained: number; un: number; cut: number; st: number },
): IterationRecord {
  return {
    index,
    epochs,
    sparsity: { overall: outcome.sparsity, layers: {} },
    trainedSparsity: outcome.trained,
    structuredSparsity: outcome.cut,
    testAccUnstructured: outcome.un,
    testAccStructured: outcome.st,
    groups: {},
    durationMs: 1,
  };
}

const log: RunLog = {
  format: "pruning-lab.run",
  version: 1,
  config: DEFAULT_CONFIG,
  env: { backend: "cpu", startedAt: "2025-01-01T00:00:00Z" },
  model: { arch: "vit", prunableParams: 10, groups: [] },
  iterations: [
    iteration(
      0,
      [
        { epoch: 0, trainLoss: 2.25, trainAcc: 0.125, testAcc: 0.1, lambda: 0 },
        { epoch: 1, trainLoss: 1.5, trainAcc: 0.5, testAcc: 0.45, lambda: 0 },
      ],
      { sparsity: 0.2, trained: 0, un: 0.45, cut: 0.25, st: 0.4 },
    ),
    iteration(1, [{ epoch: 0, trainLoss: 0.75, trainAcc: 0.875, testAcc: 0.8, lambda: 0.0625 }], {
      sparsity: 0.36,
      trained: 0.2,
      un: 0.8,
      cut: 0.5,
      st: 0.79,
    }),
  ],
  final: null,
};

describe("epochTableCsv", () => {
  it("writes one row per (iteration, epoch) with the iteration's outcome on each", () => {
    expect(epochTableCsv(log)).toBe(
      [
        "iteration,epoch,trainLoss,trainAcc,testAcc,lambda,sparsity,trainedSparsity,testAccUnstructured,structuredSparsity,testAccStructured",
        "0,0,2.25,0.125,0.1,0,0.2,0,0.45,0.25,0.4",
        "0,1,1.5,0.5,0.45,0,0.2,0,0.45,0.25,0.4",
        "1,0,0.75,0.875,0.8,0.0625,0.36,0.2,0.8,0.5,0.79",
        "",
      ].join("\n"),
    );
  });

  it("writes only the header for a run without epochs", () => {
    expect(epochTableCsv({ ...log, iterations: [] })).toBe(
      "iteration,epoch,trainLoss,trainAcc,testAcc,lambda,sparsity,trainedSparsity,testAccUnstructured,structuredSparsity,testAccStructured\n",
    );
  });

  it("adds the final ticket's epochs, at the final mask's sparsity", () => {
    const final = {
      testAcc: 0.83,
      sparsity: 0.5,
      testAccCut: 0.6,
      finalTrain: "rewind" as const,
      epochs: [{ epoch: 0, trainLoss: 0.5, trainAcc: 0.9, testAcc: 0.83, lambda: 0 }],
      aliveGroups: {},
    };
    expect(epochTableCsv({ ...log, iterations: [], final }).split("\n")[1]).toBe(
      "final,0,0.5,0.9,0.83,0,0.5,0.5,0.83,,",
    );
  });
});
