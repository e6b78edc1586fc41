// What sweep-view draws and exports (fronts against sparsity or MFLOPs, the parallel
// coordinates), the form's plan, and run logs joined by their sweep id.
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { PRESETS } from "../../src/core/presets";
import { colourGroups, joinRunLogs, type QueuedPoint, seedMeans, sweepCsv } from "../../src/core/sweep";
import type { ExperimentConfig, RunLog } from "../../src/core/types";
import { axisValues, measuredStepMs, planSweep } from "../../src/store/sweepDraft";
import { parallelPlot } from "../../src/store/views/sweepParallel";

const tiny = resolveConfig({
  ...PRESETS["tiny-vit-synthetic"]!.config,
  epochs: 1,
  pruningTimes: 1,
  finalEpochs: 1,
});
if (!tiny.ok) throw new Error("tiny preset");
const base: ExperimentConfig = tiny.config;

function point(
  index: number,
  struct: "refill" | "rsst",
  seed: number,
  testAcc: number | null,
  sparsity: number | null,
): QueuedPoint {
  return {
    index,
    name: `${index}-struct=${struct}-seed=${seed}`,
    values: { struct, seed },
    config: { ...base, struct, seed },
    status: testAcc === null ? "failed" : "done",
    runId: `run-${index}`,
    testAcc,
    sparsity,
    error: testAcc === null ? "diverged" : null,
  };
}

const points = [
  point(0, "refill", 1, 0.8, 0.4),
  point(1, "refill", 2, 0.6, 0.5),
  point(2, "rsst", 1, 0.7, 0.6),
  point(3, "rsst", 2, 0.5, 0.4),
  point(4, "rsst", 3, null, null),
];

describe("sweep-view's series", () => {
  it("means ± std over seeds per setting (population std)", () => {
    const means = seedMeans(points, "struct");
    expect(means).toHaveLength(2);
    const [refill, rsst] = means;
    expect(refill).toMatchObject({ colour: "refill", setting: "struct=refill", seeds: 2 });
    expect(refill!.testAcc).toBeCloseTo(0.7, 12);
    expect(refill!.testAccStd).toBeCloseTo(0.1, 12);
    expect(refill!.sparsity).toBeCloseTo(0.45, 12);
    expect(refill!.sparsityStd).toBeCloseTo(0.05, 12);
    expect(rsst!.testAcc).toBeCloseTo(0.6, 12);
    expect(rsst!.seeds).toBe(2);
  });

  it("one colour per value with its own front, unfinished points left out", () => {
    const groups = colourGroups(points, "struct");
    expect(groups.map((g) => g.colour)).toEqual(["refill", "rsst"]);
    expect(groups[0]!.front.map((p) => p.index)).toEqual([0, 1]);
    // rsst seed 2 (0.5 at 0.4) is beaten by seed 1 (0.7 at 0.6).
    expect(groups[1]!.front.map((p) => p.index)).toEqual([2]);
    expect(colourGroups(points, "seed").map((g) => g.colour)).toEqual(["1", "2"]);
  });

  it("exports a CSV row per point", () => {
    const csv = sweepCsv(["struct", "seed"], points, [true, false, true, false, false]);
    expect(csv.split("\n")).toEqual([
      "point,struct,seed,status,testAcc,sparsity,pareto",
      "0-struct=refill-seed=1,refill,1,done,0.8,0.4,true",
      "1-struct=refill-seed=2,refill,2,done,0.6,0.5,false",
      "2-struct=rsst-seed=1,rsst,1,done,0.7,0.6,true",
      "3-struct=rsst-seed=2,rsst,2,done,0.5,0.4,false",
      "4-struct=rsst-seed=3,rsst,3,failed,,,false",
      "",
    ]);
  });
});

describe("the form's sweep mode", () => {
  it("reads typed values as the kind of the key's value", () => {
    expect(axisValues(base, { key: "rate", text: "0.2, 0.4 ,, 0.6" })).toEqual([0.2, 0.4, 0.6]);
    expect(axisValues(base, { key: "struct", text: "refill,rsst" })).toEqual(["refill", "rsst"]);
    expect(axisValues(base, { key: "augment", text: "true, false" })).toEqual([true, false]);
    expect(axisValues(base, { key: "model.depth", text: "1, 2" })).toEqual([1, 2]);
  });

  it("counts the points and estimates their steps × the measured step time", () => {
    const plan = planSweep(
      base,
      [
        { key: "struct", text: "refill, rsst" },
        { key: "seed", text: "1, 2" },
      ],
      10,
    );
    if (!plan.ok) throw new Error(plan.errors.join("\n"));
    expect(plan.points).toHaveLength(4);
    // tiny: 1024 images / 32 = 32 steps an epoch; 1 iteration + 1 final epoch = 64 steps a point.
    expect(plan.estimateSeconds).toBeCloseTo((4 * 64 * 10) / 1000, 9);
    const bad = planSweep(base, [{ key: "seed", text: "1, 2.5" }], 10);
    expect(bad.ok ? [] : bad.errors).toEqual(["point 1 (seed=2.5): seed: must be an integer, got 2.5"]);
  });

  it("measures the step time of the newest finished run", () => {
    const log = { iterations: [{ durationMs: 640 }, { durationMs: 640 }] };
    // 2 iterations × 1 epoch × 32 steps = 64 steps in 1280 ms.
    expect(measuredStepMs([{ config: base, log, status: "done" }])).toBeCloseTo(20, 9);
    expect(measuredStepMs([{ config: base, log, status: "running" }])).toBe(20);
    expect(
      measuredStepMs([{ config: base, log: { iterations: [{ durationMs: 3200 }] }, status: "done" }]),
    ).toBe(100);
  });
});

