// The fused ops against the chains of plain tfjs ops they replace, in value and gradient.
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { affine } from "../../src/core/models/fused/affine";
import { fusedCrossEntropy } from "../../src/core/models/fused/crossEntropy";
import { linear, residualLinear } from "../../src/core/models/layers";
import { maskedWeight } from "../../src/core/models/params";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] ?? Number.NaN);
}

describe("affine", () => {
  it("is x·w + b", () => {
    // [[1, 2], [3, 4]]·[[1, 0, 2], [−1, 1, 0]] = [[−1, 2, 2], [−1, 4, 6]]; + [10, 20, 30].
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const w = tf.tensor2d([
      [1, 0, 2],
      [-1, 1, 0],
    ]);
    const out = affine(x, w, tf.tensor1d([10, 20, 30]));
    expect(out.shape).toEqual([2, 3]);
    expect(Array.from(out.dataSync())).toEqual([9, 22, 32, 9, 24, 36]);
    tf.dispose([x, w, out]);
  });

  it("inside linear, keeps linear's gradients those of x·Wᵀ + b", () => {
    const x = tf.randomNormal([5, 4], 0, 1, "float32", 1);
    const weight = tf.randomNormal([3, 4], 0, 1, "float32", 2);
    const bias = tf.randomNormal([3], 0, 1, "float32", 3);
    const dy = tf.randomNormal([5, 3], 0, 1, "float32", 4);
    const loss =
      (f: (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
      (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(f(a, w, b), dy));
    const ours = tf.grads(loss(linear))([x, weight, bias]);
    const plain = tf.grads(loss((a, w, b) => tf.add(tf.matMul(a, w, false, true), b)))([x, weight, bias]);
    ours.forEach((grad, i) => {
      expect(maxDifference(grad, plain[i]!)).toBeLessThan(1e-5);
    });
    tf.dispose([x, weight, bias, dy, ...ours, ...plain]);
  });
});

describe("residualLinear", () => {
  it("is r + x·Wᵀ + b, with that sum's gradients (r's passed through)", () => {
    const x = tf.randomNormal<tf.Rank.R2>([5, 4], 0, 1, "float32", 1);
    const weight = tf.randomNormal([3, 4], 0, 1, "float32", 2);
    const bias = tf.randomNormal([3], 0, 1, "float32", 3);
    const residual = tf.randomNormal<tf.Rank.R2>([5, 3], 0, 1, "float32", 5);
    const dy = tf.randomNormal([5, 3], 0, 1, "float32", 4);
    const loss =
      (f: (r: tf.Tensor2D, a: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
      (r: tf.Tensor, a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(f(r as tf.Tensor2D, a as tf.Tensor2D, w, b), dy));
    const plainSum = (r: tf.Tensor2D, a: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor) =>
      tf.add(r, tf.add(tf.matMul(a, w, false, true), b));
    const ours = tf.grads(loss(residualLinear))([residual, x, weight, bias]);
    const plain = tf.grads(loss(plainSum))([residual, x, weight, bias]);
    ours.forEach((grad, i) => {
      expect(maxDifference(grad, plain[i]!)).toBeLessThan(1e-5);
    });
    const value = residualLinear(residual, x, weight, bias);
    const expected = plainSum(residual, x, weight, bias);
    expect(maxDifference(value, expected)).toBeLessThan(1e-5);
    tf.dispose([x, weight, bias, residual, dy, value, expected, ...ours, ...plain]);
  });
});

describe("maskedWeight", () => {
  it("is W ⊙ M, with ∂W = ∂y ⊙ M, in one kernel each way after the mask's one clone", async () => {
    const weight = tf.variable(tf.tensor2d([[1, -2, 3, 0.5]]));
    const mask = tf.tensor2d([[1, 0, 1, 0]]);
    const dy = tf.tensor2d([[0.5, 2, -1, 4]]);
    const record = { w: weight };
    const profile = await tf.profile(() =>
      tf.variableGrads(
        () => tf.sum(tf.mul(maskedWeight(record, { w: mask }, "w"), dy)) as tf.Scalar,
        [weight],
      ),
    );
    const { value, grads } = profile.result as { value: tf.Scalar; grads: tf.NamedTensorMap };
    expect(value.dataSync()[0]).toBeCloseTo(0.5 - 3, 6);
    expect(Array.from(grads[weight.name]!.dataSync())).toEqual([0.5, 0, -1, 0]);
    const maskKernels = profile.kernels.slice(0, 2).map((k) => k.name);
    expect(maskKernels).toEqual(["Identity", "Multiply"]);
    tf.dispose([weight, mask, dy, value, ...Object.values(grads)]);
  });
});

/** The chain the fused loss replaces: −Σ logSoftmax ⊙ onehot / B, with tfjs's own gradient. */
function referenceCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const picked = tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, logits.shape[1]));
  return tf.div(tf.neg(tf.sum(picked)), logits.shape[0]) as tf.Scalar;
}

describe("fusedCrossEntropy", () => {
  it("is ln 2 for two equal logits, whichever the label", () => {
    const loss = fusedCrossEntropy(tf.zeros([3, 2]) as tf.Tensor2D, tf.tensor1d([0, 1, 1], "int32"));
    expect(loss.dataSync()[0]).toBeCloseTo(Math.LN2, 6);
    loss.dispose();
  });

  it("is ln 2 on the WASM backend too", async () => {
    await tf.setBackend("wasm");
    const loss = fusedCrossEntropy(tf.zeros([2, 2]) as tf.Tensor2D, tf.tensor1d([0, 1], "int32"));
    expect(loss.dataSync()[0]).toBeCloseTo(Math.LN2, 6);
    loss.dispose();
    await tf.setBackend("cpu");
  });

  it("has the gradient (softmax − onehot)/B: [[¼ − ½, ¼], …] for zero logits and B = 2", () => {
    const labels = tf.tensor1d([0, 1], "int32");
    const grad = tf.grad((x: tf.Tensor) => fusedCrossEntropy(x as tf.Tensor2D, labels))(tf.zeros([2, 2]));
    expect(Array.from(grad.dataSync())).toEqual([-0.25, 0.25, 0.25, -0.25].map((v) => expect.closeTo(v, 6)));
    tf.dispose([labels, grad]);
  });

  it("matches the unfused chain in value and gradient", () => {
    const logits = tf.randomNormal([8, 10], 0, 3, "float32", 5);
    const labels = tf.tensor1d([0, 3, 9, 9, 1, 4, 7, 2], "int32");
    const value = (f: typeof referenceCrossEntropy) => (x: tf.Tensor) =>
      tf.mul(f(x as tf.Tensor2D, labels), 3);
    const fused = tf.valueAndGrad(value(fusedCrossEntropy))(logits);
    const plain = tf.valueAndGrad(value(referenceCrossEntropy))(logits);
    expect(maxDifference(fused.value, plain.value)).toBeLessThan(1e-5);
    expect(maxDifference(fused.grad, plain.grad)).toBeLessThan(1e-5);
    tf.dispose([logits, labels, fused.value, fused.grad, plain.value, plain.grad]);
  });
});
