import { describe, expect, it } from "vitest";
import {
  buildSweepResult,
  expandAxes,
  outcomeOfRunLog,
  type PointOutcome,
  paretoFlags,
  paretoFront,
  pointName,
  readSweepResult,
  readSweepSpec,
  resolveSweepPoints,
  type SweepSpec,
  withKey,
} from "../../src/core/sweep";
import type { RunLog } from "../../src/core/types";

const tinyBase = { preset: "tiny-vit-synthetic", epochs: 1, pruningTimes: 1, finalEpochs: 1, trainSize: 256 };

function points(spec: SweepSpec) {
  const result = resolveSweepPoints(spec);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.points;
}

describe("axis expansion", () => {
  it("is the product of the axes, first axis slowest", () => {
    expect(expandAxes({ struct: ["refill", "rsst"], seed: [1, 2, 3] })).toEqual([
      { struct: "refill", seed: 1 },
      { struct: "refill", seed: 2 },
      { struct: "refill", seed: 3 },
      { struct: "rsst", seed: 1 },
      { struct: "rsst", seed: 2 },
      { struct: "rsst", seed: 3 },
    ]);
  });

  it("sets dotted keys inside the model and keeps its other dimensions", () => {
    expect(withKey({ model: { depth: 2, embedDim: 16 }, lr: 1 }, "model.depth", 3)).toEqual({
      model: { depth: 3, embedDim: 16 },
      lr: 1,
    });
    const [shallow, deep] = points({ base: tinyBase, axes: { "model.depth": [1, 3] } });
    expect(shallow!.config.model).toEqual({ depth: 1, embedDim: 16, numHeads: 4, mlpRatio: 2, patchSize: 4 });
    expect(deep!.config.model).toMatchObject({ depth: 3, embedDim: 16 });
  });

  it("merges the base over its preset and names points stably", () => {
    const all = points({ base: tinyBase, axes: { struct: ["refill", "rsst"], seed: [1, 2] } });
    expect(all.map((p) => p.name)).toEqual([
      "0-struct=refill-seed=1",
      "1-struct=refill-seed=2",
      "2-struct=rsst-seed=1",
      "3-struct=rsst-seed=2",
    ]);
    // From the preset: dataset and rate; from the base: epochs and trainSize; from the axes: the rest.
    expect(all[3]!.config).toMatchObject({
      dataset: "synthetic",
      rate: 0.3,
      epochs: 1,
      trainSize: 256,
      finalEpochs: 1,
      struct: "rsst",
      seed: 2,
    });
    expect(pointName(7, { criteria: "l1", "x/y": "a b" }, 12)).toBe("07-criteria=l1-x_y=a_b");
  });
});

