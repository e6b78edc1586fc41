import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { disposePull, measurePull, rsstPullOf } from "../../src/core/prune/rsst";

describe("measurePull", () => {
  it("is the mean |w| where R = 0, M = 1 (pulled) and where R = 1, M = 1 (kept)", () => {
    // w = [1, −2, 3, −4, 5], M = [1, 1, 1, 0, 1], R = [1, 0, 0, 0, 1]:
    // pulled = entries 1, 2 → (2 + 3)/2 = 2.5; kept = entries 0, 4 → (1 + 5)/2 = 3.
    // Entry 3 (M = 0) is in neither. The owned bias is pulled but is not a prunable weight.
    const weights = { w: tf.tensor1d([1, -2, 3, -4, 5]), b: tf.tensor1d([100, 100]) };
    const masks = { w: tf.tensor1d([1, 1, 1, 0, 1]) };
    const refill = { w: tf.tensor1d([1, 0, 0, 0, 1]) };
    const owned = { b: tf.tensor1d([0, 1]) };
    const pull = rsstPullOf(masks, refill, owned);
    expect(measurePull(weights, pull)).toEqual({ pulled: 2.5, kept: 3 });
    disposePull(pull);
    tf.dispose([weights.w, weights.b, masks.w, refill.w, owned.b]);
  });

  it("is 0 for a side with no entries", () => {
    const weights = { w: tf.tensor1d([2, -6]) };
    const masks = { w: tf.tensor1d([1, 1]) };
    const refill = { w: tf.tensor1d([1, 1]) };
    const pull = rsstPullOf(masks, refill, {});
    expect(measurePull(weights, pull)).toEqual({ pulled: 0, kept: 4 });
    disposePull(pull);
    tf.dispose([weights.w, masks.w, refill.w]);
  });
});
