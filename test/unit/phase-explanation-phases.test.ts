// Step mode's words for every phase phase-explanation.test.ts does not read: training without
// an epoch record, refilling, evaluating, rewinding without a record or from scratch, the final
// ticket at each of its moments, and the weakest group set with one, no or several weak groups.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import type { GroupRecord, IterationRecord, RunLog } from "../../src/core/types";
import { explainPhase, type PhaseMoment } from "../../src/store/views/phaseExplanation";

const head = (density: number[]): GroupRecord => ({
  kind: "head",
  importance: [],
  alive: density.map(() => true),
  density,
});

function iteration(index: number, groups: Record<string, GroupRecord>): IterationRecord {
  return {
    index,
    epochs: [],
    sparsity: { overall: 0.5, layers: {} },
    trainedSparsity: 0.2,
    structuredSparsity: 0.6,
    testAccUnstructured: 0.8123,
    testAccStructured: 0.5,
    groups,
    durationMs: 1,
  };
}

function logOf(iterations: IterationRecord[], final: RunLog["final"] = null): RunLog {
  return {
    format: "pruning-lab.run",
    version: 1,
    config: {
      ...DEFAULT_CONFIG,
      epochs: 3,
      finalEpochs: 4,
      trainSize: 1200,
      rate: 0.3,
      criteria: "saliency",
    },
    env: { backend: "wasm", startedAt: "2026-12-03T00:00:00.000Z" },
    model: { arch: "vit", prunableParams: 10_000, groups: [] },
    iterations,
    final,
  };
}

const at = (phase: PhaseMoment["phase"], iterationIndex: number, epoch: PhaseMoment["epoch"] = null) => ({
  phase,
  iteration: iterationIndex,
  epoch,
  epochIndex: 1,
});

describe("explainPhase, phase by phase", () => {
  it("training without an epoch record: the epoch in progress, 1-based, and every weight alive at first", () => {
    expect(explainPhase(logOf([]), at("training", 0))).toEqual({
      text: "Training finished epoch 2 of 3, updating the 10,000 unpruned weights on 1,200 digits; the pruned weights stay at zero.",
      chart: "Loss",
    });
  });

  it("refilling names the criterion; evaluating says what the two accuracies are", () => {
    expect(explainPhase(logOf([]), at("refilling", 0))).toEqual({
      text:
        "Refill ranked every group by the saliency criterion and kept the most important ones whole, " +
        "refilling their pruned weights; the other groups are marked to be cut.",
      chart: "Group importance",
    });
    expect(explainPhase(logOf([]), at("evaluating", 0))).toEqual({
      text: "Evaluation measured the test accuracy twice: under the trained mask, and after a hard cut of every group outside the refill mask.",
      chart: "Accuracy vs sparsity",
    });
  });

  it("rewinding with no iteration recorded yet says only that the weights were reset", () => {
    expect(explainPhase(logOf([]), at("rewinding", 0))).toEqual({
      text: "Rewinding reset the weights to the starting point.",
      chart: "Accuracy vs sparsity",
    });
  });

  it("rewinding from scratch names the initialization and a weakest set with no weak group", () => {
    // blocks.0: mean 0.75; blocks.1: mean (0.5 + 0.45)/2 = 47.5%, none under 40%.
    const log = logOf([
      iteration(0, { "blocks.0.attn": head([1, 0.5]), "blocks.1.attn": head([0.5, 0.45]) }),
    ]);
    expect(explainPhase(log, at("rewinding", 0)).text).toBe(
      "Iteration 1 ended at 81.2% test accuracy with 20.0% of the weights zero, and 50.0% after the hard cut (60.0% zero). " +
        "blocks.1.attn lost the most (47.5% dense on average); no head there is under 40% dense. " +
        "The weights were rewound to the initialization; the next iteration trains under the new mask.",
    );
  });

  it("names a single weak group, three as a list, and no set when no group has a density", () => {
    const one = logOf([iteration(0, { "blocks.0.attn": head([0.39, 0.9]), empty: head([]) })]);
    expect(explainPhase(one, at("rewinding", 0)).text).toContain(
      "blocks.0.attn lost the most (64.5% dense on average); heads 0 there are under 40% dense. ",
    );
    const three = logOf([iteration(0, { "blocks.0.attn": head([0.1, 0.2, 0.9, 0.3]) })]);
    expect(explainPhase(three, at("rewinding", 0)).text).toContain(
      "heads 0, 1 and 3 there are under 40% dense",
    );
    const none = logOf([iteration(0, { empty: head([]) })]);
    expect(explainPhase(none, at("rewinding", 0)).text).toBe(
      "Iteration 1 ended at 81.2% test accuracy with 20.0% of the weights zero, and 50.0% after the hard cut (60.0% zero). " +
        "The weights were rewound to the initialization; the next iteration trains under the new mask.",
    );
  });

  it("uses the iteration asked for, or the last one recorded past the end", () => {
    const first = iteration(0, {});
    const second = { ...iteration(1, {}), testAccUnstructured: 0.7 };
    const log = logOf([first, second]);
    expect(explainPhase(log, at("rewinding", 0)).text).toMatch(/^Iteration 1 ended at 81\.2%/);
    expect(explainPhase(log, at("rewinding", 1)).text).toMatch(/^Iteration 2 ended at 70\.0%/);
    expect(explainPhase(log, at("rewinding", 5)).text).toMatch(/^Iteration 2 ended at 70\.0%/);
  });

  it("the final ticket: started, after an epoch, and its result", () => {
    const log = logOf([iteration(0, {})]);
    expect(explainPhase(log, at("finalizing", 1))).toEqual({
      text: "The final ticket started training.",
      chart: "Accuracy",
    });
    const epoch = { epoch: 2, trainLoss: 0.5, trainAcc: 0.9, testAcc: 0.8766, lambda: 0 };
    expect(explainPhase(log, at("finalizing", 1, epoch)).text).toBe(
      "The final ticket trained epoch 3 of 4: test accuracy 87.7%.",
    );
    const done = logOf([iteration(0, {})], {
      testAcc: 0.91,
      sparsity: 0.672,
      testAccCut: 0.4,
      finalTrain: "rewind",
      epochs: [],
      aliveGroups: {},
    });
    expect(explainPhase(done, at("finalizing", 1, epoch))).toEqual({
      text: "The final ticket (67.2% zero) reached 91.0%; untrained, the cut gave 40.0%.",
      chart: "Accuracy",
    });
  });

  it("counts the weights alive before pruning from the previous iteration's sparsity", () => {
    // After iteration 0 half the weights are zero: 5,000 alive, 30% of them = 1,500 zeroed,
    // 6,500 of 10,000 zero.
    const log = logOf([iteration(0, {})]);
    expect(explainPhase(log, at("pruning", 1)).text).toBe(
      "Pruning zeroed the 30% smallest remaining weights: 1,500 of 5,000 still alive (10,000 prunable in all). " +
        "About 65.0% of the prunable weights are now zero.",
    );
    // The first iteration prunes from all 10,000.
    expect(explainPhase(log, at("pruning", 0)).text).toContain(": 3,000 of 10,000 still alive");
  });
});
