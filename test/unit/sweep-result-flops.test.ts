// sweep.json's rows and reader, and the compacted FLOPs a ViT run log tells, worked by hand.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import {
  buildSweepResult,
  compactFlopsOfLog,
  outcomeOfRunLog,
  type PointOutcome,
  readSweepResult,
  type SweepPoint,
  sweepId,
} from "../../src/core/sweep";
import type { ExperimentConfig, FinalRecord } from "../../src/core/types";
import { bareLog } from "./sweep-fixtures";

const SPEC = { base: { epochs: 1 }, axes: { rate: [0.2, 0.4, 0.6] } };

function point(name: string, config: ExperimentConfig = DEFAULT_CONFIG): SweepPoint {
  return { index: 0, name, values: { rate: 0.2 }, config };
}

function final(fields: Partial<FinalRecord> = {}): FinalRecord {
  return {
    testAcc: 0.9,
    sparsity: 0.5,
    testAccCut: 0.5,
    finalTrain: "rewind",
    epochs: [],
    aliveGroups: { head: 2, neuron: 8 },
    ...fields,
  };
}

const log = bareLog;

describe("buildSweepResult", () => {
  it("writes each point's run file and outcome, pending by default, failed with its error", () => {
    const outcomes = new Map<string, PointOutcome>([
      ["a", { status: "done", testAcc: 0.9, sparsity: 0.5 }],
      ["b", { status: "failed", error: "diverged" }],
    ]);
    const sweep = buildSweepResult("id1", SPEC, [point("a"), point("b"), point("c")], outcomes);
    expect(sweep).toMatchObject({ format: "pruning-lab.sweep", version: 1, id: "id1", axes: SPEC.axes });
    expect(sweep.points).toEqual([
      {
        name: "a",
        values: { rate: 0.2 },
        run: "a.json",
        status: "done",
        testAcc: 0.9,
        sparsity: 0.5,
        pareto: true,
      },
      {
        name: "b",
        values: { rate: 0.2 },
        run: "b.json",
        status: "failed",
        testAcc: null,
        sparsity: null,
        pareto: false,
        error: "diverged",
      },
      {
        name: "c",
        values: { rate: 0.2 },
        run: "c.json",
        status: "pending",
        testAcc: null,
        sparsity: null,
        pareto: false,
      },
    ]);
  });

  it("flags the Pareto front among finished points only, a pending point never", () => {
    const outcomes = new Map<string, PointOutcome>([
      ["low", { status: "done", testAcc: 0.5, sparsity: 0.2 }],
      ["high", { status: "done", testAcc: 0.8, sparsity: 0.4 }],
      ["sparse", { status: "done", testAcc: 0.4, sparsity: 0.9 }],
      ["zero", { status: "done", testAcc: 0, sparsity: 0 }],
    ]);
    const sweep = buildSweepResult(
      "id",
      SPEC,
      [point("wait"), point("low"), point("high"), point("sparse"), point("zero")],
      outcomes,
    );
    expect(sweep.points.map((p) => [p.name, p.pareto])).toEqual([
      ["wait", false],
      ["low", false],
      ["high", true],
      ["sparse", true],
      ["zero", false],
    ]);
  });
});

describe("outcomeOfRunLog", () => {
  it("is done for a finished log of exactly the point's config, whatever its key order", () => {
    const config = { ...DEFAULT_CONFIG, rate: 0.4 };
    const reordered = Object.fromEntries(Object.entries(config).reverse()) as unknown as ExperimentConfig;
    const modelReordered = {
      ...reordered,
      model: Object.fromEntries(Object.entries(config.model).reverse()),
    } as unknown as ExperimentConfig;
    const finished = log(modelReordered, {}, final({ testAcc: 0.7, sparsity: 0.6 }));
    expect(outcomeOfRunLog(finished, point("p", config))).toEqual({
      status: "done",
      testAcc: 0.7,
      sparsity: 0.6,
    });
  });

  it("is pending for a log of another config, even by one nested value", () => {
    const config = { ...DEFAULT_CONFIG, rate: 0.4 };
    const other = {
      ...config,
      model: { ...config.model, depth: config.model.depth + 1 },
    } as ExperimentConfig;
    expect(outcomeOfRunLog(log(other, {}, final()), point("p", config))).toEqual({ status: "pending" });
    expect(outcomeOfRunLog(log(config, {}, null), point("p", config))).toEqual({ status: "pending" });
  });
});

