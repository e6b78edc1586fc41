// The optimizers' state across steps: SGD's velocity and AdamW's moments and step count, their
// default β, reset() (each iteration of a run starts its optimizer afresh) and dispose(). The
// expected weights are worked from PyTorch's update rules on one-entry parameters.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { createOptimizer } from "../../src/core/train/optimizer";

/** A matrix (decays), a bias (does not) and the class token (rank 3, does not). */
function params() {
  return tf.tidy(() => ({
    weight: tf.variable(tf.tensor2d([[1]])),
    bias: tf.variable(tf.tensor1d([1])),
    cls_token: tf.variable(tf.tensor3d([[[1]]])),
  }));
}

function grads(value: number) {
  return { weight: tf.tensor2d([[value]]), bias: tf.tensor1d([value]), cls_token: tf.tensor3d([[[value]]]) };
}

function step(optimizer: ReturnType<typeof createOptimizer>, value: number, lr: number): void {
  const g = grads(value);
  optimizer.apply(g, lr);
  tf.dispose(Object.values(g));
}

const read = (p: ReturnType<typeof params>) => ({
  weight: p.weight.dataSync()[0]!,
  bias: p.bias.dataSync()[0]!,
  cls_token: p.cls_token.dataSync()[0]!,
});

describe("SGD with momentum", () => {
  it("accumulates velocity v = μv + g, forgets it on reset, and frees it on dispose", () => {
    const p = params();
    const before = tf.memory().numTensors;
    const optimizer = createOptimizer(p, { name: "sgd", momentum: 0.9, weightDecay: 0 });
    step(optimizer, 1, 0.1); // v = 1, w = 1 − 0.1 = 0.9
    expect(read(p).bias).toBeCloseTo(0.9, 6);
    step(optimizer, 1, 0.1); // v = 0.9 + 1 = 1.9, w = 0.9 − 0.19 = 0.71
    expect(read(p).bias).toBeCloseTo(0.71, 6);
    optimizer.reset();
    step(optimizer, 1, 0.1); // v = 1 again, w = 0.61
    expect(read(p)).toEqual({
      weight: expect.closeTo(0.61, 6),
      bias: expect.closeTo(0.61, 6),
      cls_token: expect.closeTo(0.61, 6),
    });
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(p));
  });
});

describe("AdamW", () => {
  it("uses β = (0.9, 0.999) by default, counts its steps for the bias correction, and restarts on reset", () => {
    const p = params();
    const before = tf.memory().numTensors;
    const optimizer = createOptimizer(p, { name: "adamw", momentum: 0, weightDecay: 0 });
    const lr = 0.01;
    step(optimizer, 1, lr); // the first step moves by lr·m̂/√v̂ = lr·sign(g)
    expect(read(p).bias).toBeCloseTo(1 - lr, 6);
    step(optimizer, 3, lr);
    // m = 0.9·0.1 + 0.1·3 = 0.39, v = 0.999·0.001 + 0.001·9 = 0.009999;
    // m̂ = 0.39 / (1 − 0.81), v̂ = 0.009999 / (1 − 0.998001).
    const mHat = 0.39 / 0.19;
    const vHat = 0.009999 / 0.001999;
    const second = 1 - lr - (lr * mHat) / Math.sqrt(vHat);
    expect(read(p).bias).toBeCloseTo(second, 6);
    optimizer.reset();
    step(optimizer, 3, lr); // a first step again: lr·sign(g)
    expect(read(p).bias).toBeCloseTo(second - lr, 6);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(p));
  });

  it("takes β and ε from the settings when given", () => {
    const p = params();
    const optimizer = createOptimizer(p, {
      name: "adamw",
      momentum: 0,
      weightDecay: 0,
      beta1: 0.5,
      beta2: 0.5,
      epsilon: 1,
    });
    step(optimizer, 1, 0.1);
    // m̂ = 1, v̂ = 1; with ε = 1 the step is lr·1/(1 + 1) = 0.05 (PyTorch adds ε to √v̂).
    expect(read(p).bias).toBeCloseTo(0.95, 6);
    step(optimizer, 1, 0.1);
    // m = 0.5·0.5 + 0.5 = 0.75, m̂ = 0.75/0.75 = 1; v̂ = 1 likewise: another 0.05.
    expect(read(p).bias).toBeCloseTo(0.9, 6);
    optimizer.dispose();
    tf.dispose(Object.values(p));
  });
});

describe("weight decay", () => {
  // SGD: d = 1 + 0.5·1, w = 1 − 0.1·1.5; AdamW: w = 1 − 0.1·0.5 − 0.1 (Adam's first step, lr·sign g).
  it.each(["sgd", "adamw"] as const)("%s decays matrices only: 0.85 against 0.9", (name) => {
    const p = params();
    const optimizer = createOptimizer(p, { name, momentum: 0, weightDecay: 0.5 });
    step(optimizer, 1, 0.1);
    expect(read(p)).toEqual({
      weight: expect.closeTo(0.85, 6),
      bias: expect.closeTo(0.9, 6),
      cls_token: expect.closeTo(0.9, 6),
    });
    optimizer.dispose();
    tf.dispose(Object.values(p));
  });
});