describe("run logs imported together", () => {
  function log(sweep: string | null, name: string, config: ExperimentConfig, testAcc: number): RunLog {
    const env: RunLog["env"] = { backend: "torch", startedAt: "2026-01-01T00:00:00Z" };
    if (sweep) Object.assign(env, { sweep, sweepPoint: name });
    return {
      format: "pruning-lab.run",
      version: 1,
      config,
      env,
      model: { arch: "vit", prunableParams: 0, groups: [] },
      iterations: [],
      final: { testAcc, sparsity: 0.3, testAccCut: 0.1, finalTrain: "rewind", epochs: [], aliveGroups: {} },
    };
  }

  it("join by env.sweep, with the keys that differ as axes", () => {
    const { sweeps, untagged } = joinRunLogs([
      { log: log("abc", "1-seed=2", { ...base, seed: 2 }, 0.6), runId: "r2" },
      { log: log("abc", "0-seed=1", { ...base, seed: 1 }, 0.5), runId: "r1" },
      { log: log(null, "", base, 0.4), runId: "r3" },
      { log: log("other", "0-rate=0.5", { ...base, rate: 0.5 }, 0.4), runId: "r4" },
    ]);
    expect(untagged).toBe(1);
    expect(sweeps.map((s) => s.id)).toEqual(["abc", "other"]);
    expect(sweeps[0]!.axes).toEqual({ seed: [2, 1] });
    expect(sweeps[0]!.points.map((p) => [p.index, p.name, p.values, p.runId, p.testAcc])).toEqual([
      [0, "0-seed=1", { seed: 1 }, "r1", 0.5],
      [1, "1-seed=2", { seed: 2 }, "r2", 0.6],
    ]);
    expect(sweeps[1]!.axes).toEqual({});
  });
});

describe("sweep-view against the compacted MFLOPs", () => {
  const flops = (p: QueuedPoint, compactFlops: number | null): QueuedPoint => ({ ...p, compactFlops });
  // refill: 0.8 at 3 MFLOPs, 0.6 at 2; rsst: 0.7 at 4, 0.5 at 5 (beaten: fewer FLOPs and better).
  const measured = [
    flops(points[0]!, 3e6),
    flops(points[1]!, 2e6),
    flops(points[2]!, 4e6),
    flops(points[3]!, 5e6),
    points[4]!,
  ];

  it("takes the front over fewer FLOPs and higher accuracy, by increasing MFLOPs", () => {
    const groups = colourGroups(measured, "struct", "mflops");
    expect(groups[0]!.front.map((p) => [p.index, p.x])).toEqual([
      [1, 2],
      [0, 3],
    ]);
    expect(groups[1]!.front.map((p) => p.index)).toEqual([2]);
    expect(groups[1]!.means[0]).toMatchObject({ x: 4.5, xStd: 0.5, seeds: 2 });
  });

  it("leaves out the points whose logs cannot tell their MFLOPs", () => {
    const partial = [measured[0]!, flops(points[1]!, null), measured[2]!, measured[3]!];
    const groups = colourGroups(partial, "struct", "mflops");
    expect(groups.map((g) => g.points.map((p) => p.index))).toEqual([[0], [2, 3]]);
    // Against sparsity every finished point stays, MFLOPs or not.
    expect(colourGroups(partial, "struct").flatMap((g) => g.points)).toHaveLength(4);
  });
});

describe("the parallel coordinates", () => {
  const sweep = { axes: { struct: ["refill", "rsst"], seed: [1, 2, 3] }, points };

  it("has an axis per swept key, then sparsity and accuracy; a line per finished point", () => {
    const plot = parallelPlot(sweep, "struct");
    expect(plot.axes.map((a) => a.label)).toEqual(["struct", "seed", "sparsity", "test acc"]);
    expect(plot.axes[0]!.ticks).toEqual([
      { label: "refill", at: 0 },
      { label: "rsst", at: 1 },
    ]);
    // A swept axis spans the sweep's values (seed 1..3); a measure's, the finished points' range.
    expect(plot.axes[1]!.ticks).toEqual([
      { label: "1", at: 0 },
      { label: "2", at: 0.5 },
      { label: "3", at: 1 },
    ]);
    expect(plot.axes[3]!.ticks.map((t) => t.label)).toEqual(["50.0%", "80.0%"]);
    expect(plot.lines.map((l) => l.index)).toEqual([0, 1, 2, 3]);
    // Point 1: refill (0), seed 2 of 1..3 (0.5), sparsity 0.5 of 0.4..0.6 (0.5), accuracy 0.6 of 0.5..0.8 (1/3).
    const line = plot.lines[1]!;
    expect(line.at.slice(0, 3)).toEqual([0, 0.5, 0.5]);
    expect(line.at[3]).toBeCloseTo(1 / 3, 12);
    expect(line.colour).toBe("refill");
    expect(line.label).toBe("1-struct=refill-seed=2: struct refill, seed 2, sparsity 50.0%, test acc 60.0%");
    expect(plot.note).toBeNull();
  });

  it("adds the MFLOPs axis when every finished point has them, and says why when some lack them", () => {
    const all = points.map((p, i) => ({ ...p, compactFlops: (i + 1) * 1e6 }));
    expect(parallelPlot({ ...sweep, points: all }, "struct").axes.map((a) => a.key)).toEqual([
      "struct",
      "seed",
      "sparsity",
      "mflops",
      "testAcc",
    ]);
    const some = all.map((p, i) => (i === 0 ? { ...p, compactFlops: null } : p));
    const plot = parallelPlot({ ...sweep, points: some }, "struct");
    expect(plot.axes.map((a) => a.key)).not.toContain("mflops");
    expect(plot.note).toBe(
      "No MFLOPs axis: 1 of 4 finished points have no compacted MFLOPs in their run log.",
    );
  });
});
