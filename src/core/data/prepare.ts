// Builds the Dataset of an experiment: the built-in pool (embedded MNIST or the procedural
// set), split by config.seed into config.trainSize / config.testSize, with training statistics.
// MNIST draws its train and test digits from fixed halves of the pool (split.ts mnistReserve).
import { createRng, type Rng } from "../rng";
import type { Dataset, ExperimentConfig, ImageSet } from "../types";
import { type DatasetInfo, datasetInfo } from "./catalog";
import { parseMnistBin } from "./mnist";
import { channelStats, mnistReserve, splitPool, splitReserved } from "./split";
import { generateSynthetic } from "./synthetic";

export interface DatasetSources {
  /** The bytes of public/data/mnist.bin. */
  mnist?: Uint8Array;
}

type SizedConfig = Pick<ExperimentConfig, "dataset" | "trainSize" | "testSize" | "seed">;

export function prepareDataset(config: SizedConfig, source: DatasetSources): Dataset {
  const info = datasetInfo(config.dataset);
  if (!info) {
    throw new Error(`dataset: "${config.dataset}" is not a built-in dataset (built-in: mnist, synthetic)`);
  }
  const rng = createRng(config.seed);
  const pool =
    config.dataset === "mnist"
      ? mnistPool(source, info)
      : generateSynthetic(config.trainSize + config.testSize, rng);
  if (config.dataset !== "mnist") {
    return datasetFromPool(config.dataset, info, pool, config.trainSize, config.testSize, rng);
  }
  checkPoolSize(config.dataset, pool, config.trainSize, config.testSize);
  const [height, width, channels] = info.shape;
  const reserve = mnistReserve(pool.count);
  const split = splitReserved(
    pool,
    height * width * channels,
    reserve,
    config.trainSize,
    config.testSize,
    rng,
  );
  return withStats(config.dataset, info, split);
}

/** A Dataset from any pool of HWC uint8 images: seeded split, statistics of the training part. */
export function datasetFromPool(
  name: string,
  info: DatasetInfo,
  pool: ImageSet,
  trainSize: number,
  testSize: number,
  rng: Rng,
): Dataset {
  checkPoolSize(name, pool, trainSize, testSize);
  const [height, width, channels] = info.shape;
  return withStats(name, info, splitPool(pool, height * width * channels, trainSize, testSize, rng));
}

function checkPoolSize(name: string, pool: ImageSet, trainSize: number, testSize: number): void {
  if (trainSize + testSize > pool.count) {
    throw new Error(
      `dataset "${name}" has ${pool.count} images, fewer than trainSize + testSize = ${trainSize} + ${testSize}`,
    );
  }
}

function withStats(name: string, info: DatasetInfo, split: { train: ImageSet; test: ImageSet }): Dataset {
  const { mean, std } = channelStats(split.train, info.shape[2]);
  return { name, shape: info.shape, numClasses: info.numClasses, ...split, mean, std };
}

function mnistPool(source: DatasetSources, info: DatasetInfo): ImageSet {
  if (!source.mnist) {
    throw new Error('dataset "mnist": the bytes of public/data/mnist.bin were not provided');
  }
  const parsed = parseMnistBin(source.mnist);
  const [height, width] = info.shape;
  if (parsed.rows !== height || parsed.cols !== width) {
    throw new Error(`mnist.bin: images are ${parsed.rows}×${parsed.cols}, expected ${height}×${width}`);
  }
  return { images: parsed.images, labels: parsed.labels, count: parsed.count };
}
