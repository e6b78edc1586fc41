// The reference configurations of the benchmark: the default tiny ViT and the default ResNet
// on 28×28×1 images, 10 classes, batch 64, trained with the default optimizer.
import * as tf from "@tensorflow/tfjs";
import { DEFAULT_CONFIG, DEFAULT_RESNET_MODEL, DEFAULT_VIT_MODEL } from "../src/core/config";
import { type Batcher, createBatcher } from "../src/core/data";
import { createResNet, createVit } from "../src/core/models";
import { createRng, permutation, type Rng } from "../src/core/rng";
import { createOptimizer, type Optimizer } from "../src/core/train/optimizer";
import { type Regularization, trainStep } from "../src/core/train/step";
import type { Dataset, MaskSet, Model } from "../src/core/types";

export const IMAGE_SHAPE: [number, number, number] = [28, 28, 1];
export const NUM_CLASSES = 10;
export const BATCH_SIZE = 64;
const TRAIN_IMAGES = 1024;

export type ReferenceArch = "vit" | "resnet";

export function buildReference(arch: ReferenceArch, seed = 1): Model {
  return arch === "vit"
    ? createVit(DEFAULT_VIT_MODEL, IMAGE_SHAPE, NUM_CLASSES, seed)
    : createResNet(DEFAULT_RESNET_MODEL, IMAGE_SHAPE, NUM_CLASSES, seed);
}

/** Uniform-noise digits: the step's cost does not depend on what the pixels show. */
function noiseDataset(rng: Rng): Dataset {
  const pixels = IMAGE_SHAPE[0] * IMAGE_SHAPE[1] * IMAGE_SHAPE[2];
  const images = new Uint8Array(TRAIN_IMAGES * pixels).map(() => rng.int(256));
  const labels = new Uint8Array(TRAIN_IMAGES).map((_, i) => i % NUM_CLASSES);
  const set = { images, labels, count: TRAIN_IMAGES };
  return {
    name: "noise",
    shape: IMAGE_SHAPE,
    numClasses: NUM_CLASSES,
    train: set,
    test: set,
    mean: [0.5],
    std: [0.29],
  };
}

/** A model with its optimizer and data, stepping exactly as an epoch of the experiment does. */
export interface TrainingRig {
  model: Model;
  batcher: Batcher;
  /** One optimizer step on the next batch (batch creation and the loss read-back included). */
  step(masks: MaskSet, regularization: Regularization | null): Promise<number>;
  dispose(): void;
}

export function createTrainingRig(arch: ReferenceArch): TrainingRig {
  const model = buildReference(arch);
  const optimizer: Optimizer = createOptimizer(model.params, {
    name: DEFAULT_CONFIG.optimizer,
    momentum: DEFAULT_CONFIG.momentum,
    weightDecay: DEFAULT_CONFIG.weightDecay,
  });
  const rng = createRng(7);
  const batcher = createBatcher(noiseDataset(rng));
  let order = permutation(TRAIN_IMAGES, rng);
  let next = 0;
  return {
    model,
    batcher,
    async step(masks, regularization) {
      if (next + BATCH_SIZE > TRAIN_IMAGES) {
        order = permutation(TRAIN_IMAGES, rng);
        next = 0;
      }
      const batch = batcher.trainBatch(order.subarray(next, next + BATCH_SIZE), true, rng);
      next += BATCH_SIZE;
      const result = trainStep(model, masks, batch, optimizer, DEFAULT_CONFIG.lr, regularization);
      tf.dispose([batch.x, batch.y]);
      const packed = tf.tidy(() => tf.stack([result.loss, tf.cast(result.correct, "float32")]));
      tf.dispose([result.loss, result.correct]);
      const [loss] = await packed.data();
      packed.dispose();
      return loss ?? Number.NaN;
    },
    dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}
