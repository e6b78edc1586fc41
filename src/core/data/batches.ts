// Batches as tensors, made every training step: uint8 pixels are normalized (and, for
// training, shifted) in one tight loop through a per-channel lookup table into a fresh
// Float32Array that tf.tensor4d takes over. The array is not reused across batches because
// tfjs's CPU and WebGL backends keep a reference to the array a tensor was made from.
import * as tf from "@tensorflow/tfjs";
import { permutation, type Rng } from "../rng";
import type { Dataset, ImageSet } from "../types";

/** x: [batch, height, width, channels] float32, normalized; y: int32 labels. Caller owns both. */
export interface Batch {
  x: tf.Tensor4D;
  y: tf.Tensor1D;
}

export interface Batcher {
  /** Training images at `indices`; with `augment`, each image is shifted by up to ±MAX_SHIFT pixels. */
  trainBatch(indices: ArrayLike<number>, augment: boolean, rng: Rng): Batch;
  /** Test images start..end-1, unshifted. */
  testBatch(start: number, end: number): Batch;
  /** The whole test set in order, batchSize images at a time (the last batch may be smaller). */
  testBatches(batchSize: number): Generator<Batch>;
}

export const MAX_SHIFT = 2;

/** The order in which an epoch visits `count` training images. */
export function epochOrder(count: number, rng: Rng): Int32Array {
  return permutation(count, rng);
}

export function createBatcher(dataset: Dataset): Batcher {
  const [height, width, channels] = dataset.shape;
  const pixelsPerImage = height * width * channels;
  const lookup = normalizationTable(dataset.mean, dataset.std);

  function makeBatch(set: ImageSet, indices: ArrayLike<number>, shiftOf: () => [number, number]): Batch {
    const count = indices.length;
    const x = new Float32Array(count * pixelsPerImage);
    const y = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const source = indices[i]!;
      if (!(source >= 0 && source < set.count && Number.isInteger(source))) {
        throw new RangeError(`image index ${source} is outside 0..${set.count - 1}`);
      }
      y[i] = set.labels[source]!;
      const [dx, dy] = shiftOf();
      writeNormalized(
        x,
        i * pixelsPerImage,
        set.images,
        source * pixelsPerImage,
        dataset.shape,
        dx,
        dy,
        lookup,
      );
    }
    return { x: tf.tensor4d(x, [count, height, width, channels]), y: tf.tensor1d(y, "int32") };
  }

  const noShift = (): [number, number] => [0, 0];

  function testBatch(start: number, end: number): Batch {
    const indices = new Int32Array(end - start);
    for (let i = 0; i < indices.length; i++) indices[i] = start + i;
    return makeBatch(dataset.test, indices, noShift);
  }

  return {
    trainBatch(indices, augment, rng) {
      const randomShift = (): [number, number] => [
        rng.int(2 * MAX_SHIFT + 1) - MAX_SHIFT,
        rng.int(2 * MAX_SHIFT + 1) - MAX_SHIFT,
      ];
      return makeBatch(dataset.train, indices, augment ? randomShift : noShift);
    },
    testBatch,
    *testBatches(batchSize) {
      if (!(batchSize >= 1)) throw new RangeError(`batchSize must be at least 1, got ${batchSize}`);
      for (let start = 0; start < dataset.test.count; start += batchSize) {
        yield testBatch(start, Math.min(start + batchSize, dataset.test.count));
      }
    },
  };
}

/**
 * table[channel·256 + v] = (v/255 − mean[channel]) / std[channel]. A channel with std 0
 * (constant pixels) is only centred, not scaled.
 */
function normalizationTable(mean: number[], std: number[]): Float32Array {
  const table = new Float32Array(mean.length * 256);
  mean.forEach((m, channel) => {
    const scale = 1 / (std[channel] || 1);
    for (let v = 0; v < 256; v++) table[channel * 256 + v] = (v / 255 - m) * scale;
  });
  return table;
}

/**
 * Writes one HWC image into `out` at `outOffset`, normalized through `table` and moved
 * dx pixels right and dy pixels down; pixels shifted in from outside are background (0).
 */
function writeNormalized(
  out: Float32Array,
  outOffset: number,
  images: Uint8Array,
  imageOffset: number,
  [height, width, channels]: [number, number, number],
  dx: number,
  dy: number,
  table: Float32Array,
): void {
  let target = outOffset;
  for (let row = 0; row < height; row++) {
    const sourceRow = row - dy;
    const rowInside = sourceRow >= 0 && sourceRow < height;
    for (let col = 0; col < width; col++) {
      const sourceCol = col - dx;
      const inside = rowInside && sourceCol >= 0 && sourceCol < width;
      const source = imageOffset + (sourceRow * width + sourceCol) * channels;
      for (let channel = 0; channel < channels; channel++) {
        const pixel = inside ? images[source + channel]! : 0;
        out[target++] = table[channel * 256 + pixel]!;
      }
    }
  }
}
