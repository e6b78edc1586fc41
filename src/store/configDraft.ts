// The form's working copy of a configuration: a plain nested object, edited by dotted key
// ("model.embedDim") and checked by core's one validator after every change.

import { DEFAULT_RESNET_MODEL, DEFAULT_VIT_MODEL, type ResolveOptions, resolveConfig } from "../core/config";
import type { TextCodec } from "../core/configKeys";
import { codecOf, valueFromText } from "../core/configText";
import { isPlainObject } from "../core/isPlainObject";
import { PRESETS } from "../core/presets";
import type { ExperimentConfig } from "../core/types";

export type Draft = Record<string, unknown>;

export interface Validation {
  config: ExperimentConfig | null;
  /** Message per dotted key; "" holds problems that belong to no single key. */
  errors: Record<string, string>;
}

export function getAt(draft: Draft, key: string): unknown {
  let node: unknown = draft;
  for (const part of key.split(".")) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** A copy of `draft` with `key` set to `value`; the objects along the path are copied too. */
export function setAt(draft: Draft, key: string, value: unknown): Draft {
  const [head, ...rest] = key.split(".");
  if (head === undefined) return draft;
  if (rest.length === 0) return { ...draft, [head]: value };
  const child = draft[head];
  return { ...draft, [head]: setAt(isPlainObject(child) ? child : {}, rest.join("."), value) };
}

export function validateDraft(draft: Draft, options: ResolveOptions = {}): Validation {
  const result = resolveConfig(draft, options);
  if (result.ok) return { config: result.config, errors: {} };
  const errors: Record<string, string> = {};
  for (const { key, message } of result.errors) {
    errors[key] = errors[key] ? `${errors[key]}; ${message}` : message;
  }
  return { config: null, errors };
}

/** The full configuration a preset stands for (its keys over the defaults), as a draft. */
export function presetDraft(name: string): Draft | null {
  const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (!preset) return null;
  const validation = validateDraft(preset.config);
  return validation.config ? { ...validation.config } : { ...preset.config };
}

/** The default model shape of an architecture, for when the form switches `arch`. */
export function modelDefaults(arch: unknown): Draft {
  return arch === "resnet" ? { ...DEFAULT_RESNET_MODEL } : { ...DEFAULT_VIT_MODEL };
}

export type ValueKind = TextCodec;

/** The kind of text a value already in a draft is read as (core/configText.ts's codecOf). */
export const kindOf: (value: unknown) => ValueKind = codecOf;

/**
 * Reads text typed into a field (or found in the URL) as a value of `kind`; text that does
 * not parse is kept as it is, so that the validator names the problem beside the field.
 */
export const parseFieldText: (kind: ValueKind, text: string) => unknown = valueFromText;
