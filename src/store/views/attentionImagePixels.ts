// The pixels of a logged attention image, recomputed from the run's config where the page can:
// the synthetic pool is regenerated from the seed exactly as prepareDataset draws it, and the
// logged index is the image's place in it. Other datasets' pixels stay in the worker (null).
import { generateSynthetic } from "../../core/data/synthetic";
import { createRng } from "../../core/rng";
import type { ExperimentConfig, ImageSet } from "../../core/types";

let cached: { key: string; pool: ImageSet } | null = null;

/** Image `fileIndex` of the run's dataset as HWC uint8 with its shape, or null when not recomputable. */
export function attentionImagePixels(
  config: ExperimentConfig | null,
  fileIndex: number,
): { pixels: Uint8Array; shape: [number, number, number] } | null {
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
