// The chart rows at their edges: thinning at and just past its limit, the λ curve thinned with
// measured steps between the thinned ones, no log, no schedule, and the tooltip of every point
// whole (it says which weights, under which mask, the accuracy was measured on).
import { describe, expect, it } from "vitest";
import { foldRunLog } from "../../src/core/runlog";
import type { ExperimentEvent, FinalTrain, RunLog } from "../../src/core/types";
import { accuracySeries, lambdaPoints, thin } from "../../src/store/views/chartSeries";
import { CONFIG, iterationRecord, STARTED } from "./store-fixtures";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function logOf(events: ExperimentEvent[]): RunLog {
  const log = events.reduce<RunLog | null>(foldRunLog, null);
  if (!log) throw new Error("the events should start a log");
  return log;
}

describe("thin", () => {
  it("hands back the same array when it is within the limit, even at the limit", () => {
    const four = range(4);
    expect(thin(four, 4)).toBe(four);
    const three = range(3);
    expect(thin(three, 10)).toBe(three);
  });

  it("keeps every stride-th point and adds the last only when the stride missed it", () => {
    // 10 points, at most 4: stride ⌈10 / 3⌉ = 4 keeps 0, 4, 8; the last, 9, is added.
    expect(thin(range(10), 4)).toEqual([0, 4, 8, 9]);
    // 11 points, at most 10: stride ⌈11 / 9⌉ = 2 keeps 0, 2, …, 10, which ends on the last.
    expect(thin(range(11), 10)).toEqual([0, 2, 4, 6, 8, 10]);
  });
});

describe("lambdaPoints", () => {
  const rsst = { ...CONFIG, struct: "rsst" as const, epochs: 100, rstSchedule: "x" as const };

  it("thins the schedule and puts the measured steps between the thinned ones in step order", () => {
    // 100 epochs × 5 steps = 500 steps; at most 240 points: stride ⌈500 / 240⌉ = 3, so the
    // schedule is drawn at 0, 3, …, 498 (167 steps) and at the last step, 499.
    const live = [
      { step: 1, loss: 1, lambda: 0.1 },
      { step: 2, loss: 1, lambda: 0.2 },
      { step: 3, loss: 1, lambda: 0.3 },
    ];
    const points = lambdaPoints(rsst, 5, live, 1);
    expect(points).toHaveLength(167 + 1 + 2);
    expect(points.slice(0, 5).map((p) => p.step)).toEqual([0, 1, 2, 3, 6]);
    expect(points.slice(-2).map((p) => p.step)).toEqual([498, 499]);
    // Steps 1 and 2 are measured only; step 3 is both on the curve and measured.
    expect(points[1]).toEqual({ step: 1, lambda: 0.1 });
    expect(points[3]?.lambda).toBe(0.3);
    expect(points[3]?.schedule).toBeGreaterThan(0);
  });

  it("draws nothing without a configuration, for another structure, or without steps", () => {
    expect(lambdaPoints(null, 5, [], 1)).toEqual([]);
    expect(lambdaPoints({ ...rsst, struct: "refill" }, 5, [], 1)).toEqual([]);
    expect(lambdaPoints(rsst, 0, [], 1)).toEqual([]);
  });
});

describe("accuracySeries", () => {
  it("has no points without a log", () => {
    expect(accuracySeries(null)).toEqual({ unstructured: [], structured: [], final: [] });
  });

  it("says for each point which weights it was measured on, by 1-based iteration", () => {
    const log = logOf([
      STARTED,
      {
        type: "iteration",
        record: iterationRecord(0, [
          [true, true],
          [true, true],
        ]),
      },
      {
        type: "iteration",
        record: iterationRecord(1, [
          [true, false],
          [true, true],
        ]),
      },
    ]);
    const series = accuracySeries(log);
    expect(series.unstructured.map((p) => p.measuredOn)).toEqual([
      "iteration 1: the weights as trained, under the mask they trained with",
      "iteration 2: the weights as trained, under the mask they trained with",
    ]);
    expect(series.structured.map((p) => p.measuredOn)).toEqual([
      "iteration 1: the same weights, groups outside the new structure cut, nothing re-filled",
      "iteration 2: the same weights, groups outside the new structure cut, nothing re-filled",
    ]);
    expect(series.final).toEqual([]);
  });

  it("names how the final ticket was trained", () => {
    const words = (finalTrain: FinalTrain) => {
      const log = logOf([
        STARTED,
        {
          type: "done",
          final: { testAcc: 0.5, sparsity: 0.6, testAccCut: 0.4, finalTrain, epochs: [], aliveGroups: {} },
        },
      ]);
      return accuracySeries(log).final.map((p) => p.measuredOn);
    };
    expect(words("rewind")).toEqual(["final ticket: the final mask retrained from the rewind point"]);
    expect(words("finetune")).toEqual([
      "final ticket: the last trained weights cut to the final mask, fine-tuned",
    ]);
    expect(words("none")).toEqual([
      "final ticket: the last trained weights cut to the final mask, untrained",
    ]);
  });
});
