// The head views at their edges: values that are not finite, sets the record does not measure,
// records without attention or ablation, block numbers past 9 and set names that are not
// "blocks.N.…", and the ρ reasons for channels, per layer.
import { describe, expect, it } from "vitest";
import type { GroupRecord, IterationRecord, ModelSummary, RunLog } from "../../src/core/types";
import {
  ablationShades,
  agreementText,
  criterionPoints,
  descendingRanks,
  headMaps,
  rhoUndefinedReason,
} from "../../src/store/views/headViews";

function recordOf(groups: IterationRecord["groups"], extra: Partial<IterationRecord> = {}): IterationRecord {
  return {
    index: 1,
    epochs: [],
    sparsity: { overall: 0.5, layers: {} },
    trainedSparsity: 0.3,
    structuredSparsity: 0.5,
    testAccUnstructured: 0.8,
    testAccStructured: 0.7,
    groups,
    durationMs: 1,
    ...extra,
  };
}

function logOf(groups: ModelSummary["groups"]): RunLog {
  return { model: { arch: "vit", prunableParams: 1, groups }, iterations: [] } as unknown as RunLog;
}

function measured(
  kind: GroupRecord["kind"],
  importance: number[],
  ablation?: (number | null)[],
): GroupRecord {
  return {
    kind,
    importance,
    alive: importance.map((_, g) => g !== 1),
    density: importance.map(() => 1),
    ...(ablation && { ablation }),
  };
}

describe("descendingRanks", () => {
  it("ranks only finite numbers: NaN, ±Infinity, null and undefined get none and count for none", () => {
    expect(
      descendingRanks([3, Number.NaN, null, 5, undefined, 3, Number.POSITIVE_INFINITY, -Infinity]),
    ).toEqual([2, null, null, 1, null, 2, null, null]);
  });
});

describe("headMaps", () => {
  const log = logOf([
    { name: "blocks.0.attn", kind: "head", count: 2 },
    { name: "blocks.0.mlp", kind: "neuron", count: 4 },
    { name: "blocks.1.attn", kind: "head", count: 2 },
  ]);

  it("draws nothing without a log or a record", () => {
    expect(headMaps(null, recordOf({}), 0)).toEqual([]);
    expect(headMaps(log, null, 0)).toEqual([]);
  });

  it("takes the chosen image's map, and shows a set the record does not measure as alive and blank", () => {
    const record = recordOf(
      { "blocks.0.attn": measured("head", [0.2, 0.7]) },
      {
        attention: {
          images: [4, 9],
          maps: {
            "blocks.0.attn": [
              [
                [0.1, 0.9],
                [0.2, 0.8],
              ],
              [
                [0.6, 0.4],
                [0.3, 0.7],
              ],
            ],
          },
        },
      },
    );
    const layers = headMaps(log, record, 1);
    expect(layers.map((layer) => layer.name)).toEqual(["blocks.0.attn", "blocks.1.attn"]);
    expect(layers[0]?.heads).toEqual([
      {
        head: 0,
        alive: true,
        attention: [0.6, 0.4],
        importance: 0.2,
        ablation: null,
        importanceRank: 2,
        ablationRank: null,
      },
      {
        head: 1,
        alive: false,
        attention: [0.3, 0.7],
        importance: 0.7,
        ablation: null,
        importanceRank: 1,
        ablationRank: null,
      },
    ]);
    const blank = {
      alive: true,
      attention: null,
      importance: null,
      ablation: null,
      importanceRank: null,
      ablationRank: null,
    };
    expect(layers[1]?.heads).toEqual([
      { head: 0, ...blank },
      { head: 1, ...blank },
    ]);
  });

  it("gives no map when the record logged no attention", () => {
    const layers = headMaps(log, recordOf({ "blocks.0.attn": measured("head", [1, 2], [0.1, 0.3]) }), 0);
    expect(layers[0]?.heads.map((h) => [h.attention, h.ablation, h.ablationRank])).toEqual([
      [null, 0.1, 2],
      [null, 0.3, 1],
    ]);
  });
});

