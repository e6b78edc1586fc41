// The metadata of the CLI's checkpoints: the run's config and dataset, and the pool its test
// images came from (mnist.bin, the procedural set, or the loaded test file).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type CheckpointMeta, runCheckpointMeta } from "../core/checkpointMeta";
import type { FileDataset } from "../core/data/readers";
import type { Dataset, ExperimentConfig } from "../core/types";

const MNIST_PATH = fileURLToPath(new URL("../../public/data/mnist.bin", import.meta.url));

export function cliCheckpointMeta(
  config: ExperimentConfig,
  dataset: Dataset,
  files: FileDataset | null,
): CheckpointMeta {
  const mnist = !files && config.dataset === "mnist" ? new Uint8Array(readFileSync(MNIST_PATH)) : undefined;
  return runCheckpointMeta(config, dataset, { files, mnist });
}
