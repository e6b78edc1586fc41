// The RSST pull of one iteration, worked by hand: which entries it pulls and keeps, the mean
// |w| of each, and the refusals when a weight is missing.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { addRsstPull, decayPulled, disposePull, measurePull, rsstPullOf } from "../../src/core/prune/rsst";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const t = (values: number[]): tf.Tensor => tf.tensor1d(values);

describe("rsstPullOf and measurePull", () => {
  it("pulls M = 1, R = 0 and the cut groups' own entries; keeps M ⊙ R; measures mean |w| of each", () => {
    const before = tf.memory().numTensors;
    const masks = { w: t([1, 1, 1, 0]), v: t([1, 1]) };
    const refill = { w: t([1, 0, 0, 1]), v: t([0, 1]) };
    const owned = { b: t([1, 0]) };
    const weights = { w: t([2, -4, 6, 8]), v: t([3, -5]) };
    const pull = rsstPullOf(masks, refill, owned);
    expect(pull.prunable).toEqual(["w", "v"]);
    expect(pull.coefficient.w!.arraySync()).toEqual([0, 1, 1, 0]);
    expect(pull.coefficient.v!.arraySync()).toEqual([1, 0]);
    expect(pull.coefficient.b!.arraySync()).toEqual([0, 1]);
    expect(pull.kept.w!.arraySync()).toEqual([1, 0, 0, 0]);
    expect(pull.kept.v!.arraySync()).toEqual([0, 1]);
    // Pulled: |−4|, |6|, |3| → 13/3; kept: |2|, |−5| → 3.5. Biases are not measured.
    const record = measurePull(weights, pull);
    expect(record.pulled).toBeCloseTo(13 / 3, 6);
    expect(record.kept).toBeCloseTo(3.5, 6);
    disposePull(pull);
    tf.dispose([...Object.values(masks), ...Object.values(refill), ...Object.values(owned)]);
    tf.dispose(Object.values(weights));
    expect(tf.memory().numTensors).toBe(before);
  });

  it("measures 0 for a side with no entries", () => {
    const masks = { w: t([1, 0]) };
    const keepAll = { w: t([1, 1]) };
    const cutAll = { w: t([0, 0]) };
    const weights = { w: t([7, 9]) };
    const nonePulled = rsstPullOf(masks, keepAll, {});
    const noneKept = rsstPullOf(masks, cutAll, {});
    expect(measurePull(weights, nonePulled)).toEqual({ pulled: 0, kept: 7 });
    expect(measurePull(weights, noneKept)).toEqual({ pulled: 7, kept: 0 });
    disposePull(nonePulled);
    disposePull(noneKept);
    tf.dispose([masks.w, keepAll.w, cutAll.w, weights.w]);
  });
});

describe("a pulled name without its weight", () => {
  it("is refused by addRsstPull and decayPulled, naming it", () => {
    const g = t([1]);
    const pull = { w: t([1]) };
    expect(() => addRsstPull({ w: g }, {}, pull, 0.1)).toThrow('addRsstPull: no weight for "w"');
    expect(() => decayPulled({}, pull, 0.1)).toThrow('decayPulled: no weight for "w"');
    tf.dispose([g, pull.w]);
  });
});
