// One epoch of training (trainEpoch) and one step (trainStep) on a model small enough to
// follow by hand: a softmax classifier over two features, logits = x · (W ⊙ M)ᵀ. The expected
// weights are recomputed here in float64 from the textbook gradient, (p − onehot(y)) xᵀ / n,
// so the loop's batches, learning rates, λ, losses, accuracy and RSST pull are all pinned.
import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import { RunControl } from "../../src/core/control";
import { type Batch, type Batcher, epochOrder } from "../../src/core/data/batches";
import { createRng } from "../../src/core/rng";
import { LossAboveBoundError, NonFiniteWeightsError } from "../../src/core/train/divergence";
import { type EpochContext, type RunCounter, trainEpoch } from "../../src/core/train/epoch";
import { createOptimizer, type OptimizerSettings } from "../../src/core/train/optimizer";
import { trainStep } from "../../src/core/train/step";
import type { ExperimentConfig, ExperimentEvent, MaskSet, Model } from "../../src/core/types";
import { fakeModel } from "./fixtures/fakeModel";

type Matrix = number[][];

/** Five training samples of two features, labels 0/1. */
const FEATURES: Matrix = [
  [1, 0],
  [0, 1],
  [1, 1],
  [2, -1],
  [-1, 2],
];
const LABELS = [0, 1, 1, 0, 1];

function linearModel(weight: Matrix): Model {
  const params = { "head.weight": tf.variable(tf.tensor2d(weight)) };
  return fakeModel(params, (x, { masks }) => {
    const w = params["head.weight"];
    const masked = masks["head.weight"] ? tf.mul(w, masks["head.weight"]) : w;
    return {
      logits: tf.matMul(tf.reshape(x, [x.shape[0], 2]), masked, false, true) as tf.Tensor2D,
      activations: {},
    };
  });
}

/** The samples at the indices asked for; records each request. */
function recordingBatcher(): Batcher & { asked: number[][]; augmented: boolean[] } {
  const asked: number[][] = [];
  const augmented: boolean[] = [];
  const batchOf = (indices: number[]): Batch => ({
    x: tf.tensor4d(
      indices.flatMap((i) => FEATURES[i]!),
      [indices.length, 1, 1, 2],
    ),
    y: tf.tensor1d(
      indices.map((i) => LABELS[i]!),
      "int32",
    ),
  });
  return {
    asked,
    augmented,
    trainBatch(indices, augment) {
      asked.push(Array.from(indices));
      augmented.push(augment);
      return batchOf(Array.from(indices));
    },
    testBatch: () => {
      throw new Error("not used");
    },
    // biome-ignore lint/correctness/useYield: not used by an epoch
    *testBatches() {
      throw new Error("not used");
    },
  };
}

/** Float64: the mean cross-entropy, the correct count and ∂loss/∂W of a batch under mask M. */
function reference(w: Matrix, mask: Matrix, indices: number[]) {
  const grad: Matrix = [
    [0, 0],
    [0, 0],
  ];
  let loss = 0;
  let correct = 0;
  for (const i of indices) {
    const x = FEATURES[i]!;
    const logits = [0, 1].map((c) => x[0]! * w[c]![0]! * mask[c]![0]! + x[1]! * w[c]![1]! * mask[c]![1]!);
    const top = Math.max(...logits);
    const exps = logits.map((z) => Math.exp(z - top));
    const total = exps[0]! + exps[1]!;
    const p = exps.map((e) => e / total);
    loss -= Math.log(p[LABELS[i]!]!);
    if ((logits[1]! > logits[0]! ? 1 : 0) === LABELS[i]) correct += 1;
    for (const c of [0, 1])
      for (const f of [0, 1])
        grad[c]![f]! += ((p[c]! - (c === LABELS[i] ? 1 : 0)) * x[f]! * mask[c]![f]!) / indices.length;
  }
  return { loss: loss / indices.length, correct, grad };
}

const SGD: OptimizerSettings = { name: "sgd", momentum: 0, weightDecay: 0 };

