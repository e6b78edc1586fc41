// What a line chart draws, in pixels: its two axes and one SVG path (and its points) per
// series. Pure, so it is computed once per data or size change, never per frame.
import { type Axis, linearAxis, niceDomain } from "./scale";

/** A row of chart data: any object whose numeric fields the chart reads by key. */
export type Row = object;

/** The number under `key` in `row`, or undefined when there is none. */
export function valueAt(row: Row, key: string): number | undefined {
  const value = (row as Record<string, unknown>)[key];
  return typeof value === "number" ? value : undefined;
}

/** An axis end fixed to a number, or null to follow the data. */
export type Bound = number | null;

export interface GeometryInput {
  rows: readonly Row[];
  xKey: string;
  seriesKeys: readonly string[];
  width: number;
  height: number;
  /** Open x ends follow the data exactly; open y ends are widened to whole tick steps. */
  xDomain: [Bound, Bound];
  yDomain: [Bound, Bound];
  xIntegers: boolean;
}

/** Smallest and largest finite value of the `keys` over `rows`, or null when there is none. */
export function extent(rows: readonly Row[], keys: readonly string[]): [number, number] | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    for (const key of keys) {
      const value = valueAt(row, key);
      if (value === undefined || !Number.isFinite(value)) continue;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return min <= max ? [min, max] : null;
}

export const MARGIN = { top: 8, right: 20, bottom: 20, left: 46 };

export interface Point {
  x: number;
  y: number;
}

export interface Geometry {
  x: Axis;
  y: Axis;
  /** Per series key: the points it has (rows without a finite value are skipped and bridged). */
  points: Record<string, Point[]>;
  /** Per series key: an SVG path through its points. */
  paths: Record<string, string>;
}

function domainOf(bounds: [Bound, Bound], data: [number, number] | null, nice: boolean): [number, number] {
  const [low, high] = data ?? [0, 1];
  const [niceLow, niceHigh] = nice ? niceDomain(low, high, 5) : [low, high];
  return [bounds[0] ?? niceLow, bounds[1] ?? niceHigh];
}

function pathThrough(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? "M" : "L"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join("");
}

export function lineGeometry(input: GeometryInput): Geometry {
  const { rows, xKey, seriesKeys, width, height } = input;
  const x = linearAxis(
    domainOf(input.xDomain, extent(rows, [xKey]), false),
    [MARGIN.left, Math.max(MARGIN.left + 1, width - MARGIN.right)],
    Math.max(2, Math.floor(width / 90)),
    input.xIntegers,
  );
  const y = linearAxis(
    domainOf(input.yDomain, extent(rows, seriesKeys), true),
    [height - MARGIN.bottom, MARGIN.top],
    5,
  );
  const points: Record<string, Point[]> = {};
  const paths: Record<string, string> = {};
  for (const key of seriesKeys) {
    const line: Point[] = [];
    for (const row of rows) {
      const xValue = valueAt(row, xKey);
      const yValue = valueAt(row, key);
      if (
        xValue === undefined ||
        yValue === undefined ||
        !Number.isFinite(xValue) ||
        !Number.isFinite(yValue)
      )
        continue;
      line.push({ x: x.at(xValue), y: y.at(yValue) });
    }
    points[key] = line;
    paths[key] = pathThrough(line);
  }
  return { x, y, points, paths };
}

/** The index of the row whose x value is drawn nearest to pixel `px`, or null without rows. */
export function nearestRow(rows: readonly Row[], xKey: string, x: Axis, px: number): number | null {
  let best: number | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  rows.forEach((row, index) => {
    const value = valueAt(row, xKey);
    if (value === undefined) return;
    const distance = Math.abs(x.at(value) - px);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}
