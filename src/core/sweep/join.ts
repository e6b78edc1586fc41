// Run logs imported together, joined into sweeps by the sweep id they carry (env.sweep, as
// `npm run lab -- sweep` and the cluster export's RunLogger write it). The axes are the config
// keys whose values differ between a sweep's logs.
import type { RunLog } from "../types";
import { compactFlopsOfLog } from "./compactFlops";
import type { PointValues } from "./expand";
import type { QueuedPoint } from "./queue";
import type { AxisValue } from "./spec";

export interface JoinedLog {
  log: RunLog;
  runId: string | null;
}

export interface JoinedSweep {
  id: string;
  axes: Record<string, AxisValue[]>;
  points: QueuedPoint[];
}

function flatConfig(log: RunLog): Record<string, AxisValue> {
  const { model, ...rest } = log.config;
  const flat: Record<string, AxisValue> = {};
  for (const [key, value] of Object.entries(rest)) flat[key] = value as AxisValue;
  for (const [key, value] of Object.entries(model)) flat[`model.${key}`] = value;
  return flat;
}

export function joinRunLogs(logs: readonly JoinedLog[]): { sweeps: JoinedSweep[]; untagged: number } {
  const bySweep = new Map<string, JoinedLog[]>();
  let untagged = 0;
  for (const entry of logs) {
    const id = entry.log.env.sweep;
    if (typeof id !== "string" || id === "") {
      untagged += 1;
      continue;
    }
    bySweep.set(id, [...(bySweep.get(id) ?? []), entry]);
  }
  const sweeps = [...bySweep.entries()].map(([id, entries]) => {
    const flats = entries.map((entry) => flatConfig(entry.log));
    const keys = [...new Set(flats.flatMap((flat) => Object.keys(flat)))].filter(
      (key) => key !== "backend" && new Set(flats.map((flat) => String(flat[key]))).size > 1,
    );
    const axes = Object.fromEntries(
      keys.map((key) => [key, [...new Map(flats.map((flat) => [String(flat[key]), flat[key]!])).values()]]),
    );
    const points = entries.map((entry, index): QueuedPoint => {
      const values: PointValues = Object.fromEntries(keys.map((key) => [key, flats[index]![key]!]));
      const point = entry.log.env.sweepPoint;
      return {
        index,
        name: typeof point === "string" ? point : `imported-${index}`,
        values,
        config: entry.log.config,
        status: entry.log.final ? "done" : "failed",
        runId: entry.runId,
        testAcc: entry.log.final?.testAcc ?? null,
        sparsity: entry.log.final?.sparsity ?? null,
        compactFlops: compactFlopsOfLog(entry.log),
        error: entry.log.final ? null : "the run log has no final record",
      };
    });
    points.sort((a, b) => a.name.localeCompare(b.name));
    return { id, axes, points: points.map((point, index) => ({ ...point, index })) };
  });
  return { sweeps, untagged };
}
