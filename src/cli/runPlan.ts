// Everything a run needs, checked before any training: the config (preset, file, data sizes),
// the data files, and the paths it will write. Each problem is a UsageError (exit 2).
import { resolveConfig } from "../core/config";
import { splitCounts } from "../core/data/custom";
import type { FileDataset } from "../core/data/readers";
import type { ExperimentConfig } from "../core/types";
import type { NodeBackend } from "./backend";
import { fileInput, mergeInputs, presetInput } from "./configInput";
import { readDataFiles } from "./data";
import { UsageError } from "./errors";
import { checkOutFile, checkOutFolder } from "./paths";
import { checkDataSizes, withDataSizes } from "./sizes";
import { didYouMean } from "./suggest";

export interface RunArgs {
  config: string | undefined;
  preset: string | undefined;
  out: string | undefined;
  backend: string;
  checkpoints: string | undefined;
  dataFiles: string[];
}

export interface RunPlan {
  config: ExperimentConfig;
  files: FileDataset | null;
  out: string;
  checkpoints: string | undefined;
  backend: NodeBackend;
}

const BACKENDS: readonly NodeBackend[] = ["wasm", "cpu"];

export function planRun(args: RunArgs, note: (message: string) => void): RunPlan {
  if (!args.out) throw new UsageError("--out FILE is required: where the run log goes");
  if (!args.config && !args.preset) throw new UsageError("give --config FILE.json or --preset NAME");
  const backend = BACKENDS.find((name) => name === args.backend);
  if (!backend) {
    throw new UsageError(
      `--backend: must be wasm or cpu in Node, got "${args.backend}"${didYouMean(args.backend, BACKENDS)}`,
    );
  }
  const given = fileInput(args.config);
  let input = mergeInputs(presetInput(args.preset), given);
  const files = readDataFiles(args.dataFiles, note);
  if (files) {
    if (typeof input.dataset === "string" && input.dataset !== files.name) {
      note(`dataset: the data files hold ${files.name}, which the run uses instead of "${input.dataset}"`);
    }
    input = withDataSizes({ ...input, dataset: files.name }, given, splitCounts(files), note);
  }
  const resolved = resolveConfig(input, files ? { imageShape: files.shape } : undefined);
  if (!resolved.ok) {
    const where = [args.config, args.preset && `preset ${args.preset}`].filter(Boolean).join(" over ");
    throw new UsageError(`invalid config (${where}): ${resolved.errors.map((e) => e.message).join("; ")}`);
  }
  if (files) checkDataSizes(resolved.config, splitCounts(files));
  checkOutFile("--out", args.out);
  if (args.checkpoints) checkOutFolder("--checkpoints", args.checkpoints);
  return { config: resolved.config, files, out: args.out, checkpoints: args.checkpoints, backend };
}
