// `run`: resolve the config, load the data, train and prune, write the run log (also midway).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { encodeCheckpoint } from "../../core/checkpoint";
import { resolveConfig } from "../../core/config";
import { datasetEnv } from "../../core/data/env";
import { errorMessage } from "../../core/errorMessage";
import { runExperiment } from "../../core/experiment";
import { PRESETS } from "../../core/presets";
import { foldRunLog } from "../../core/runlog";
import type { RunLog } from "../../core/types";
import { selectBackend } from "../backend";
import { loadCliDataset, readDataFiles } from "../data";
import { UsageError } from "../errors";
import { createProgressReporter } from "../progress";

export interface RunArgs {
  config: string | undefined;
  preset: string | undefined;
  out: string | undefined;
  backend: string;
  checkpoints: string | undefined;
  dataFiles: string[];
}

export async function runCommand(args: RunArgs): Promise<number> {
  if (!args.out) throw new UsageError("--out FILE is required");
  if (!args.config && !args.preset) throw new UsageError("give --config FILE.json or --preset NAME");
  if (args.backend !== "wasm" && args.backend !== "cpu") {
    throw new UsageError(`--backend: must be wasm or cpu in Node, got "${args.backend}"`);
  }
  const input = mergeInputs(presetInput(args.preset), fileInput(args.config));
  const files = readDataFiles(args.dataFiles);
  if (files) input.dataset = files.name;
  const resolved = resolveConfig(input, files ? { imageShape: files.shape } : undefined);
  if (!resolved.ok) {
    const where = args.config ?? `preset ${args.preset}`;
    throw new UsageError(
      `invalid config (${where}):\n${resolved.errors.map((e) => `  ${e.key}: ${e.message}`).join("\n")}`,
    );
  }
  const config = resolved.config;
  await selectBackend(args.backend, (message) => process.stderr.write(`pruning-lab: ${message}\n`));
  const dataset = loadCliDataset(config, files);

  const out = args.out;
  mkdirSync(dirname(out) || ".", { recursive: true });
  if (args.checkpoints) mkdirSync(args.checkpoints, { recursive: true });
  let log: RunLog | null = null;
  const save = () => {
    if (log) writeFileSync(out, `${JSON.stringify(log, null, 2)}\n`);
  };
  const report = createProgressReporter(process.stderr);
  try {
    await runExperiment(config, dataset, {
      env: { runtime: `node ${process.version}`, ...datasetEnv(dataset, files?.contentHash) },
      onEvent: (event) => {
        log = foldRunLog(log, event);
        report(event);
        if (event.type === "iteration" || event.type === "done" || event.type === "error") save();
      },
      onCheckpoint: args.checkpoints
        ? async (checkpoint) => {
            const path = join(args.checkpoints!, `iter-${checkpoint.iteration}.safetensors`);
            writeFileSync(path, await encodeCheckpoint(checkpoint));
          }
        : undefined,
    });
  } catch (error) {
    save();
    process.stderr.write(
      `pruning-lab: the run failed: ${errorMessage(error)}\n` +
        (log ? `pruning-lab: the run log so far is in ${out}\n` : ""),
    );
    return 1;
  }
  process.stderr.write(`pruning-lab: wrote ${out}\n`);
  return 0;
}

/** The file's keys over the preset's; `model` is merged key by key so a file can change one dimension. */
function mergeInputs(
  preset: Record<string, unknown>,
  file: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...preset, ...file };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (isObject(preset.model) && isObject(file.model)) merged.model = { ...preset.model, ...file.model };
  return merged;
}

function presetInput(name: string | undefined): Record<string, unknown> {
  if (name === undefined) return {};
  const preset = PRESETS[name];
  if (!preset) {
    throw new UsageError(`--preset: unknown preset "${name}"; known: ${Object.keys(PRESETS).join(", ")}`);
  }
  return structuredClone(preset.config);
}

function fileInput(path: string | undefined): Record<string, unknown> {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config: ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--config: ${path} must hold a JSON object of config keys`);
  }
  return parsed as Record<string, unknown>;
}