describe("sweepId", () => {
  it("is 16 hex digits, the same for the same sweep and another for other axes", () => {
    const id = sweepId(SPEC);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(sweepId({ base: { epochs: 1 }, axes: { rate: [0.2, 0.4, 0.6] } })).toBe(id);
    expect(sweepId({ base: { epochs: 1 }, axes: { rate: [0.2, 0.4] } })).not.toBe(id);
    expect(sweepId({ base: { epochs: 2 }, axes: SPEC.axes })).not.toBe(id);
  });
});

describe("readSweepResult", () => {
  it("names each problem by its path, and the whole file as 'sweep'", () => {
    const good = buildSweepResult("id", SPEC, [point("a")], new Map());
    expect(readSweepResult(good)).toEqual({ ok: true, sweep: good });
    const bad = { ...good, points: [{ ...good.points[0], testAcc: 1.5 }] };
    const read = readSweepResult(bad);
    expect(read.ok).toBe(false);
    expect(read.ok ? [] : read.errors).toEqual([expect.stringMatching(/^points\.0\.testAcc: /)]);
    const notAnObject = readSweepResult(42);
    expect(notAnObject.ok ? [] : notAnObject.errors).toEqual([expect.stringMatching(/^sweep: /)]);
  });
});

describe("compactFlopsOfLog", () => {
  // depth 1, E = 4, 2 heads (head dim 2), MLP ratio 2 (hidden 8), patch 2, 2×4×2 images, 3 classes:
  // 2 patches, 3 tokens. block = 3·4·3·4 + 2·9·4 + 3·4·4 + 2·3·4·8 = 144 + 72 + 48 + 192 = 456;
  // dense = 2·2·2·2·4 (patch embedding) + 456 + 4·3 = 64 + 456 + 12 = 532.
  const config = {
    ...DEFAULT_CONFIG,
    arch: "vit",
    model: { depth: 1, embedDim: 4, numHeads: 2, mlpRatio: 2, patchSize: 2 },
  } as ExperimentConfig;
  const env = { datasetShape: "2x4x2", datasetClasses: 3 };

  it("is 2·MACs of the whole model when every group is alive", () => {
    expect(compactFlopsOfLog(log(config, env, final({ aliveGroups: { head: 2, neuron: 8 } })))).toBe(1064);
  });

  it("takes out a head's 2·(3·3·4 + 2·9 + 3·4) = 132 MACs and a neuron's 2·3·4 = 24", () => {
    // One head and three neurons gone: 532 − 132 − 3·24 = 328 MACs.
    expect(compactFlopsOfLog(log(config, env, final({ aliveGroups: { head: 1, neuron: 5 } })))).toBe(656);
  });

  it("cannot tell for a ResNet, an unfinished run, or without both alive counts", () => {
    const resnet = { ...DEFAULT_CONFIG, arch: "resnet", model: { depth: 8, width: 4 } } as ExperimentConfig;
    expect(compactFlopsOfLog(log(resnet, env, final()))).toBeNull();
    expect(compactFlopsOfLog(log(config, env, null))).toBeNull();
    expect(compactFlopsOfLog(log(config, env, final({ aliveGroups: { head: 2 } })))).toBeNull();
    expect(compactFlopsOfLog(log(config, env, final({ aliveGroups: { neuron: 8 } })))).toBeNull();
  });

  it("cannot tell without a well-formed image shape and class count", () => {
    for (const datasetShape of ["2x4", "2x4x2x1", "2x0x2", "2x4.5x2", "2x-4x2", "axbxc"]) {
      expect(compactFlopsOfLog(log(config, { datasetShape, datasetClasses: 3 }, final()))).toBeNull();
    }
    expect(compactFlopsOfLog(log(config, { datasetShape: 28, datasetClasses: 3 }, final()))).toBeNull();
    expect(
      compactFlopsOfLog(log(config, { datasetShape: "2x4x2", datasetClasses: "3" }, final())),
    ).toBeNull();
    expect(compactFlopsOfLog(log(config, { datasetShape: "2x4x2" }, final()))).toBeNull();
  });

  it("cannot tell when the patches do not tile the image or the heads do not split E", () => {
    expect(compactFlopsOfLog(log(config, { datasetShape: "3x4x2", datasetClasses: 3 }, final()))).toBeNull();
    expect(compactFlopsOfLog(log(config, { datasetShape: "2x5x2", datasetClasses: 3 }, final()))).toBeNull();
    const threeHeads = { ...config, model: { ...config.model, numHeads: 3 } } as ExperimentConfig;
    expect(compactFlopsOfLog(log(threeHeads, env, final()))).toBeNull();
  });
});
