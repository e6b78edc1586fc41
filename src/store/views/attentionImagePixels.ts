// The pixels of a logged attention image, found again where the page can: the synthetic pool is
// regenerated from the seed exactly as prepareDataset draws it, and the embedded MNIST is read
// from its file; the logged index is the image's place in either. A loaded dataset's pixels stay
// in the worker (null).
import type { MnistPool } from "../../core/data/mnist";
import { generateSynthetic } from "../../core/data/synthetic";
import { createRng } from "../../core/rng";
import type { ExperimentConfig, ImageSet } from "../../core/types";

let cached: { key: string; pool: ImageSet } | null = null;

export interface ImagePixels {
  pixels: Uint8Array;
  shape: [number, number, number];
}

/** Image `fileIndex` of the embedded MNIST file as HWC uint8, or null past its end. */
export function mnistImagePixels(pool: MnistPool, fileIndex: number): ImagePixels | null {
  if (!(Number.isInteger(fileIndex) && fileIndex >= 0 && fileIndex < pool.count)) return null;
  const size = pool.rows * pool.cols;
  return {
    pixels: pool.images.subarray(fileIndex * size, (fileIndex + 1) * size),
    shape: [pool.rows, pool.cols, 1],
  };
}

/** Image `fileIndex` of the run's synthetic pool as HWC uint8 with its shape, or null when not recomputable. */
export function attentionImagePixels(config: ExperimentConfig | null, fileIndex: number): ImagePixels | null {
  if (config?.dataset !== "synthetic") return null;
  const count = config.trainSize + config.testSize;
  const key = `${config.seed}:${count}`;
  if (cached?.key !== key) cached = { key, pool: generateSynthetic(count, createRng(config.seed)) };
  const { pool } = cached;
  if (!(fileIndex >= 0 && fileIndex < pool.count)) return null;
  const size = pool.images.length / pool.count;
  const side = Math.round(Math.sqrt(size));
  return { pixels: pool.images.subarray(fileIndex * size, (fileIndex + 1) * size), shape: [side, side, 1] };
}
