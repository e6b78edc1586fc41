// The ViT's last block computes only the class tokens' rows when nothing observes the
// activations: the same logits and gradients as the whole block, fewer rows multiplied.
import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createVit } from "../../src/core/models";
import { attentionRows } from "../../src/core/models/attention";
import type { ForwardOptions, Model } from "../../src/core/types";

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Number.NaN);
}

describe("attentionRows with the class token's queries only", () => {
  it("gives the whole attention's first B rows, and its gradients for a loss on them", () => {
    const [tokens, batch, heads, width] = [4, 2, 2, 6];
    const x = tf.randomNormal([tokens * batch, 6], 0, 1, "float32", 1) as tf.Tensor2D;
    const weight = tf.randomNormal([3 * width, 6], 0, 0.5, "float32", 2);
    const bias = tf.randomNormal([3 * width], 0, 0.5, "float32", 3);
    const dyClass = tf.randomNormal([batch, width], 0, 1, "float32", 4);
    // The whole attention's loss sees only the class rows: dy is zero on the other tokens'.
    const dyAll = tf.concat([dyClass, tf.zeros([(tokens - 1) * batch, width])]);
    const classOnly = (...[a, w, b]: tf.Tensor[]) =>
      tf.sum(tf.mul(attentionRows(a as tf.Tensor2D, w!, b!, tokens, heads, 1), dyClass));
    const whole = (...[a, w, b]: tf.Tensor[]) =>
      tf.sum(tf.mul(attentionRows(a as tf.Tensor2D, w!, b!, tokens, heads), dyAll));
    const value = attentionRows(x, weight, bias, tokens, heads, 1);
    const expected = tf.slice(attentionRows(x, weight, bias, tokens, heads), [0, 0], [batch, width]);
    expect(value.shape).toEqual([batch, width]);
    expect(maxDifference(value, expected)).toBeLessThan(1e-6);
    const ours = tf.grads(classOnly)([x, weight, bias]);
    const reference = tf.grads(whole)([x, weight, bias]);
    ours.forEach((grad, i) => {
      expect(grad.shape).toEqual(reference[i]!.shape);
      expect(maxDifference(grad, reference[i]!)).toBeLessThan(1e-5);
    });
    tf.dispose([x, weight, bias, dyClass, dyAll, value, expected, ...ours, ...reference]);
  });
});

describe("attentionRows with 197 tokens", () => {
  it("takes the class rows of a batch whose token count does not divide evenly into floats", () => {
    // 28×28 images in 2×2 patches: 197 tokens; 197 · (1/197) is not 1 in floating point.
    const [tokens, batch, heads, width] = [197, 1, 1, 1];
    const x = tf.randomNormal([tokens * batch, 1], 0, 1, "float32", 5) as tf.Tensor2D;
    const weight = tf.randomNormal([3 * width, 1], 0, 0.5, "float32", 6);
    const bias = tf.zeros([3 * width]);
    const value = attentionRows(x, weight, bias as tf.Tensor1D, tokens, heads, 1);
    const expected = tf.slice(
      attentionRows(x, weight, bias as tf.Tensor1D, tokens, heads),
      [0, 0],
      [batch, width],
    );
    expect(value.shape).toEqual([batch, width]);
    expect(maxDifference(value, expected)).toBeLessThan(1e-6);
    tf.dispose([x, weight, bias, value, expected]);
  });
});

describe("the ViT's last block", () => {
  // 8×8×1 images, 4×4 patches: T = 5 tokens, batch 3; E = 8, MLP 20 (no q, k or v width).
  const images = tf.randomNormal([3, 8, 8, 1], 0, 1, "float32", 5) as tf.Tensor4D;
  afterAll(() => images.dispose());
  // Made before each test, not at load: Stryker credits a mutant only to the tests that run its code.
  let model: Model;
  beforeEach(() => {
    model = createVit({ depth: 2, embedDim: 8, numHeads: 2, mlpRatio: 2.5, patchSize: 4 }, [8, 8, 1], 3, 1);
  });
  afterEach(() => model.dispose());

  /** Loss Σ logits², its logits and every parameter's gradient, under `options`. */
  function step(options: ForwardOptions) {
    const names = Object.keys(model.params);
    return tf.tidy(() => {
      let logits: tf.Tensor | null = null;
      const { grads } = tf.variableGrads(
        () => {
          logits = tf.keep(model.forward(images, options).logits);
          return tf.sum(tf.square(logits)) as tf.Scalar;
        },
        names.map((name) => model.params[name]!),
      );
      const byName = names.map((name) => grads[model.params[name]!.name]!);
      return { logits: logits! as tf.Tensor, grads: byName };
    });
  }

  it("gives the logits and gradients of the whole block, whose every row an observer sees", () => {
    const before = tf.memory().numTensors;
    const classOnly = step({ training: true, masks: {} });
    // Probes (even none) make the forward pass observe its activations: the whole path.
    const whole = step({ training: true, masks: {}, probes: {} });
    expect(maxDifference(classOnly.logits, whole.logits)).toBeLessThan(1e-5);
    classOnly.grads.forEach((grad, i) => {
      expect(maxDifference(grad, whole.grads[i]!)).toBeLessThan(1e-5);
    });
    tf.dispose([classOnly.logits, whole.logits, ...classOnly.grads, ...whole.grads]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("multiplies only the class tokens' rows in its MLP when nothing observes", async () => {
    const mlpInputRows = async (options: ForwardOptions) => {
      const profile = await tf.profile(() => {
        const { logits, activations } = model.forward(images, options);
        tf.dispose([logits, ...Object.values(activations)]);
      });
      // fc1's products: x [1, rows, E = 8] · W [1, 8, 20].
      return profile.kernels
        .filter((k) => k.name === "_FusedMatMul" && k.inputShapes[1]?.[2] === 20)
        .map((k) => k.inputShapes[0]?.[1]);
    };
    // Block 0 multiplies all 5·3 = 15 rows, the last block the 3 class tokens.
    expect(await mlpInputRows({ training: false, masks: {} })).toEqual([15, 3]);
    expect(await mlpInputRows({ training: false, masks: {}, collect: true })).toEqual([15, 15]);
  });
});
