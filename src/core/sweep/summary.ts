// What sweep-view draws: the finished points coloured by one config key, each colour's
// Pareto front, and per setting (every axis but seed) the mean ± std over its seeds, against
// the sparsity or against the compacted model's MFLOPs.

import { paretoFront } from "./pareto";
import type { QueuedPoint } from "./queue";
import type { AxisValue } from "./spec";

/** The x of the fronts: the final ticket's sparsity (higher is better) or its compacted MFLOPs (lower). */
export type FrontMeasure = "sparsity" | "mflops";

/** A point's x under `measure`: MFLOPs per image, or null when its log could not tell them. */
export function measureOf(point: QueuedPoint, measure: FrontMeasure): number | null {
  if (measure === "sparsity") return point.sparsity;
  const flops = point.compactFlops ?? null;
  return flops === null ? null : flops / 1e6;
}

export interface ScoredPoint {
  index: number;
  colour: string;
  testAcc: number;
  sparsity: number;
  /** The measure the fronts are drawn against. */
  x: number;
  runId: string | null;
}

export interface SeedMean {
  colour: string;
  /** The setting's axis values other than seed, in words ("rate=0.3"). */
  setting: string;
  testAcc: number;
  testAccStd: number;
  sparsity: number;
  sparsityStd: number;
  x: number;
  xStd: number;
  seeds: number;
}

export interface ColourGroup {
  colour: string;
  points: ScoredPoint[];
  front: ScoredPoint[];
  means: SeedMean[];
}

/** The value of a dotted config key in a point's config, as text. */
export function valueAt(config: object, dottedKey: string): string {
  let value: unknown = config;
  for (const part of dottedKey.split(".")) {
    value =
      value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  }
  return String(value);
}

function meanAndStd(values: readonly number[]): [number, number] {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return [mean, Math.sqrt(variance)];
}

export function seedMeans(
  points: readonly QueuedPoint[],
  colourKey: string,
  measure: FrontMeasure = "sparsity",
): SeedMean[] {
  const settings = new Map<string, QueuedPoint[]>();
  for (const point of points) {
    if (point.testAcc === null || point.sparsity === null || measureOf(point, measure) === null) continue;
    const setting = Object.entries(point.values)
      .filter(([key]) => key !== "seed")
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(", ");
    const key = `${valueAt(point.config, colourKey)}\u0000${setting}`;
    settings.set(key, [...(settings.get(key) ?? []), point]);
  }
  return [...settings.entries()].map(([key, group]) => {
    const [testAcc, testAccStd] = meanAndStd(group.map((p) => p.testAcc!));
    const [sparsity, sparsityStd] = meanAndStd(group.map((p) => p.sparsity!));
    const [x, xStd] = meanAndStd(group.map((p) => measureOf(p, measure)!));
    const [colour = "", setting = ""] = key.split("\u0000");
    return { colour, setting, testAcc, testAccStd, sparsity, sparsityStd, x, xStd, seeds: group.length };
  });
}

/** A front against MFLOPs: fewer is better, so the front is taken over −x, drawn by increasing x. */
function frontOf(points: readonly ScoredPoint[], measure: FrontMeasure): ScoredPoint[] {
  if (measure === "sparsity") return paretoFront(points);
  const flipped = points.map((point) => ({ point, testAcc: point.testAcc, sparsity: -point.x }));
  return paretoFront(flipped)
    .map(({ point }) => point)
    .sort((a, b) => a.x - b.x || a.testAcc - b.testAcc);
}

export function colourGroups(
  points: readonly QueuedPoint[],
  colourKey: string,
  measure: FrontMeasure = "sparsity",
): ColourGroup[] {
  const scored: ScoredPoint[] = points.flatMap((point) => {
    const x = measureOf(point, measure);
    return point.testAcc === null || point.sparsity === null || x === null
      ? []
      : [
          {
            index: point.index,
            colour: valueAt(point.config, colourKey),
            testAcc: point.testAcc,
            sparsity: point.sparsity,
            x,
            runId: point.runId,
          },
        ];
  });
  const colours = [...new Set(scored.map((point) => point.colour))];
  const means = seedMeans(points, colourKey, measure);
  return colours.map((colour) => {
    const own = scored.filter((point) => point.colour === colour);
    return {
      colour,
      points: own,
      front: frontOf(own, measure),
      means: means.filter((m) => m.colour === colour),
    };
  });
}

function csvCell(value: AxisValue | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per point: its axis values, status, the final ticket's accuracy and sparsity, Pareto. */
export function sweepCsv(
  axes: readonly string[],
  points: readonly QueuedPoint[],
  pareto: readonly boolean[],
): string {
  const header = ["point", ...axes, "status", "testAcc", "sparsity", "pareto"];
  const rows = points.map((point, i) => [
    point.name,
    ...axes.map((axis) => point.values[axis] ?? null),
    point.status,
    point.testAcc,
    point.sparsity,
    point.status === "done" ? pareto[i] === true : false,
  ]);
  return `${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n")}\n`;
}
