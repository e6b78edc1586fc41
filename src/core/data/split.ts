// Seeded train/test split of an image pool, and the per-channel pixel statistics.
import { permutation, type Rng } from "../rng";
import type { ImageSet } from "../types";

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
  return { images, labels, count };
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
