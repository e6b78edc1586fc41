// sweep.json: the sweep's axes and, per point, its run log's file, the final ticket's accuracy
// and sparsity, and whether it is on the Pareto front. Written as points finish; read back
// (zod) to resume a sweep and to show one.

import { fnv1a64 } from "../data/readers/fnv1a";
import type { RunLog } from "../types";
import { z } from "../zod";
import type { PointValues } from "./expand";
import { paretoFlags } from "./pareto";
import type { SweepPoint } from "./points";
import type { SweepSpec } from "./spec";

export const SWEEP_FORMAT = "pruning-lab.sweep";
export const SWEEP_VERSION = 1;

export type PointOutcome =
  | { status: "done"; testAcc: number; sparsity: number }
  | { status: "failed"; error: string }
  | { status: "pending" };

export interface SweepResultPoint {
  name: string;
  values: PointValues;
  /** The run log's file, relative to sweep.json. */
  run: string;
  status: PointOutcome["status"];
  /** The final ticket's test accuracy (run log `final.testAcc`); null until done. */
  testAcc: number | null;
  /** The final ticket's sparsity (run log `final.sparsity`); null until done. */
  sparsity: number | null;
  /** No other finished point has both a higher (or equal) accuracy and sparsity. */
  pareto: boolean;
  error?: string;
}

export interface SweepResult {
  format: typeof SWEEP_FORMAT;
  version: typeof SWEEP_VERSION;
  /** Stable for the same sweep file: run logs of the sweep carry it as env.sweep. */
  id: string;
  axes: SweepSpec["axes"];
  points: SweepResultPoint[];
}

/** 16 hex digits of the sweep file's content: the same sweep keeps its id across restarts. */
export function sweepId(spec: SweepSpec): string {
  return fnv1a64([new TextEncoder().encode(JSON.stringify({ base: spec.base, axes: spec.axes }))]);
}

export function buildSweepResult(
  id: string,
  spec: SweepSpec,
  points: readonly SweepPoint[],
  outcomes: ReadonlyMap<string, PointOutcome>,
): SweepResult {
  const rows = points.map((point) => resultPoint(point, outcomes.get(point.name) ?? { status: "pending" }));
  const done = rows.filter((row) => row.status === "done");
  const flags = paretoFlags(done.map((row) => ({ testAcc: row.testAcc ?? 0, sparsity: row.sparsity ?? 0 })));
  done.forEach((row, i) => {
    row.pareto = flags[i]!;
  });
  return { format: SWEEP_FORMAT, version: SWEEP_VERSION, id, axes: spec.axes, points: rows };
}

function resultPoint(point: SweepPoint, outcome: PointOutcome): SweepResultPoint {
  const row: SweepResultPoint = {
    name: point.name,
    values: point.values,
    run: `${point.name}.json`,
    status: outcome.status,
    testAcc: outcome.status === "done" ? outcome.testAcc : null,
    sparsity: outcome.status === "done" ? outcome.sparsity : null,
    pareto: false,
  };
  if (outcome.status === "failed") row.error = outcome.error;
  return row;
}

/**
 * What an existing run log says of a point: done when it has a final record and was run with
 * exactly the point's config (a log left by another sweep in the same folder is not reused).
 */
export function outcomeOfRunLog(log: RunLog | null, point: SweepPoint): PointOutcome {
  if (!log?.final || !sameJson(log.config, point.config)) return { status: "pending" };
  return { status: "done", testAcc: log.final.testAcc, sparsity: log.final.sparsity };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
}

const fraction = z.number().min(0).max(1);
const axisValue = z.union([z.string(), z.number(), z.boolean()]);

const sweepResultSchema = z.object({
  format: z.literal(SWEEP_FORMAT),
  version: z.literal(SWEEP_VERSION),
  id: z.string(),
  axes: z.record(z.string(), z.array(axisValue)),
  points: z.array(
    z.object({
      name: z.string(),
      values: z.record(z.string(), axisValue),
      run: z.string(),
      status: z.enum(["done", "failed", "pending"]),
      testAcc: fraction.nullable(),
      sparsity: fraction.nullable(),
      pareto: z.boolean(),
      error: z.string().optional(),
    }),
  ),
});

export type ReadSweepResult = { ok: true; sweep: SweepResult } | { ok: false; errors: string[] };

export function readSweepResult(input: unknown): ReadSweepResult {
  const parsed = sweepResultSchema.safeParse(input);
  if (parsed.success) return { ok: true, sweep: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => `${issue.path.join(".") || "sweep"}: ${issue.message}`),
  };
}
