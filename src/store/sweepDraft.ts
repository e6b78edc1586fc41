// The sweep mode of the config form: axes typed as "KEY: v1, v2, …" over the validated form
// config, turned into validated points with their count and an estimated duration.
import { type ResolveOptions, totalSteps } from "../core/config";
import { type AxisValue, resolveSweepPoints, type SweepPoint, type SweepSpec } from "../core/sweep";
import type { ExperimentConfig } from "../core/types";
import { getAt, kindOf, parseFieldText } from "./configDraft";

export interface AxisRow {
  key: string;
  /** The values as typed, separated by commas. */
  text: string;
}

/** Above this many points, starting asks the user to confirm. */
export const SWEEP_POINT_CAP = 24;
/** Milliseconds per optimizer step when no finished run tells better. */
export const DEFAULT_STEP_MS = 20;

/** Every config key an axis can take, dotted for the model's ("model.depth"). */
export function axisKeys(config: ExperimentConfig): string[] {
  return Object.entries(config).flatMap(([key, value]) =>
    value !== null && typeof value === "object"
      ? Object.keys(value).map((inner) => `${key}.${inner}`)
      : [key],
  );
}

/** The typed values, each read as the kind of the base's value at the key ("0.3" a number). */
export function axisValues(config: ExperimentConfig, row: AxisRow): AxisValue[] {
  const kind = kindOf(getAt({ ...config }, row.key));
  return row.text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => parseFieldText(kind, part) as AxisValue);
}

export type SweepPlan =
  | { ok: true; spec: SweepSpec; points: SweepPoint[]; estimateSeconds: number }
  | { ok: false; errors: string[] };

/** `options` carries the image shape when the dataset is one loaded from files. */
export function planSweep(
  config: ExperimentConfig,
  rows: readonly AxisRow[],
  msPerStep: number,
  options: ResolveOptions = {},
): SweepPlan {
  const used = rows.filter((row) => row.key !== "" && row.text.trim() !== "");
  if (used.length === 0) return { ok: false, errors: ["give at least one axis a value"] };
  const axes = Object.fromEntries(used.map((row) => [row.key, axisValues(config, row)]));
  const spec: SweepSpec = { base: { ...config }, axes };
  const resolved = resolveSweepPoints(spec, options);
  if (!resolved.ok) return resolved;
  const steps = resolved.points.reduce((sum, point) => sum + totalSteps(point.config), 0);
  return { ok: true, spec, points: resolved.points, estimateSeconds: (steps * msPerStep) / 1000 };
}

/** Milliseconds per step of the newest finished run, from its iterations' durations. */
export function measuredStepMs(
  runs: readonly {
    config: ExperimentConfig;
    log: { iterations: { durationMs: number }[] } | null;
    status: string;
  }[],
): number {
  for (const run of runs) {
    if (run.status !== "done" || !run.log || run.log.iterations.length === 0) continue;
    const ms = run.log.iterations.reduce((sum, iteration) => sum + iteration.durationMs, 0);
    const steps = totalSteps({ ...run.config, pruningTimes: run.log.iterations.length, finalTrain: "none" });
    if (ms > 0 && steps > 0) return ms / steps;
  }
  return DEFAULT_STEP_MS;
}
