// A sweep resolved into runnable points: every point validated by the one config validator
// before anything runs. A bad point is refused naming its axis values, its key and its value.
import { type ResolveOptions, resolveConfig } from "../config";
import type { ExperimentConfig } from "../types";
import { expandAxes, type PointValues, pointInput, pointName } from "./expand";
import { baseConfigInput, type SweepSpec } from "./spec";

export interface SweepPoint {
  index: number;
  /** The file stem of its run log: DIR/<name>.json. */
  name: string;
  values: PointValues;
  config: ExperimentConfig;
}

export type SweepPointsResult = { ok: true; points: SweepPoint[] } | { ok: false; errors: string[] };

export function resolveSweepPoints(spec: SweepSpec, options: ResolveOptions = {}): SweepPointsResult {
  const base = baseConfigInput(spec.base);
  if (!base.ok) return { ok: false, errors: [base.error] };
  const combos = expandAxes(spec.axes);
  const points: SweepPoint[] = [];
  const errors: string[] = [];
  combos.forEach((values, index) => {
    const resolved = resolveConfig(pointInput(base.input, values), options);
    if (resolved.ok) {
      points.push({ index, name: pointName(index, values, combos.length), values, config: resolved.config });
    } else {
      const where = describeValues(values);
      errors.push(...resolved.errors.map((error) => `point ${index} (${where}): ${error.message}`));
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, points };
}

export function describeValues(values: PointValues): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(", ");
}
