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
    // iterationRecord(i): trained sparsity 0.2·i, structured 0.25·(i+1), overall 0.2·(i+1);
    // accuracies 0.9 − 0.05·i unstructured, 0.8 − 0.1·i structured.
    const [a, b] = compareSeries([
      { id: "a", name: "refill", log: logWith(2) },
      { id: "b", name: "rsst", log: logWith(1) },
    ]);
    const pairs = (points: { sparsity: number; accuracy: number }[] | undefined) =>
      points?.map((p) => [Math.round(p.sparsity * 1e6) / 1e6, Math.round(p.accuracy * 1e6) / 1e6]);
    expect(pairs(a?.accuracy.unstructured)).toEqual([
      [0, 90],
      [20, 85],
    ]);
    expect(pairs(a?.accuracy.structured)).toEqual([
      [25, 80],
      [50, 70],
    ]);
    expect(a?.sparsity).toEqual([
      { iteration: 1, overall: 20, structured: 25 },
      { iteration: 2, overall: 40, structured: 50 },
    ]);
    expect(b?.accuracy.unstructured).toHaveLength(1);
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
