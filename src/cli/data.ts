// Data for the CLI: the embedded MNIST from public/data, or the user's files (--data-file).
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { datasetFromFiles } from "../core/data/custom";
import { prepareDataset } from "../core/data/prepare";
import { type FileDataset, parseDatasetFiles } from "../core/data/readers";
import type { Dataset, ExperimentConfig } from "../core/types";
import { UsageError } from "./errors";
import { describeFsError } from "./fsError";

const MNIST_PATH = fileURLToPath(new URL("../../public/data/mnist.bin", import.meta.url));

/** The files parsed into one dataset, or null without any; `note` hears what the parser remarked. */
export function readDataFiles(paths: string[], note: (message: string) => void): FileDataset | null {
  if (paths.length === 0) return null;
  const files = paths.map((path) => ({ name: basename(path), bytes: readDataFile(path) }));
  const parsed = parseDatasetFiles(files);
  if (!parsed.ok) throw new UsageError(`--data-file: ${parsed.errors.join("; ")}`);
  for (const message of parsed.notes) note(`--data-file: ${message}`);
  return parsed.data;
}

function readDataFile(path: string): Uint8Array {
  if (!existsSync(path)) throw new UsageError(`--data-file: ${path}: no such file`);
  if (statSync(path).isDirectory()) throw new UsageError(`--data-file: ${path} is a folder, not a file`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new UsageError(`--data-file: cannot read ${path}: ${describeFsError(error)}`);
  }
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
