// A Dataset from the user's own files (CIFAR or IDX, parsed by ./formats): the configured
// number of training and test images drawn by seed from the files' own splits.
import { createRng, permutation } from "../rng";
import type { Dataset, ExperimentConfig, ImageSet } from "../types";
import type { FileDataset } from "./formats";
import { channelStats, selectImages } from "./split";

type SizedConfig = Pick<ExperimentConfig, "trainSize" | "testSize" | "seed">;

export function datasetFromFiles(files: FileDataset, config: SizedConfig): Dataset {
  const [height, width, channels] = files.shape;
  const pixels = height * width * channels;
  const rng = createRng(config.seed);
  const draw = (set: ImageSet, size: number, split: "trainSize" | "testSize"): ImageSet => {
    if (size > set.count) {
      throw new Error(
        `${split}: ${size} is more than the ${set.count} images of ${files.name}'s ${split.slice(0, -4)} split`,
      );
    }
    return selectImages(set, pixels, permutation(set.count, rng).subarray(0, size));
  };
  const train = draw(files.train, config.trainSize, "trainSize");
  const test = draw(files.test, config.testSize, "testSize");
  const { mean, std } = channelStats(train, channels);
  return { name: files.name, shape: files.shape, numClasses: files.numClasses, train, test, mean, std };
}