function config(overrides: Partial<Omit<ExperimentConfig, "arch" | "model">>): ExperimentConfig {
  return {
    ...DEFAULT_CONFIG,
    trainSize: 5,
    batchSize: 2,
    epochs: 2,
    lr: 0.5,
    warmup: 0,
    decreasingLr: "cosine",
    augment: false,
    rstSchedule: "x",
    regGranularityPrune: 0.2,
    ...overrides,
  };
}

const created: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const thing of created.splice(0)) thing.dispose();
});

function setup(weight: Matrix, mask: Matrix, pull: Matrix | null) {
  const model = linearModel(weight);
  const masks: MaskSet = { "head.weight": tf.tensor2d(mask) };
  const pullSet: MaskSet | null = pull ? { "head.weight": tf.tensor2d(pull) } : null;
  const optimizer = createOptimizer(model.params, SGD);
  created.push(model, optimizer, {
    dispose: () => tf.dispose([masks["head.weight"]!, ...(pullSet ? [pullSet["head.weight"]!] : [])]),
  });
  return { model, masks, pull: pullSet, optimizer };
}

/** The weights most tests start from. */
const START: Matrix = [
  [0.3, -0.2],
  [0.1, 0.4],
];
const ZEROS: Matrix = [
  [0, 0],
  [0, 0],
];
const ONES: Matrix = [
  [1, 1],
  [1, 1],
];

/** An epoch's context: the given parts, and a plain one-iteration run for the rest. */
function context(
  parts: Pick<EpochContext, "model" | "masks" | "optimizer"> & Partial<EpochContext>,
): EpochContext {
  return {
    config: config({}),
    batcher: recordingBatcher(),
    rng: createRng(1),
    control: new RunControl(),
    iteration: 0,
    epoch: 0,
    stepsPerEpoch: 2,
    pull: null,
    counter: { globalStep: 0, totalSteps: 2 },
    emit: () => {},
    ...parts,
  };
}

const readWeight = (model: Model) => model.params["head.weight"]!.arraySync() as Matrix;

