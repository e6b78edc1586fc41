import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { keptGroupCount, refill, structuredCut, topGroups } from "../../src/core/prune";
import type { RefillOptions, RefillResult } from "../../src/core/prune/refill";
import type { GroupSet, MaskSet } from "../../src/core/types";
import { convChannels, HEAD_ROWS, neuronSet, PROJ, QKV, TWO_HEADS } from "./fixtures/groups";

// Two heads of 32 entries each (fixtures/groups.ts): qkv.weight [12, 4], proj.weight [4, 4].
const FC1 = "blocks.0.mlp.fc1.weight";
const heads = TWO_HEADS;

/** Refill over one group set, ranked by `importance`. */
function refillSet(
  masks: MaskSet,
  set: GroupSet,
  importance: number[],
  options: RefillOptions,
): RefillResult {
  return refill(masks, [set], { [set.name]: importance }, options);
}

/** Density budget, rate 0.2, no fill-back. */
const DENSITY: RefillOptions = { rate: 0.2, fillbackRate: 0, headBudget: "density" };

/** M of the attention: head 0 loses qkv row 0 and proj (2,0) (27/32 kept), head 1 loses
 * qkv (6,1) and proj (0,3) (30/32 kept); plus an untargeted fc1 with a scattered mask. */
function attentionMasks(): MaskSet {
  const qkv = tf.buffer([12, 4], "float32", new Float32Array(48).fill(1));
  for (let c = 0; c < 4; c++) qkv.set(0, 0, c);
  qkv.set(0, 6, 1);
  const proj = tf.tensor2d([1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1], [4, 4]);
  const fc1 = tf.tensor2d([1, 0, 1, 0, 0, 1, 1, 1], [2, 4]);
  return { [QKV]: qkv.toTensor(), [PROJ]: proj, [FC1]: fc1 };
}

function dispose(...records: MaskSet[]): void {
  for (const record of records) for (const t of Object.values(record)) t.dispose();
}

describe("keptGroupCount", () => {
  it("density budget: k = max(1, floor(ρ·n + fillbackRate·(n − ρ·n)))", () => {
    const options = { rate: 0.2, headBudget: "density" as const };
    // ρ = 0.5, n = 4: floor(2) = 2; with fillback 0.5: floor(2 + 0.5·2) = 3.
    expect(keptGroupCount(0.5, 4, { ...options, fillbackRate: 0 })).toBe(2);
    expect(keptGroupCount(0.5, 4, { ...options, fillbackRate: 0.5 })).toBe(3);
    // ρ = 1/7, n = 5, fillback 0.3: 5/7 + 0.3·30/7 = 2 exactly, 1.9999999999999998 in floats.
    expect(keptGroupCount(1 / 7, 5, { ...options, fillbackRate: 0.3 })).toBe(2);
    // ρ = 0.8, n = 5: 0.8·5 = 4.000000000000001 in floats, k = 4.
    expect(keptGroupCount(0.8, 5, { ...options, fillbackRate: 0 })).toBe(4);
    // never below one group
    expect(keptGroupCount(0, 5, { ...options, fillbackRate: 0 })).toBe(1);
  });

  it("ratio budget: k = max(1, floor(n·(1 − rate)))", () => {
    const options = { fillbackRate: 0, headBudget: "ratio" as const };
    expect(keptGroupCount(0.3, 4, { ...options, rate: 0.2 })).toBe(3); // floor(3.2)
    expect(keptGroupCount(0.3, 2, { ...options, rate: 0.2 })).toBe(1); // floor(1.6)
    // 20·(1 − 0.9) = 1.9999999999999996 in floats, exactly 2.
    expect(keptGroupCount(1, 20, { ...options, rate: 0.9 })).toBe(2);
    expect(keptGroupCount(1, 4, { ...options, rate: 0.9 })).toBe(1); // floor(0.4) → 1
  });
});

