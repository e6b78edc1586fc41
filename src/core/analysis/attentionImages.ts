// Which test images the attention maps are drawn for: spread evenly over the test set, so the
// same config and dataset always pick the same ones, and where they sit in the dataset's own
// file order (the pool the seeded split drew them from), so they can be found again.
import { poolIndicesOf } from "../data/split";
import type { ImageSet } from "../types";

export interface AttentionImageChoice {
  /** Positions in the test set: floor(i · count / n) for i < n. */
  testIndices: number[];
  /** The same images as indices into the dataset's file order (the test positions when unknown). */
  fileIndices: number[];
}

export function chooseAttentionImages(test: ImageSet, requested: number): AttentionImageChoice {
  const n = Math.max(0, Math.min(Math.floor(requested), test.count));
  const testIndices = Array.from({ length: n }, (_, i) => Math.floor((i * test.count) / n));
  const pool = poolIndicesOf(test);
  const fileIndices = testIndices.map((index) => (pool ? pool[index]! : index));
  return { testIndices, fileIndices };
}