describe("trainEpoch", () => {
  it("steps through the epoch's order batch by batch, with the iteration's lr and λ, and reports what it measured", async () => {
    const start = START;
    const mask: Matrix = [
      [1, 0],
      [1, 1],
    ];
    const pull: Matrix = [
      [0, 0],
      [1, 0],
    ];
    const { model, masks, pull: pullSet, optimizer } = setup(start, mask, pull);
    const batcher = recordingBatcher();
    const events: ExperimentEvent[] = [];
    const counter: RunCounter = { globalStep: 7, totalSteps: 20 };
    const cfg = config({});

    const summary = await trainEpoch({
      config: cfg,
      model,
      masks,
      batcher,
      optimizer,
      rng: createRng(11),
      control: new RunControl(),
      iteration: 3,
      epoch: 1,
      stepsPerEpoch: 2,
      pull: pullSet,
      counter,
      emit: (event) => events.push(event),
    });

    // The order of this epoch, from the same seed; two full batches of 2, the fifth sample unused.
    const order = Array.from(epochOrder(5, createRng(11)));
    expect(batcher.asked).toEqual([order.slice(0, 2), order.slice(2, 4)]);
    expect(batcher.augmented).toEqual([false, false]);

    // Epoch 1 of 2, 2 steps an epoch: the iteration's steps 2 and 3 of 4.
    // lr: cosine 0.5·0.5·(1 + cos(π·2/4)) = 0.25 and 0.25·(1 + cos(3π/4)); λ: 0.2·3/4, 0.2·4/4.
    const lrs = [0.25, 0.25 * (1 + Math.cos((3 * Math.PI) / 4))];
    const lambdas = [0.15, 0.2];
    let w = start.map((row) => [...row]);
    const losses: number[] = [];
    let correct = 0;
    for (const [s, indices] of [order.slice(0, 2), order.slice(2, 4)].entries()) {
      const step = reference(w, mask, indices);
      losses.push(step.loss);
      correct += step.correct;
      w = w.map((row, c) =>
        row.map((v, f) => v - lrs[s]! * (step.grad[c]![f]! + lambdas[s]! * pull[c]![f]! * v)),
      );
    }
    const weight = readWeight(model);
    for (const c of [0, 1]) for (const f of [0, 1]) expect(weight[c]![f]).toBeCloseTo(w[c]![f]!, 5);
    // The masked-out entry gets no gradient and no pull: unchanged.
    expect(weight[0]![1]).toBeCloseTo(-0.2, 6);

    expect(events).toHaveLength(2);
    for (const [s, event] of events.entries()) {
      expect(event).toMatchObject({
        type: "step",
        iteration: 3,
        epoch: 1,
        step: s,
        globalStep: 8 + s,
        totalSteps: 20,
      });
      if (event.type !== "step") throw new Error("not a step event");
      expect(event.lr).toBeCloseTo(lrs[s]!, 12);
      expect(event.lambda).toBeCloseTo(lambdas[s]!, 12);
      expect(event.loss).toBeCloseTo(losses[s]!, 5);
    }
    expect(counter.globalStep).toBe(9);
    expect(counter.firstLoss).toBeCloseTo(losses[0]!, 5);
    expect(summary.trainLoss).toBeCloseTo((losses[0]! + losses[1]!) / 2, 5);
    expect(summary.trainAcc).toBeCloseTo(correct / 4, 10);
    expect(summary.lambda).toBeCloseTo(0.2, 12);
  });

  it("without a pull: λ is 0, the weights follow plain SGD, a first loss already set is kept, and augment is passed on", async () => {
    const start = START;
    const ones = ONES;
    const { model, masks, optimizer } = setup(start, ones, null);
    const batcher = recordingBatcher();
    const events: ExperimentEvent[] = [];
    const counter: RunCounter = { globalStep: 0, totalSteps: 2, firstLoss: 0.123 };
    const summary = await trainEpoch({
      config: config({ augment: true, decreasingLr: "none", epochs: 1 }),
      model,
      masks,
      batcher,
      optimizer,
      rng: createRng(5),
      control: new RunControl(),
      iteration: 0,
      epoch: 0,
      stepsPerEpoch: 1,
      pull: null,
      counter,
      emit: (event) => events.push(event),
    });
    const order = Array.from(epochOrder(5, createRng(5))).slice(0, 2);
    expect(batcher.asked).toEqual([order]);
    expect(batcher.augmented).toEqual([true]);
    const step = reference(start, ones, order);
    const weight = readWeight(model);
    for (const c of [0, 1])
      for (const f of [0, 1]) expect(weight[c]![f]).toBeCloseTo(start[c]![f]! - 0.5 * step.grad[c]![f]!, 5);
    expect(summary.lambda).toBe(0);
    expect(events[0]).toMatchObject({ lambda: 0, lr: 0.5 });
    expect(counter.firstLoss).toBe(0.123);
    expect(summary.trainAcc).toBeCloseTo(step.correct / 2, 10);
  });

  it("stops a loss above the bound, naming the iteration, epoch and step", async () => {
    // Logits (100, 0) for a sample of class 1: a loss of 100 > 100·ln 2 ≈ 69.3.
    const { model, masks, optimizer } = setup(
      [
        [100, 0],
        [0, 0],
      ],
      [
        [1, 1],
        [1, 1],
      ],
      null,
    );
    const batcher = recordingBatcher();
    // Sample 0 is [1, 0] of class 0; make both samples of the batch [1, 0]-like with label 1.
    batcher.trainBatch = () => ({
      x: tf.tensor4d([1, 0, 1, 0], [2, 1, 1, 2]),
      y: tf.tensor1d([1, 1], "int32"),
    });
    const run = trainEpoch(
      context({
        model,
        masks,
        optimizer,
        batcher,
        iteration: 2,
        epoch: 1,
        counter: { globalStep: 0, totalSteps: 4, firstLoss: 1e-6 },
      }),
    );
    await expect(run).rejects.toBeInstanceOf(LossAboveBoundError);
    await expect(run).rejects.toThrow(/iteration 2, epoch 1, step 0/);
  });

  it("refuses weights that the last update made infinite, though every loss was finite", async () => {
    const { model, masks, optimizer } = setup(ZEROS, ONES, null);
    const events: ExperimentEvent[] = [];
    const run = trainEpoch(
      context({
        model,
        masks,
        optimizer,
        config: config({ lr: 1e39, decreasingLr: "none" }),
        iteration: 1,
        stepsPerEpoch: 1,
        emit: (event) => events.push(event),
      }),
    );
    await expect(run).rejects.toBeInstanceOf(NonFiniteWeightsError);
    // W = 0: the one step's loss was ln 2, finite, and reported before the weights were checked.
    expect(events).toHaveLength(1);
    if (events[0]?.type !== "step") throw new Error("not a step event");
    expect(events[0].loss).toBeCloseTo(Math.log(2), 6);
  });

  it("passes the control's gate before each step: cancelled, it asks for no batch", async () => {
    const { model, masks, optimizer } = setup(ZEROS, ONES, null);
    const control = new RunControl();
    control.cancel();
    const batcher = recordingBatcher();
    await expect(trainEpoch(context({ model, masks, optimizer, batcher, control }))).rejects.toThrow(
      "The run was cancelled.",
    );
    expect(batcher.asked).toEqual([]);
  });
});