describe("criterionPoints", () => {
  // A neuron set first, then head sets: a block past 9, a name with a prefix (placed by its
  // position among the head sets, 1), a set without ablation and one the record lacks.
  const log = logOf([
    { name: "blocks.0.mlp", kind: "neuron", count: 2 },
    { name: "blocks.12.attn", kind: "head", count: 4 },
    { name: "vit.blocks.3.attn", kind: "head", count: 2 },
    { name: "blocks.5.attn", kind: "head", count: 2 },
    { name: "blocks.6.attn", kind: "head", count: 2 },
  ]);
  const record = recordOf({
    "blocks.0.mlp": measured("neuron", [1, 2], [0.5, 0.5]),
    "blocks.12.attn": measured("head", [0.4, Number.NaN, 0.9], [0.2, 0.3, null, 0.6]),
    "vit.blocks.3.attn": measured("head", [2, 1], [0.1, 0.05]),
    "blocks.5.attn": measured("head", [1, 1]),
  });

  it("pairs each head's importance with its ablation where both are finite, by block", () => {
    expect(criterionPoints(log, record, "head")).toEqual([
      { set: "blocks.12.attn", block: 12, index: 0, importance: 0.4, ablation: 0.2 },
      { set: "vit.blocks.3.attn", block: 1, index: 0, importance: 2, ablation: 0.1 },
      { set: "vit.blocks.3.attn", block: 1, index: 1, importance: 1, ablation: 0.05 },
    ]);
  });

  it("has no points without a log or a record", () => {
    expect(criterionPoints(null, record, "head")).toEqual([]);
    expect(criterionPoints(log, null, "head")).toEqual([]);
  });
});

describe("ablationShades", () => {
  it("rescales the finite values to [0, 1] within the set and leaves the rest blank", () => {
    const record = recordOf({
      spread: measured("head", [1, 1, 1, 1, 1, 1], [null, 2, Number.NaN, 4, 3, Number.POSITIVE_INFINITY]),
      flat: measured("head", [1, 1, 1], [2, 2, null]),
    });
    expect(ablationShades(record, "spread")).toEqual([null, 0, null, 1, 0.5, null]);
    expect(ablationShades(record, "flat")).toEqual([0, 0, null]);
  });

  it("is empty for no record, a set it lacks, or a set without ablation", () => {
    const record = recordOf({ bare: measured("head", [1, 2]) });
    expect(ablationShades(null, "bare")).toEqual([]);
    expect(ablationShades(record, "missing")).toEqual([]);
    expect(ablationShades(record, "bare")).toEqual([]);
  });
});

describe("agreementText", () => {
  it("is empty without a ρ, and lists the kinds in a fixed order", () => {
    expect(agreementText(null)).toBe("");
    expect(agreementText(recordOf({}))).toBe("");
    expect(agreementText(recordOf({}, { criterionAgreement: { channel: 0.123, head: -0.5 } }))).toBe(
      "criterion vs ablation: ρ head -0.50, channel 0.12",
    );
  });
});

describe("rhoUndefinedReason for channels", () => {
  // Three channel sets placed by position (layers 1–3) and a head set that has a ρ of its own.
  const log = logOf([
    { name: "conv.a", kind: "channel", count: 2 },
    { name: "blocks.0.attn", kind: "head", count: 2 },
    { name: "conv.b", kind: "channel", count: 2 },
    { name: "conv.c", kind: "channel", count: 2 },
  ]);

  it("names the layers, not blocks, and counts a value that is not finite as not alive", () => {
    const record = recordOf({
      "conv.a": measured("channel", [1, 2], [null, null]),
      "blocks.0.attn": measured("head", [1, 2], [0.1, 0.2]),
      // One finite Δloss (the other is NaN), and one finite importance (the other is NaN).
      "conv.b": measured("channel", [1, 2], [Number.NaN, 0.2]),
      "conv.c": measured("channel", [Number.NaN, 1], [0.1, 0.2]),
    });
    expect(rhoUndefinedReason(log, record, "channel")).toBe(
      "ρ needs 2 or more alive channels per layer, with unequal importance and Δloss; layer 1: no alive channel; layers 2, 3: one alive channel",
    );
    expect(rhoUndefinedReason(log, record, "head")).toBeNull();
  });

  it("gives no reason without a log or a record", () => {
    expect(rhoUndefinedReason(null, recordOf({}), "channel")).toBeNull();
    expect(rhoUndefinedReason(log, null, "channel")).toBeNull();
  });
});
