// A Dataset from the user's own files (CIFAR or IDX, parsed by ./formats): the configured
// number of training and test images drawn by seed from the files' own splits. Without sizes
// in the config, a run takes each split whole (wholeSplitSizes), in the CLI and the page.
import { CONFIG_LIMITS, type ConfigError } from "../config";
import { createRng, permutation } from "../rng";
import type { Dataset, ExperimentConfig, ImageSet } from "../types";
import type { FileDataset } from "./readers";
import { channelStats, selectImages } from "./split";

type SizedConfig = Pick<ExperimentConfig, "trainSize" | "testSize" | "seed">;
type SizeKey = "trainSize" | "testSize";

/** How many images each split of a loaded dataset holds (a DatasetSummary has these too). */
export interface SplitCounts {
  name: string;
  trainCount: number;
  testCount: number;
}

export function splitCounts(files: FileDataset): SplitCounts {
  return { name: files.name, trainCount: files.train.count, testCount: files.test.count };
}

/** Each split whole, but no more than a run may take (CONFIG_LIMITS.images). */
export function wholeSplitSizes(counts: SplitCounts): Record<SizeKey, number> {
  return {
    trainSize: Math.min(counts.trainCount, CONFIG_LIMITS.images),
    testSize: Math.min(counts.testCount, CONFIG_LIMITS.images),
  };
}

/** The sizes that ask for more images than the split holds; sizes that are no numbers pass. */
export function splitSizeErrors(
  counts: SplitCounts,
  sizes: Partial<Record<SizeKey, unknown>>,
): ConfigError[] {
  const splits = [
    ["trainSize", counts.trainCount, "training"],
    ["testSize", counts.testCount, "test"],
  ] as const;
  return splits.flatMap(([key, available, split]) => {
    const size = sizes[key];
    if (typeof size !== "number" || size <= available) return [];
    const message = `${key}: must be at most the ${available} ${split} images of ${counts.name}, got ${size}`;
    return [{ key, message }];
  });
}

export function datasetFromFiles(files: FileDataset, config: SizedConfig): Dataset {
  const [height, width, channels] = files.shape;
  const pixels = height * width * channels;
  const tooMany = splitSizeErrors(splitCounts(files), config);
  if (tooMany.length > 0) throw new Error(tooMany.map((error) => error.message).join("; "));
  const rng = createRng(config.seed);
  const draw = (set: ImageSet, size: number): ImageSet =>
    selectImages(set, pixels, permutation(set.count, rng).subarray(0, size));
  const train = draw(files.train, config.trainSize);
  const test = draw(files.test, config.testSize);
  const { mean, std } = channelStats(train, channels);
  return { name: files.name, shape: files.shape, numClasses: files.numClasses, train, test, mean, std };
}