describe("trainStep with AdamW and an RSST pull", () => {
  it("decays the pulled entries after the update, by lr·λ (decoupled), and leaves the rest to Adam", () => {
    const start = START;
    const ones = ONES;
    const model = linearModel(start);
    const masks: MaskSet = { "head.weight": tf.tensor2d(ones) };
    const pull: MaskSet = {
      "head.weight": tf.tensor2d([
        [0, 1],
        [0, 0],
      ]),
    };
    const optimizer = createOptimizer(model.params, {
      name: "adamw",
      momentum: 0,
      weightDecay: 0,
      epsilon: 1e-8,
    });
    created.push(model, optimizer, {
      dispose: () => tf.dispose([masks["head.weight"]!, pull["head.weight"]!]),
    });
    const batch: Batch = { x: tf.tensor4d([1, 0, 0, 1], [2, 1, 1, 2]), y: tf.tensor1d([0, 1], "int32") };
    const lr = 0.01;
    const lambda = 2;
    const result = trainStep(model, masks, batch, optimizer, lr, { lambda, pull });
    const expected = reference(start, ones, [0, 1]);
    expect(result.loss.dataSync()[0]).toBeCloseTo(expected.loss, 5);
    expect(result.correct.dataSync()[0]).toBe(expected.correct);
    tf.dispose([result.loss, result.correct, batch.x, batch.y]);

    // Adam's first step moves each entry by lr·sign(g); then the pulled entry loses lr·λ of itself.
    const weight = readWeight(model);
    for (const c of [0, 1])
      for (const f of [0, 1]) {
        const adam = start[c]![f]! - lr * Math.sign(expected.grad[c]![f]!);
        const pulled = c === 0 && f === 1 ? adam * (1 - lr * lambda) : adam;
        expect(weight[c]![f]).toBeCloseTo(pulled, 6);
      }
  });

  it("with λ = 0 pulls nothing, and a step leaves no tensor behind once the optimizer has its state", () => {
    const start = START;
    const ones = ONES;
    const { model, masks, optimizer } = setup(start, ones, null);
    const pull: MaskSet = { "head.weight": tf.ones([2, 2]) };
    created.push({ dispose: () => tf.dispose(pull["head.weight"]!) });
    const batch: Batch = { x: tf.tensor4d([1, 0, 0, 1], [2, 1, 1, 2]), y: tf.tensor1d([0, 1], "int32") };
    const result = trainStep(model, masks, batch, optimizer, 0.5, { lambda: 0, pull });
    tf.dispose([result.loss, result.correct, batch.x, batch.y]);
    const grad = reference(start, ones, [0, 1]).grad;
    const weight = readWeight(model);
    for (const c of [0, 1])
      for (const f of [0, 1]) expect(weight[c]![f]).toBeCloseTo(start[c]![f]! - 0.5 * grad[c]![f]!, 5);

    const before = tf.memory().numTensors;
    const again: Batch = { x: tf.tensor4d([1, 1, 2, -1], [2, 1, 1, 2]), y: tf.tensor1d([1, 0], "int32") };
    const second = trainStep(model, masks, again, optimizer, 0.5, { lambda: 0.5, pull });
    tf.dispose([second.loss, second.correct, again.x, again.y]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