describe("validation of every point before anything runs", () => {
  it("refuses a bad point naming its values, key and value, and every bad point", () => {
    const result = resolveSweepPoints({ base: tinyBase, axes: { rate: [0.5, 1.5, 2], seed: [1] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      "point 1 (rate=1.5, seed=1): rate: must be in (0, 1), got 1.5",
      "point 2 (rate=2, seed=1): rate: must be in (0, 1), got 2",
    ]);
  });

  it("catches a point that is bad only in combination (embedDim 16 with 3 heads)", () => {
    const result = resolveSweepPoints({ base: tinyBase, axes: { "model.numHeads": [4, 3] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatch(/^point 1 \(model\.numHeads=3\): model\.embedDim: must be divisible/);
  });

  it("refuses an unknown axis key and an unknown preset", () => {
    const unknownKey = resolveSweepPoints({ base: tinyBase, axes: { pruning_times: [1] } });
    expect(unknownKey.ok).toBe(false);
    if (!unknownKey.ok) expect(unknownKey.errors[0]).toContain("did you mean pruningTimes?");
    const unknownPreset = resolveSweepPoints({ base: { preset: "huge" }, axes: { seed: [1] } });
    expect(unknownPreset.ok).toBe(false);
    if (!unknownPreset.ok) expect(unknownPreset.errors[0]).toMatch(/^base\.preset: unknown preset "huge"/);
  });

  it("reads the sweep file strictly", () => {
    expect(readSweepSpec({ base: {}, axes: {} }).ok).toBe(false);
    const empty = readSweepSpec({ axes: { seed: [] } });
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.errors[0]).toMatch(/^axes\.seed: /);
    expect(readSweepSpec({ axes: { seed: [1] }, extra: 1 }).ok).toBe(false);
    expect(readSweepSpec({ axes: { seed: [1, 2] } })).toEqual({
      ok: true,
      spec: { base: {}, axes: { seed: [1, 2] } },
    });
  });
});

describe("Pareto flags on hand-made points", () => {
  const made = [
    { testAcc: 0.9, sparsity: 0.5 }, // front: most accurate
    { testAcc: 0.8, sparsity: 0.7 }, // front: sparsest
    { testAcc: 0.85, sparsity: 0.5 }, // beaten by the first in accuracy at equal sparsity
    { testAcc: 0.9, sparsity: 0.5 }, // a tie with the first: neither beats the other
    { testAcc: 0.7, sparsity: 0.7 }, // beaten by the second
    { testAcc: 0.88, sparsity: 0.6 }, // front: between the two
  ];

  it("flags the points no other point beats in both", () => {
    expect(paretoFlags(made)).toEqual([true, true, false, true, false, true]);
  });

  it("orders the front by sparsity for its step line", () => {
    expect(paretoFront(made).map((p) => p.sparsity)).toEqual([0.5, 0.5, 0.6, 0.7]);
  });
});

describe("sweep.json and resume", () => {
  const spec: SweepSpec = { base: tinyBase, axes: { struct: ["refill", "rsst"] } };
  const [refill, rsst] = points(spec);

  function logOf(config: RunLog["config"], final: { testAcc: number; sparsity: number } | null): RunLog {
    return {
      format: "pruning-lab.run",
      version: 1,
      config,
      env: { backend: "wasm", startedAt: "2026-01-01T00:00:00Z" },
      model: { arch: "vit", prunableParams: 0, groups: [] },
      iterations: [],
      final: final && { ...final, testAccCut: 0.1, finalTrain: "rewind", epochs: [], aliveGroups: {} },
    };
  }

  it("keeps a point whose run log finished with its config, reruns the rest", () => {
    expect(outcomeOfRunLog(logOf(refill!.config, { testAcc: 0.6, sparsity: 0.3 }), refill!)).toEqual({
      status: "done",
      testAcc: 0.6,
      sparsity: 0.3,
    });
    // Unfinished (no final record), another point's config, or no log: to be run.
    expect(outcomeOfRunLog(logOf(refill!.config, null), refill!).status).toBe("pending");
    expect(outcomeOfRunLog(logOf(rsst!.config, { testAcc: 0.6, sparsity: 0.3 }), refill!).status).toBe(
      "pending",
    );
    expect(outcomeOfRunLog(null, refill!).status).toBe("pending");
  });

  it("writes every point with its outcome and reads back", () => {
    const outcomes = new Map<string, PointOutcome>([
      [refill!.name, { status: "done", testAcc: 0.6, sparsity: 0.3 }],
      [rsst!.name, { status: "failed", error: "diverged" }],
    ]);
    const sweep = buildSweepResult("abc", spec, [refill!, rsst!], outcomes);
    expect(sweep.points).toEqual([
      {
        name: "0-struct=refill",
        values: { struct: "refill" },
        run: "0-struct=refill.json",
        status: "done",
        testAcc: 0.6,
        sparsity: 0.3,
        pareto: true,
      },
      {
        name: "1-struct=rsst",
        values: { struct: "rsst" },
        run: "1-struct=rsst.json",
        status: "failed",
        testAcc: null,
        sparsity: null,
        pareto: false,
        error: "diverged",
      },
    ]);
    expect(readSweepResult(JSON.parse(JSON.stringify(sweep)))).toEqual({ ok: true, sweep });
    expect(readSweepResult({ ...sweep, format: "pruning-lab.run" }).ok).toBe(false);
  });
});
