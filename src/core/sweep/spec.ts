// The sweep file: a base config (config keys, or "preset": NAME plus keys) and axes, each a
// config key (dotted for nested ones: "model.depth") with the values it takes.

import { isPlainObject } from "../isPlainObject";
import { PRESETS } from "../presets";
import { z } from "../zod";

export type AxisValue = string | number | boolean;

export interface SweepSpec {
  base: Record<string, unknown>;
  /** Axis key → its values, in the order the file gives them. */
  axes: Record<string, AxisValue[]>;
}

const axisValue = z.union([z.string(), z.number(), z.boolean()]);

const sweepSpecSchema = z.strictObject({
  base: z.record(z.string(), z.unknown()).default({}),
  axes: z
    .record(z.string(), z.array(axisValue).min(1, "an axis needs at least one value"))
    .refine((axes) => Object.keys(axes).length > 0, "a sweep needs at least one axis"),
});

export type SweepSpecResult = { ok: true; spec: SweepSpec } | { ok: false; errors: string[] };

/** Reads a parsed sweep file; errors name their JSON path ("axes.rate: …"). */
export function readSweepSpec(input: unknown): SweepSpecResult {
  const parsed = sweepSpecSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join(".") || "sweep"}: ${issue.message}`),
    };
  }
  return { ok: true, spec: parsed.data };
}

/**
 * The base's config keys: a preset's keys with the base's own over them (`model` merged key
 * by key, as `npm run lab -- run --preset … --config …` merges them).
 */
export function baseConfigInput(
  base: Record<string, unknown>,
): { ok: true; input: Record<string, unknown> } | { ok: false; error: string } {
  const { preset, ...keys } = base;
  if (preset === undefined) return { ok: true, input: structuredClone(keys) };
  if (typeof preset !== "string" || !Object.hasOwn(PRESETS, preset)) {
    return {
      ok: false,
      error: `base.preset: unknown preset ${JSON.stringify(preset)}; known: ${Object.keys(PRESETS).join(", ")}`,
    };
  }
  const presetKeys = structuredClone(PRESETS[preset]!.config);
  const merged: Record<string, unknown> = { ...presetKeys, ...structuredClone(keys) };
  if (isPlainObject(presetKeys.model) && isPlainObject(keys.model)) {
    merged.model = { ...presetKeys.model, ...keys.model };
  }
  return { ok: true, input: merged };
}
