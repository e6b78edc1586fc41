// Data for the CLI: the embedded MNIST from public/data, or the user's files (--data-file).
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { datasetFromFiles } from "../core/data/custom";
import { type FileDataset, parseDatasetFiles } from "../core/data/formats";
import { prepareDataset } from "../core/data/prepare";
import type { Dataset, ExperimentConfig } from "../core/types";
import { UsageError } from "./errors";

const MNIST_PATH = fileURLToPath(new URL("../../public/data/mnist.bin", import.meta.url));

export function readDataFiles(paths: string[]): FileDataset | null {
  if (paths.length === 0) return null;
  const files = paths.map((path) => {
    if (!existsSync(path) || !statSync(path).isFile())
      throw new UsageError(`--data-file: ${path}: no such file`);
    return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
  });
  const parsed = parseDatasetFiles(files);
  if (!parsed.ok) throw new UsageError(`--data-file: ${parsed.errors.join("; ")}`);
  return parsed.data;
}

export function loadCliDataset(config: ExperimentConfig, files: FileDataset | null): Dataset {
  if (files) return datasetFromFiles(files, config);
  if (config.dataset !== "mnist") return prepareDataset(config, {});
  if (!existsSync(MNIST_PATH)) {
    throw new UsageError(
      `the embedded MNIST (${MNIST_PATH}) is missing; it is built by \`npm install\` (or \`node scripts/build-mnist.mjs\`)`,
    );
  }
  return prepareDataset(config, { mnist: new Uint8Array(readFileSync(MNIST_PATH)) });
}
