// The config keys a run starts from: a preset's (--preset), a file's over them (--config).
import { readFileSync } from "node:fs";
import { isPlainObject } from "../core/isPlainObject";
import { PRESETS } from "../core/presets";
import { UsageError } from "./errors";
import { describeFsError } from "./fsError";
import { didYouMean } from "./suggest";

/** The file's keys over the preset's; `model` is merged key by key so a file can change one dimension. */
export function mergeInputs(
  preset: Record<string, unknown>,
  file: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...preset, ...file };
  if (isPlainObject(preset.model) && isPlainObject(file.model)) {
    merged.model = { ...preset.model, ...file.model };
  }
  return merged;
}

export function presetInput(name: string | undefined): Record<string, unknown> {
  if (name === undefined) return {};
  const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (!preset) {
    const known = Object.keys(PRESETS);
    throw new UsageError(
      `--preset: unknown preset "${name}"${didYouMean(name, known)}; known: ${known.join(", ")}`,
    );
  }
  return structuredClone(preset.config);
}

export function fileInput(path: string | undefined): Record<string, unknown> {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path}: ${describeFsError(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--config: ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) {
    throw new UsageError(`--config: ${path} must hold a JSON object of config keys`);
  }
  return parsed;
}
