// What every safetensors the lab writes says about itself (docs/checkpoints.md), so that a
// checkpoint alone rebuilds its model, its input normalization and its test split elsewhere.
// All values are strings (safetensors metadata is string → string); structured ones are JSON.
import { version as LAB_VERSION } from "../../package.json";
import { parseMnistBin } from "./data/mnist";
import { fnv1a64 } from "./data/readers/fnv1a";
import { generateSynthetic } from "./data/synthetic";
import { createRng } from "./rng";
import { findTestIndices, imageSetHash, type TestSplit } from "./testSplit";
import type { Dataset, ExperimentConfig, ImageSet } from "./types";

/** The pool the test images were drawn from: mnist.bin's digits, or the loaded test split. */
export type SplitSource =
  | { kind: "mnist"; pool: ImageSet }
  | { kind: "synthetic" }
  | { kind: "files"; test: ImageSet };

export interface CheckpointMeta {
  config: ExperimentConfig;
  /** Per input channel: the model sees (pixel/255 − mean)/std. */
  mean: number[];
  std: number[];
  /** [H, W, C] of one image, and the layout PyTorch's first layer (a conv) expects. */
  inputShape: { hwc: [number, number, number]; layout: "NCHW" };
  numClasses: number;
  /** hash: the loaded files' content hash, or for a built-in pool fnv1a64 of train and test images and labels. */
  dataset: { name: string; hash: string };
  arch: ExperimentConfig["arch"];
  labVersion: string;
  testSplit: TestSplit;
}

/** Built once per run (it hashes the images), then stamped on each checkpoint with its iteration. */
export function checkpointMeta(
  config: ExperimentConfig,
  dataset: Dataset,
  source: SplitSource,
  contentHash?: string,
): CheckpointMeta {
  const [height, width, channels] = dataset.shape;
  const pool = sourcePool(config, source);
  const split = {
    source: SOURCE_NAMES[source.kind],
    poolCount: pool.count,
    indices: findTestIndices(pool, dataset.test, height * width * channels),
  };
  return {
    config,
    mean: dataset.mean,
    std: dataset.std,
    inputShape: { hwc: [...dataset.shape], layout: "NCHW" },
    numClasses: dataset.numClasses,
    dataset: {
      name: dataset.name,
      hash:
        contentHash ??
        fnv1a64([dataset.train.images, dataset.train.labels, dataset.test.images, dataset.test.labels]),
    },
    arch: config.arch,
    labVersion: LAB_VERSION,
    testSplit: { ...split, hash: imageSetHash(dataset.test) },
  };
}

/** The loaded files of a run (their test split and content hash) or the bytes of mnist.bin. */
export interface RunSources {
  mnist?: Uint8Array;
  files?: { test: ImageSet; contentHash: string } | null;
}

/** checkpointMeta for a run of the CLI or the worker, from what it loaded its data from. */
export function runCheckpointMeta(
  config: ExperimentConfig,
  dataset: Dataset,
  sources: RunSources,
): CheckpointMeta {
  const { files, mnist } = sources;
  if (files) return checkpointMeta(config, dataset, { kind: "files", test: files.test }, files.contentHash);
  if (config.dataset !== "mnist") return checkpointMeta(config, dataset, { kind: "synthetic" });
  if (!mnist) throw new Error("checkpoint metadata: the bytes of mnist.bin were not provided");
  const { images, labels, count } = parseMnistBin(mnist);
  return checkpointMeta(config, dataset, { kind: "mnist", pool: { images, labels, count } });
}

const SOURCE_NAMES = { mnist: "mnist.bin", synthetic: "synthetic", files: "test-file" } as const;

/** The procedural pool is the first thing drawn from the seed (data/prepare.ts). */
function sourcePool(config: ExperimentConfig, source: SplitSource): ImageSet {
  if (source.kind === "mnist") return source.pool;
  if (source.kind === "files") return source.test;
  return generateSynthetic(config.trainSize + config.testSize, createRng(config.seed));
}

/** The safetensors `__metadata__` strings; `iteration` is the iteration index or "final". */
export function metadataStrings(meta: CheckpointMeta, iteration: number | "final"): Record<string, string> {
  return {
    format: "pt",
    arch: meta.arch,
    iteration: String(iteration),
    config: JSON.stringify(meta.config),
    mean: JSON.stringify(meta.mean),
    std: JSON.stringify(meta.std),
    inputShape: JSON.stringify(meta.inputShape),
    numClasses: String(meta.numClasses),
    dataset: JSON.stringify(meta.dataset),
    labVersion: meta.labVersion,
    testSplit: JSON.stringify(meta.testSplit),
  };
}
