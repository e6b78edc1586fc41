// The points of a sweep: the product of its axes, first axis slowest, each point the base's
// config keys with the point's axis values set (dotted keys set nested ones).
import { isPlainObject } from "../isPlainObject";
import type { AxisValue } from "./spec";

export type PointValues = Record<string, AxisValue>;

/** Every combination of the axes' values; the first axis varies slowest. */
export function expandAxes(axes: Record<string, AxisValue[]>): PointValues[] {
  let points: PointValues[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    points = points.flatMap((point) => values.map((value) => ({ ...point, [key]: value })));
  }
  return points;
}

/** A copy of `input` with `dottedKey` ("model.depth") set to `value`, creating objects on the way. */
export function withKey(
  input: Record<string, unknown>,
  dottedKey: string,
  value: unknown,
): Record<string, unknown> {
  const [head, ...rest] = dottedKey.split(".");
  if (head === undefined) return input;
  if (rest.length === 0) return { ...input, [head]: value };
  const inner = isPlainObject(input[head]) ? input[head] : {};
  return { ...input, [head]: withKey(inner, rest.join("."), value) };
}

/** The base's keys with every axis value of the point set. */
export function pointInput(base: Record<string, unknown>, values: PointValues): Record<string, unknown> {
  return Object.entries(values).reduce((input, [key, value]) => withKey(input, key, value), base);
}

/**
 * A file name for the point, stable across restarts of the same sweep: its index and its
 * values ("003-struct=rsst-seed=2"), with characters a file system might refuse replaced.
 */
export function pointName(index: number, values: PointValues, count: number): string {
  const digits = String(Math.max(count - 1, 0)).length;
  const parts = Object.entries(values).map(([key, value]) => `${key}=${String(value)}`);
  const name = [String(index).padStart(digits, "0"), ...parts].join("-");
  return name.replace(/[^A-Za-z0-9.=_+-]/g, "_").slice(0, 120);
}
