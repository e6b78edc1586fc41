import { describe, expect, it } from "vitest";
import { foldRunLog } from "../../src/core/runlog";
import type { ExperimentEvent, RunLog } from "../../src/core/types";
import { accuracySeries, lambdaPoints, thin } from "../../src/store/views/chartSeries";

const round = (value: number) => Math.round(value * 1e6) / 1e6;

import { groupLayers, groupLives, iterationAt } from "../../src/store/views/groupViews";
import { CONFIG, iterationRecord, STARTED } from "./store-fixtures";

function logOf(events: ExperimentEvent[]): RunLog {
  const log = events.reduce<RunLog | null>(foldRunLog, null);
  if (!log) throw new Error("the events should start a log");
  return log;
}

// Block 0: head 0 dies in iteration 0 and stays dead; head 1 lives.
// Block 1: head 0 dies in iteration 0, comes back in 1, dies again in 2 (dead from 2);
//          head 1 dies in iteration 1.
const LOG = logOf([
  STARTED,
  {
    type: "iteration",
    record: iterationRecord(0, [
      [false, true],
      [false, true],
    ]),
  },
  {
    type: "iteration",
    record: iterationRecord(1, [
      [false, true],
      [true, false],
    ]),
  },
  {
    type: "iteration",
    record: iterationRecord(
      2,
      [
        [false, true],
        [false, false],
      ],
      [
        [0.5, 4],
        [2, 1],
      ],
    ),
  },
]);

describe("groupLives", () => {
  it("dates each head's death to the iteration from which it stays dead, earliest first", () => {
    const lives = groupLives(LOG, "head").map((life) => [life.layerIndex, life.index, life.diedAt]);
    expect(lives).toEqual([
      [0, 0, 0],
      [1, 1, 1],
      [1, 0, 2],
      [0, 1, null],
    ]);
  });
});

describe("groupLayers", () => {
  it("rescales importance within each layer and marks dead heads", () => {
    const layers = groupLayers(LOG, iterationAt(LOG, null), "head");
    // block 0: importance [0.5, 4] → shades [0, 1]; block 1: [2, 1] → [1, 0]
    expect(layers.map((layer) => layer.cells.map((cell) => cell.shade))).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(layers.map((layer) => layer.aliveCount)).toEqual([1, 0]);
    expect(layers[0]?.meanDensity).toBe(0.75);
  });

  it("shows every head alive and unranked before the first iteration", () => {
    const log = logOf([STARTED]);
    const layers = groupLayers(log, iterationAt(log, null), "head");
    expect(layers.flatMap((layer) => layer.cells.map((cell) => [cell.alive, cell.importance]))).toEqual([
      [true, null],
      [true, null],
      [true, null],
      [true, null],
    ]);
  });

  it("clamps the scrubbed position to the iterations there are", () => {
    expect(iterationAt(LOG, 7)?.index).toBe(2);
    expect(iterationAt(LOG, 1)?.index).toBe(1);
  });
});

describe("chart series", () => {
  it("draws each accuracy at the sparsity of the weights it was measured on, in percent", () => {
    const { unstructured, structured, final } = accuracySeries(LOG);
    // The fixture's iteration k: trainedSparsity 0.2k, structuredSparsity 0.25(k+1),
    // testAccUnstructured 0.9 − 0.05k, testAccStructured 0.8 − 0.1k; sparsity (M_k) is 0.2(k+1).
    expect(unstructured.map((p) => [p.iteration, round(p.sparsity), round(p.accuracy)])).toEqual([
      [1, 0, 90],
      [2, 20, 85],
      [3, 40, 80],
    ]);
    expect(structured.map((p) => [p.iteration, round(p.sparsity), round(p.accuracy)])).toEqual([
      [1, 25, 80],
      [2, 50, 70],
      [3, 75, 60],
    ]);
    expect(final).toEqual([]);
    const done = accuracySeries({
      ...LOG,
      final: {
        testAcc: 0.85,
        sparsity: 0.6,
        testAccCut: 0.5,
        finalTrain: "rewind",
        epochs: [],
        aliveGroups: {},
      },
    });
    expect(done.final.map((p) => [p.iteration, round(p.sparsity), round(p.accuracy)])).toEqual([
      ["final", 60, 85],
    ]);
    expect(done.final[0]?.measuredOn).toMatch(/retrained from the rewind point/);
  });

  it("draws the RSST schedule over the whole iteration and the measured λ where trained", () => {
    // epochs 2 × 3 steps = 6 steps; schedule "x" with λmax 2: λ(s) = 2·(s+1)/6
    const config = { ...CONFIG, struct: "rsst" as const, rstSchedule: "x" as const, regGranularityPrune: 2 };
    const points = lambdaPoints(config, 3, [{ step: 0, loss: 1, lambda: 0.3 }], 1);
    expect(points.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(points[5]?.schedule).toBeCloseTo(2, 12);
    expect(points[2]?.schedule).toBeCloseTo(1, 12);
    expect(points[0]?.lambda).toBe(0.3);
    expect(points[1]?.lambda).toBeUndefined();
    // Iteration 0 does not regularize: the curve only, no measured λ.
    expect(lambdaPoints(config, 3, [{ step: 0, loss: 1, lambda: 0 }], 0)[0]?.lambda).toBeUndefined();
    expect(lambdaPoints({ ...config, struct: "refill" }, 3, [], 1)).toEqual([]);
  });

  it("thins evenly and keeps the last point", () => {
    // 7 points into 3: stride ⌈7/2⌉ = 4 → 0, 4, then the last (6)
    expect(thin([0, 1, 2, 3, 4, 5, 6], 3)).toEqual([0, 4, 6]);
    expect(thin([0, 1, 2, 3, 4, 5, 6, 7], 3)).toEqual([0, 4, 7]);
    expect(thin([0, 1], 3)).toEqual([0, 1]);
  });
});
