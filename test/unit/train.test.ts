import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { crossEntropy } from "../../src/core/train/loss";
import { learningRate } from "../../src/core/train/lrSchedule";
import { createOptimizer } from "../../src/core/train/optimizer";

describe("learningRate", () => {
  const base = { lr: 1, warmupEpochs: 1, epochs: 3, stepsPerEpoch: 2 };

  it("warms up linearly over the warm-up steps", () => {
    // 2 warm-up steps: lr·1/2, lr·2/2
    expect(learningRate({ ...base, decreasingLr: "none" }, 0)).toBeCloseTo(0.5);
    expect(learningRate({ ...base, decreasingLr: "none" }, 1)).toBeCloseTo(1);
  });

  it("follows a cosine from lr to 0 after warm-up", () => {
    // after warm-up: 4 steps span; step 2 → progress 0 → 1; step 4 → progress 0.5 → 0.5
    expect(learningRate({ ...base, decreasingLr: "cosine" }, 2)).toBeCloseTo(1);
    expect(learningRate({ ...base, decreasingLr: "cosine" }, 4)).toBeCloseTo(0.5);
  });

  it("multiplies by 0.1 at each milestone epoch", () => {
    const schedule = { ...base, warmupEpochs: 0, decreasingLr: "1,2" };
    expect(learningRate(schedule, 1)).toBeCloseTo(1); // epoch 0
    expect(learningRate(schedule, 2)).toBeCloseTo(0.1); // epoch 1
    expect(learningRate(schedule, 5)).toBeCloseTo(0.01); // epoch 2
  });
});

describe("optimizers", () => {
  it("SGD with momentum follows PyTorch: v = μv + g + wd·w, w -= lr·v", () => {
    const w = tf.variable(tf.tensor2d([[1, -2]]));
    const opt = createOptimizer({ w }, { name: "sgd", momentum: 0.5, weightDecay: 0.1 });
    const g = tf.tensor2d([[0.5, 0.5]]);
    opt.apply({ w: g }, 1);
    // v = [0.5 + 0.1, 0.5 - 0.2] = [0.6, 0.3]; w = [0.4, -2.3]
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.4, 6), expect.closeTo(-2.3, 6)]);
    opt.apply({ w: g }, 1);
    // d = [0.5 + 0.04, 0.5 - 0.23] = [0.54, 0.27]; v = [0.3 + 0.54, 0.15 + 0.27]; w = [0.4 - 0.84, -2.3 - 0.42]
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(-0.44, 6), expect.closeTo(-2.72, 6)]);
    opt.dispose();
    tf.dispose([w, g]);
  });

  it("AdamW's first step moves each weight by lr·sign(g) plus decoupled decay", () => {
    const w = tf.variable(tf.tensor2d([[1, -2]]));
    const bias = tf.variable(tf.tensor1d([3]));
    const opt = createOptimizer({ w, bias }, { name: "adamw", momentum: 0, weightDecay: 0.5 });
    const gw = tf.tensor2d([[0.3, -0.7]]);
    const gb = tf.tensor1d([2]);
    opt.apply({ w: gw, bias: gb }, 0.1);
    // m̂ = g, v̂ = g², step = lr·g/|g| = ±0.1; decay w·(1 − 0.1·0.5) = w·0.95 (matrices only)
    expect(Array.from(w.dataSync())).toEqual([expect.closeTo(0.95 - 0.1, 5), expect.closeTo(-1.9 + 0.1, 5)]);
    expect(bias.dataSync()[0]).toBeCloseTo(2.9, 5);
    opt.dispose();
    tf.dispose([w, bias, gw, gb]);
  });
});

describe("crossEntropy", () => {
  it("is the mean negative log-probability of the labels", () => {
    // logits [0, ln 3] → p = [1/4, 3/4]; labels 1 and 0 → (−ln 3/4 − ln 1/4) / 2
    const logits = tf.tensor2d([
      [0, Math.log(3)],
      [0, Math.log(3)],
    ]);
    const labels = tf.tensor1d([1, 0], "int32");
    const loss = crossEntropy(logits, labels);
    expect(loss.dataSync()[0]).toBeCloseTo((-Math.log(0.75) - Math.log(0.25)) / 2, 5);
    tf.dispose([logits, labels, loss]);
  });
});
