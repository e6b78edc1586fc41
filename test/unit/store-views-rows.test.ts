// The views no other test reads directly: the sparsity chart's rows and its sentence, RSST's
// pull sentence, whether an iteration regularizes, alive groups per iteration, and the kinds
// that have a criterion-vs-ablation ρ. Each fixture figure differs per iteration and layer.
import { describe, expect, it } from "vitest";
import { foldRunLog } from "../../src/core/runlog";
import type { IterationRecord, RunLog } from "../../src/core/types";
import { regularizes, sparsityRows } from "../../src/store/views/chartSeries";
import { pullSummary, sparsitySummary } from "../../src/store/views/chartSummaries";
import { aliveCounts } from "../../src/store/views/groupViews";
import { agreementEntries } from "../../src/store/views/headViews";
import { CONFIG, iterationRecord, STARTED } from "./store-fixtures";

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** The log a run that reported these iterations folds to. */
function logOf(iterations: IterationRecord[]): RunLog {
  const log = [
    STARTED,
    ...iterations.map((record) => ({ type: "iteration" as const, record })),
  ].reduce<RunLog | null>(foldRunLog, null);
  if (!log) throw new Error("the events should start a log");
  return log;
}

function twoLayers(index: number): IterationRecord {
  const record = iterationRecord(index, [
    [true, index === 0],
    [true, true],
  ]);
  const layers: Record<string, number> = { "a.weight": 0.1 * (index + 1) };
  if (index > 0) layers["b.weight"] = 0.3 * index;
  return { ...record, sparsity: { overall: 0.2 * (index + 1), layers } };
}

describe("sparsityRows", () => {
  it("gives each iteration, 1-based, its overall, structured and per-layer sparsity in %", () => {
    const { rows, layers } = sparsityRows(logOf([twoLayers(0), twoLayers(1)]));
    // The layers are the first iteration's; a layer an iteration lacks reads 0.
    expect(layers).toEqual(["a.weight"]);
    expect(rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, round(v)])))).toEqual(
      [
        { iteration: 1, overall: 20, structured: 25, "a.weight": 10 },
        { iteration: 2, overall: 40, structured: 50, "a.weight": 20 },
      ],
    );
    const first = twoLayers(1);
    const missing = { ...twoLayers(2), sparsity: { overall: 0.5, layers: {} } };
    expect(sparsityRows(logOf([first, missing])).rows[1]?.["b.weight"]).toBe(0);
  });

  it("is empty without a log or an iteration", () => {
    expect(sparsityRows(null)).toEqual({ rows: [], layers: [] });
    expect(sparsityRows(logOf([]))).toEqual({ rows: [], layers: [] });
  });
});

describe("sparsitySummary", () => {
  it("says each iteration's pruned and structured share, to a tenth of a percent", () => {
    expect(
      sparsitySummary({
        rows: [
          { iteration: 1, overall: 20, structured: 25.04 },
          { iteration: 2, overall: 36.66, structured: 50 },
        ],
        layers: [],
      }),
    ).toBe(
      "Sparsity after iteration 1: 20.0% of weights pruned, 25.0% structured; " +
        "iteration 2: 36.7% of weights pruned, 50.0% structured.",
    );
    expect(sparsitySummary({ rows: [{ iteration: 1 }], layers: [] })).toBe(
      "Sparsity after iteration 1: 0.0% of weights pruned, 0.0% structured.",
    );
    expect(sparsitySummary({ rows: [], layers: [] })).toBe("No iteration has finished yet.");
  });
});

describe("pullSummary", () => {
  it("says the latest step, 1-based, with both means to three figures", () => {
    const points = [
      { step: 0, pulled: 0.5, kept: 0.5 },
      { step: 11, pulled: 0.012345, kept: 0.43219 },
    ];
    expect(pullSummary(points)).toBe(
      "Mean |w| at step 12: 0.0123 for the pulled weights, 0.432 for the kept ones.",
    );
    expect(pullSummary([])).toBe("No weights are being pulled.");
  });
});

describe("regularizes", () => {
  it("is true for RSST from the second iteration on, never for another struct or no config", () => {
    const rsst = { ...CONFIG, struct: "rsst" as const };
    expect([0, 1, 2].map((iteration) => regularizes(rsst, iteration))).toEqual([false, true, true]);
    expect(regularizes({ ...CONFIG, struct: "refill" }, 1)).toBe(false);
    expect(regularizes(null, 1)).toBe(false);
  });
});

describe("aliveCounts", () => {
  it("counts each layer's alive groups after each iteration, the whole set where unrecorded", () => {
    const log = logOf([twoLayers(0), twoLayers(1)]);
    // MODEL's head sets: blocks.0.attn (2 heads; head 1 dies in iteration 1) and blocks.1.attn.
    expect(aliveCounts(log, "head")).toEqual([
      { layer: "blocks.0.attn", counts: [2, 1] },
      { layer: "blocks.1.attn", counts: [2, 2] },
    ]);
    const unrecorded = { ...twoLayers(2), groups: {} };
    expect(aliveCounts(logOf([unrecorded]), "head").map((layer) => layer.counts)).toEqual([[2], [2]]);
    expect(aliveCounts(log, "neuron")).toEqual([]);
    expect(aliveCounts(null, "head")).toEqual([]);
  });
});

describe("agreementEntries", () => {
  it("lists the kinds with a ρ in the fixed order head, neuron, channel, a missing ρ as null", () => {
    const record = (criterionAgreement: IterationRecord["criterionAgreement"]) => ({
      ...iterationRecord(0, [
        [true, true],
        [true, true],
      ]),
      criterionAgreement,
    });
    expect(agreementEntries(record({ channel: 0.1, head: 0.83, neuron: undefined }))).toEqual([
      { kind: "head", rho: 0.83 },
      { kind: "neuron", rho: null },
      { kind: "channel", rho: 0.1 },
    ]);
    expect(agreementEntries(record({ neuron: null }))).toEqual([{ kind: "neuron", rho: null }]);
    expect(agreementEntries(record(undefined))).toEqual([]);
    expect(agreementEntries(null)).toEqual([]);
  });
});
