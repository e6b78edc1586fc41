// Magnitude pruning at its edges, worked by hand: ties at the threshold after smaller values,
// a tie on an entry already pruned, masks read as 0/1 at 0.5, refusals, and empty masks.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { magnitudePrune, maskSparsity } from "../../src/core/prune/magnitude";
import type { MaskSet } from "../../src/core/types";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const t = (values: number[]): tf.Tensor => tf.tensor1d(values);

function pruned(weights: number[], mask: number[], rate: number): number[] {
  const w = { w: t(weights) };
  const m = { w: t(mask) };
  const out = magnitudePrune(w, m, rate, "global");
  const values = Array.from(out.w!.dataSync());
  tf.dispose([w.w, m.w, out.w!]);
  return values;
}

describe("magnitudePrune", () => {
  it("prunes the values below the threshold, then only as many ties as are left to prune", () => {
    // 4 kept × 0.5 = 2: |1| is below the threshold 2, one of the three 2s goes (the first).
    expect(pruned([1, 2, -2, 2], [1, 1, 1, 1], 0.5)).toEqual([0, 0, 1, 1]);
  });

  it("does not spend a tie on an entry already pruned", () => {
    // 3 kept × 0.34 → 1: the threshold is 1; entry 0 (also 1) is pruned already.
    expect(pruned([1, 1, 2, 2], [0, 1, 1, 1], 0.34)).toEqual([0, 0, 1, 1]);
  });

  it("reads a mask entry as kept only above 0.5", () => {
    expect(pruned([5, 6], [0.5, 0.51], 0)).toEqual([0, 1]);
  });

  it("refuses a mask without its weight, or of another size, naming it", () => {
    const m = { w: t([1, 1]) };
    const w3 = { w: t([1, 2, 3]) };
    expect(() => magnitudePrune({}, m, 0.5, "global")).toThrow('magnitudePrune: no weight for mask "w"');
    expect(() => magnitudePrune(w3, m, 0.5, "layerwise")).toThrow(
      'magnitudePrune: "w" has 3 weights, 2 mask entries',
    );
    tf.dispose([m.w, w3.w]);
  });
});

describe("maskSparsity", () => {
  it("is 0 for no masks and for an empty tensor", () => {
    expect(maskSparsity({})).toEqual({ overall: 0, layers: {} });
    const empty: MaskSet = { e: t([]) };
    expect(maskSparsity(empty)).toEqual({ overall: 0, layers: { e: 0 } });
    tf.dispose(empty.e!);
  });
});
