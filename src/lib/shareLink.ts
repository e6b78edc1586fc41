// The configuration in the URL hash, so that a link reproduces the experiment:
// #arch=vit&model.depth=2&…&seed=1, every key of the config by its dotted name, readable and
// editable by hand. Keys left out take their defaults; the one validator checks the rest.
// Values are read by the config's one text codec (core/configText.ts).
import { DEFAULT_CONFIG, DEFAULT_RESNET_MODEL, DEFAULT_VIT_MODEL, resolveConfig } from "../core/config";
import { CONFIG_KEYS } from "../core/configKeys";
import { configValueFromText } from "../core/configText";
import type { ExperimentConfig } from "../core/types";

export type SharedConfig = { ok: true; config: ExperimentConfig } | { ok: false; errors: string[] };

const MODEL_PREFIX = "model.";

/** The hash (with its leading "#") that stands for `config`. */
export function encodeShareHash(config: ExperimentConfig): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(config)) {
    if (key === "model") {
      for (const [modelKey, modelValue] of Object.entries(config.model)) {
        params.set(`${MODEL_PREFIX}${modelKey}`, String(modelValue));
      }
    } else {
      params.set(key, String(value));
    }
  }
  return `#${params.toString()}`;
}

/** The page's address with `config` in its hash. */
export function shareUrl(location: { origin: string; pathname: string }, config: ExperimentConfig): string {
  return `${location.origin}${location.pathname}${encodeShareHash(config)}`;
}

function isConfigKey(key: string): boolean {
  return key === "model" || key.startsWith(MODEL_PREFIX) || Object.hasOwn(CONFIG_KEYS, key);
}

/** The keys a hash holds, typed, with the model's nested; null when it holds no config key. */
function shareInput(hash: string): { input: Record<string, unknown>; model: Record<string, unknown> } | null {
  const params = new URLSearchParams(hash.startsWith("#") ? hash.slice(1) : hash);
  if (![...params.keys()].some(isConfigKey)) return null;
  const input: Record<string, unknown> = {};
  const model: Record<string, unknown> = {};
  for (const [key, text] of params) {
    if (key.startsWith(MODEL_PREFIX)) model[key.slice(MODEL_PREFIX.length)] = configValueFromText(key, text);
    else input[key] = configValueFromText(key, text);
  }
  return { input, model };
}

/** The configuration a hash holds, or null when the hash holds none (empty, or other keys). */
export function decodeShareHash(hash: string): SharedConfig | null {
  const shared = shareInput(hash);
  if (!shared) return null;
  const { input, model } = shared;
  const result = resolveConfig(Object.keys(model).length > 0 ? { ...input, model } : input);
  return result.ok
    ? { ok: true, config: result.config }
    : { ok: false, errors: result.errors.map((error) => error.message) };
}

/**
 * The hash's keys over the defaults, valid or not, for the form: it shows the validator's
 * message beside each invalid key. Null when the hash holds no config key.
 */
export function decodeShareDraft(hash: string): Record<string, unknown> | null {
  const shared = shareInput(hash);
  if (!shared) return null;
  const modelDefaults = shared.input.arch === "resnet" ? DEFAULT_RESNET_MODEL : DEFAULT_VIT_MODEL;
  return { ...DEFAULT_CONFIG, ...shared.input, model: { ...modelDefaults, ...shared.model } };
}

/** Keeps the page's hash equal to `config`, without adding an entry to the browser's history. */
export function writeShareHash(config: ExperimentConfig): void {
  const hash = encodeShareHash(config);
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, "", hash);
}
