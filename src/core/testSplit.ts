// Which images of the dataset's file a run tested on, found by looking each test image up in
// the pool it was drawn from: the indices hold whatever the seeded split (data/prepare.ts,
// data/custom.ts) chose, and do not depend on how it chose them.
import { fnv1a64 } from "./data/readers/fnv1a";
import type { ImageSet } from "./types";

export interface TestSplit {
  /** "mnist.bin" (the embedded digits), "synthetic" (the seeded procedural pool) or "test-file" (the loaded test split). */
  source: "mnist.bin" | "synthetic" | "test-file";
  /** How many images the indexed pool or file holds. */
  poolCount: number;
  /** Index into the pool / test file of test image i, in the order the lab evaluated them. */
  indices: number[];
  /** fnv1a64 of the test images (HWC uint8, in order) followed by their labels. */
  hash: string;
}

/**
 * For every image of `test`, an index of the same pixels and label in `pool`. Equal images
 * are interchangeable, so a duplicate takes the first of its copies not yet taken.
 */
export function findTestIndices(pool: ImageSet, test: ImageSet, pixelsPerImage: number): number[] {
  const bytesAsText = new TextDecoder("latin1");
  const key = (set: ImageSet, i: number): string => {
    const pixels = set.images.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage);
    return `${set.labels[i]}:${bytesAsText.decode(pixels)}`;
  };
  const where = new Map<string, number[]>();
  for (let i = 0; i < pool.count; i++) {
    const k = key(pool, i);
    const list = where.get(k);
    if (list) list.push(i);
    else where.set(k, [i]);
  }
  return Array.from({ length: test.count }, (_, i) => {
    const index = where.get(key(test, i))?.shift();
    if (index === undefined) throw new Error(`test image ${i} is not in the pool it was drawn from`);
    return index;
  });
}

export function imageSetHash(set: ImageSet): string {
  return fnv1a64([set.images, set.labels]);
}
