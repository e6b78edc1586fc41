// Seeded train/test split of an image pool, and the per-channel pixel statistics.
import { createRng, permutation, type Rng } from "../rng";
import type { ImageSet } from "../types";

/** For each set made by selectImages, where its images sit in the pool they were drawn from. */
const drawnFrom = new WeakMap<ImageSet, Int32Array>();

/** The pool (file-order) index of each image of `set`, when selectImages made it. */
export function poolIndicesOf(set: ImageSet): Int32Array | undefined {
  return drawnFrom.get(set);
}

/** Copies the images at `indices` of `pool` into a new set. */
export function selectImages(pool: ImageSet, pixelsPerImage: number, indices: ArrayLike<number>): ImageSet {
  const count = indices.length;
  const images = new Uint8Array(count * pixelsPerImage);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const source = indices[i]!;
    labels[i] = pool.labels[source]!;
    images.set(
      pool.images.subarray(source * pixelsPerImage, (source + 1) * pixelsPerImage),
      i * pixelsPerImage,
    );
  }
  const selected = { images, labels, count };
  drawnFrom.set(selected, Int32Array.from(indices));
  return selected;
}

/** Disjoint random train and test sets drawn from the pool by one permutation of `rng`. */
export function splitPool(
  pool: ImageSet,
  pixelsPerImage: number,
  trainSize: number,
  testSize: number,
  rng: Rng,
): { train: ImageSet; test: ImageSet } {
  if (trainSize + testSize > pool.count) {
    throw new Error(
      `trainSize + testSize = ${trainSize} + ${testSize} = ${trainSize + testSize} exceeds the ${pool.count} images available`,
    );
  }
  const order = permutation(pool.count, rng);
  return {
    train: selectImages(pool, pixelsPerImage, order.subarray(0, trainSize)),
    test: selectImages(pool, pixelsPerImage, order.subarray(trainSize, trainSize + testSize)),
  };
}

/** Per-channel mean and (population) standard deviation of the pixels scaled to [0, 1]; HWC layout. */
export function channelStats(set: ImageSet, channels: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(channels);
  const sumOfSquares = new Float64Array(channels);
  const { images } = set;
  for (let p = 0; p < images.length; p++) {
    const value = images[p]! / 255;
    const channel = p % channels;
    sum[channel]! += value;
    sumOfSquares[channel]! += value * value;
  }
  const perChannel = images.length / channels;
  const mean = Array.from(sum, (s) => s / perChannel);
  const std = mean.map((m, c) => Math.sqrt(Math.max(0, sumOfSquares[c]! / perChannel - m * m)));
  return { mean, std };
}

/**
 * The fixed halves of the embedded MNIST pool (grouped by digit, so a plain index range would
 * hold only 8s and 9s): one permutation under a constant seed, whatever the run's seed. Every
 * MNIST run trains on digits of `train` and is tested on digits of `test`, so the pretrained
 * models in public/models, trained on `train`, never see a test digit.
 */
export const MNIST_RESERVE = { trainDigits: 8000, testDigits: 2000, seed: 0x7e57 } as const;

export function mnistReserve(poolCount: number): { train: Int32Array; test: Int32Array } {
  const order = permutation(poolCount, createRng(MNIST_RESERVE.seed));
  const trainEnd = Math.min(MNIST_RESERVE.trainDigits, poolCount);
  return { train: order.subarray(0, trainEnd), test: order.subarray(trainEnd) };
}

/** Like splitPool, but train comes from `reserve.train` and test from `reserve.test`, each shuffled by `rng`. */
export function splitReserved(
  pool: ImageSet,
  pixelsPerImage: number,
  reserve: { train: Int32Array; test: Int32Array },
  trainSize: number,
  testSize: number,
  rng: Rng,
): { train: ImageSet; test: ImageSet } {
  if (trainSize > reserve.train.length || testSize > reserve.test.length) {
    throw new Error(
      `trainSize and testSize must be at most ${reserve.train.length} and ${reserve.test.length} (the fixed training and test halves of the pool), got ${trainSize} and ${testSize}`,
    );
  }
  const pick = (from: Int32Array, size: number) => {
    const order = permutation(from.length, rng);
    return Int32Array.from(order.subarray(0, size), (i) => from[i]!);
  };
  const train = pick(reserve.train, trainSize);
  const test = pick(reserve.test, testSize);
  return { train: selectImages(pool, pixelsPerImage, train), test: selectImages(pool, pixelsPerImage, test) };
}
