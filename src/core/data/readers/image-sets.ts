// Joining and splitting ImageSets (HWC uint8 images back to back).
import type { ImageSet } from "../../types";

export function concatImageSets(sets: readonly ImageSet[]): ImageSet {
  if (sets.length === 1) return sets[0]!;
  const count = sets.reduce((sum, set) => sum + set.count, 0);
  const images = new Uint8Array(sets.reduce((sum, set) => sum + set.images.length, 0));
  const labels = new Uint8Array(count);
  let imageOffset = 0;
  let labelOffset = 0;
  for (const set of sets) {
    images.set(set.images, imageOffset);
    labels.set(set.labels, labelOffset);
    imageOffset += set.images.length;
    labelOffset += set.count;
  }
  return { images, labels, count };
}

/** Every `period`-th image (indices period−1, 2·period−1, …) becomes the test split. */
export function carveTestSplit(
  pool: ImageSet,
  pixelsPerImage: number,
  period: number,
): { train: ImageSet; test: ImageSet } {
  const testCount = Math.floor(pool.count / period);
  const trainCount = pool.count - testCount;
  const train: ImageSet = {
    images: new Uint8Array(trainCount * pixelsPerImage),
    labels: new Uint8Array(trainCount),
    count: trainCount,
  };
  const test: ImageSet = {
    images: new Uint8Array(testCount * pixelsPerImage),
    labels: new Uint8Array(testCount),
    count: testCount,
  };
  const filled = { train: 0, test: 0 };
  for (let i = 0; i < pool.count; i++) {
    const split = i % period === period - 1 ? "test" : "train";
    const target = split === "test" ? test : train;
    const slot = filled[split]++;
    target.labels[slot] = pool.labels[i]!;
    target.images.set(
      pool.images.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage),
      slot * pixelsPerImage,
    );
  }
  return { train, test };
}
