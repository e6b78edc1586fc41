import { describe, expect, it } from "vitest";
import type { RunLog } from "../../src/core/types";
import {
  COMPARE_COLORS,
  compareIterations,
  compareSeries,
  heatmapKind,
} from "../../src/store/historyCompare";
import { CONFIG, iterationRecord, MODEL } from "./store-fixtures";

function logWith(iterations: number): RunLog {
  return {
    format: "pruning-lab.run",
    version: 1,
    config: CONFIG,
    env: { backend: "wasm", startedAt: "2025-01-01T00:00:00.000Z" },
    model: MODEL,
    iterations: Array.from({ length: iterations }, (_, index) =>
      iterationRecord(index, [
        [true, true],
        [true, true],
      ]),
    ),
    final: null,
  };
}

describe("comparing stored runs", () => {
  it("gives each run its curves in %, one point per iteration, and its own colour", () => {
    // iterationRecord(i): overall sparsity 0.2·(i+1), structured 0.25·(i+1), accuracies 0.9 / 0.8.
    const [a, b] = compareSeries([
      { id: "a", name: "refill", log: logWith(2) },
      { id: "b", name: "rsst", log: logWith(1) },
    ]);
    expect(a?.accuracy).toEqual([
      { sparsity: 20, structured: 80, unstructured: 90 },
      { sparsity: 40, structured: 80, unstructured: 90 },
    ]);
    expect(a?.sparsity).toEqual([
      { iteration: 1, overall: 20, structured: 25 },
      { iteration: 2, overall: 40, structured: 50 },
    ]);
    expect(b?.accuracy).toHaveLength(1);
    expect([a?.color, b?.color]).toEqual([COMPARE_COLORS[0], COMPARE_COLORS[1]]);
  });

  it("spans the slider over the longest run", () => {
    expect(
      compareIterations([
        { id: "a", name: "a", log: logWith(3) },
        { id: "b", name: "b", log: logWith(1) },
      ]),
    ).toBe(3);
    expect(compareIterations([])).toBe(0);
  });

  it("shows heads when the model has them, else its first kind of group", () => {
    expect(heatmapKind(logWith(1))).toBe("head");
    const resnet = {
      ...logWith(1),
      model: { ...MODEL, groups: [{ name: "layer1.0.conv1", kind: "channel" as const, count: 4 }] },
    };
    expect(heatmapKind(resnet)).toBe("channel");
    expect(heatmapKind({ ...logWith(1), model: { ...MODEL, groups: [] } })).toBeNull();
  });
});