describe("topGroups", () => {
  it("keeps the k most important, lower index first on ties", () => {
    expect(topGroups([0.3, 0.9, 0.1, 0.5], 2)).toEqual([false, true, false, true]);
    expect(topGroups([0.5, 0.5, 0.5], 2)).toEqual([true, true, false]);
    expect(topGroups([Number.NaN, 0.1], 1)).toEqual([false, true]);
  });
});

describe("refill", () => {
  it("keeps heads whole over q, k, v rows and proj columns; R = M outside the targeted sets", () => {
    const masks = attentionMasks();
    const before = tf.memory().numTensors;
    // ρ = (27 + 30) / 64 = 0.890625, ρ·n = 1.78125 → k = 1: the more important head 1.
    const result = refillSet(masks, heads, [0.2, 0.7], DENSITY);
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(result.alive).toEqual({ [heads.name]: [false, true] });
    expect(result.density).toEqual({ [heads.name]: [27 / 32, 30 / 32] });
    expect(result.structureMask[QKV]!.shape).toEqual([12, 4]);
    expect(result.structureMask[PROJ]!.shape).toEqual([4, 4]);
    const qkv = result.structureMask[QKV]!.arraySync() as number[][];
    // head 1 re-filled (its pruned (6,1) is back), head 0 all zeros.
    expect(qkv).toEqual(qkv.map((_, r) => new Array(4).fill(HEAD_ROWS[1]!.includes(r) ? 1 : 0)));
    expect(result.structureMask[PROJ]!.arraySync()).toEqual(new Array(4).fill([0, 0, 1, 1]));
    expect(result.structureMask[FC1]!.arraySync()).toEqual(masks[FC1]!.arraySync());
    expect(result.structureMask[FC1]).not.toBe(masks[FC1]);
    dispose(masks, result.structureMask);
  });

  it("keeps both heads with full fill-back, and head 0 on an importance tie", () => {
    const masks = attentionMasks();
    // fillback 1: 1.78125 + 1·0.21875 = 2 → both heads whole.
    const full = refillSet(masks, heads, [0.2, 0.7], { ...DENSITY, fillbackRate: 1 });
    expect(full.alive[heads.name]).toEqual([true, true]);
    expect(Array.from(full.structureMask[QKV]!.dataSync()).every((v) => v === 1)).toBe(true);
    // ratio, rate 0.2: floor(2·0.8) = 1; equal importance → head 0.
    const tie = refillSet(masks, heads, [0.4, 0.4], { ...DENSITY, headBudget: "ratio" });
    expect(tie.alive[heads.name]).toEqual([true, false]);
    expect(tie.structureMask[PROJ]!.arraySync()).toEqual(new Array(4).fill([1, 1, 0, 0]));
    dispose(masks, full.structureMask, tie.structureMask);
  });

  it("serves an MLP neuron set with the same function", () => {
    // 4 neurons, each row n of fc1 [4×2] and column n of fc2 [3×4]: 5 entries, 20 in all.
    // M keeps 10 → ρ = 0.5; fillback 0.5 → k = floor(2 + 0.5·2) = 3.
    const masks = {
      fc1: tf.tensor2d([1, 1, 0, 0, 1, 0, 1, 1], [4, 2]),
      fc2: tf.tensor2d([1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0], [3, 4]),
    };
    // per neuron kept: n0 2 + 2 = 4, n1 0 + 0 = 0, n2 1 + 2 = 3, n3 2 + 1 = 3 (sum 10).
    const result = refillSet(masks, neuronSet(4), [0.9, 0.1, 0.3, 0.6], { ...DENSITY, fillbackRate: 0.5 });
    expect(result.density["blocks.0.mlp"]).toEqual([4 / 5, 0, 3 / 5, 3 / 5]);
    expect(result.alive["blocks.0.mlp"]).toEqual([true, false, true, true]);
    expect(result.structureMask.fc1!.arraySync()).toEqual([
      [1, 1],
      [0, 0],
      [1, 1],
      [1, 1],
    ]);
    expect(result.structureMask.fc2!.arraySync()).toEqual(new Array(3).fill([1, 0, 1, 1]));
    dispose(masks, result.structureMask);
  });

  it("serves HWIO conv output channels (axis 3) with the same function", () => {
    const channels = convChannels(3);
    const masks = { "layer1.0.conv1.weight": tf.ones([1, 1, 2, 3]) };
    // ratio, rate 0.5: floor(3·0.5) = 1 → channel 1 (importance 0.9).
    const result = refillSet(masks, channels, [0.1, 0.9, 0.5], {
      rate: 0.5,
      fillbackRate: 0,
      headBudget: "ratio",
    });
    // HWIO flat order: in-channel 0 → out 0, 1, 2; in-channel 1 → out 0, 1, 2.
    expect(Array.from(result.structureMask["layer1.0.conv1.weight"]!.dataSync())).toEqual([0, 1, 0, 0, 1, 0]);
    dispose(masks, result.structureMask);
  });

  it("rejects importance of the wrong length", () => {
    const masks = attentionMasks();
    const options = { rate: 0.2, fillbackRate: 0, headBudget: "density" as const };
    expect(() => refill(masks, [heads], { [heads.name]: [1] }, options)).toThrow(/2 entries/);
    expect(() => refill(masks, [heads], {}, options)).toThrow(/importance of "blocks.0.attn"/);
    dispose(masks);
  });

  it("keeps an entry two sets slice only where both keep its group", () => {
    // w [2, 3] sliced by rows (one set) and by columns (another): R keeps the alive row's
    // entries in the alive column, however M was.
    const rows: GroupSet = {
      name: "rows",
      kind: "neuron",
      count: 2,
      width: 1,
      slices: [{ param: "w", axis: 0, offset: 0 }],
    };
    const cols: GroupSet = {
      name: "cols",
      kind: "neuron",
      count: 3,
      width: 1,
      slices: [{ param: "w", axis: 1, offset: 0 }],
    };
    const masks = { w: tf.tensor2d([1, 0, 1, 0, 1, 1], [2, 3]) };
    // ratio 0.5: rows keep floor(1) = 1 (row 0), columns floor(1.5) = 1 (column 1).
    const result = refill(
      masks,
      [rows, cols],
      { rows: [0.9, 0.1], cols: [0.1, 0.8, 0.2] },
      { rate: 0.5, fillbackRate: 0, headBudget: "ratio" },
    );
    expect(result.alive).toEqual({ rows: [true, false], cols: [false, true, false] });
    expect(Array.from(result.structureMask.w!.dataSync())).toEqual([0, 1, 0, 0, 0, 0]);
    dispose(masks, result.structureMask);
  });
});

describe("structuredCut", () => {
  it("is M ⊙ R: dropped heads zeroed, nothing re-filled", () => {
    const masks = attentionMasks();
    const result = refillSet(masks, heads, [0.2, 0.7], DENSITY);
    const before = tf.memory().numTensors;
    const cut = structuredCut(masks, result.structureMask);
    expect(tf.memory().numTensors).toBe(before + 3);
    const qkv = cut[QKV]!.arraySync() as number[][];
    // head 1 keeps M (its (6,1) stays pruned); head 0 all zeros.
    qkv.forEach((row, r) => {
      const expected = HEAD_ROWS[1]!.includes(r) ? [1, 1, 1, 1] : [0, 0, 0, 0];
      if (r === 6) expected[1] = 0;
      expect(row).toEqual(expected);
    });
    expect(cut[PROJ]!.arraySync()).toEqual([
      [0, 0, 1, 0],
      [0, 0, 1, 1],
      [0, 0, 1, 1],
      [0, 0, 1, 1],
    ]);
    expect(cut[FC1]!.arraySync()).toEqual(masks[FC1]!.arraySync());
    dispose(masks, result.structureMask, cut);
  });
});
