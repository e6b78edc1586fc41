// A sweep queued in the browser: its points in order, each with what became of it. The page
// stores it (IndexedDB "sweeps") after every change, so that a reload finds it and goes on;
// these functions are the changes, pure.
import type { ExperimentConfig } from "../types";
import type { PointValues } from "./expand";
import type { SweepPoint } from "./points";
import type { SweepSpec } from "./spec";

export type QueuedPointStatus = "queued" | "running" | "done" | "failed" | "cancelled";

export interface QueuedPoint {
  index: number;
  name: string;
  values: PointValues;
  config: ExperimentConfig;
  status: QueuedPointStatus;
  /** The run in the history that trained it (null before it starts, and for imported logs). */
  runId: string | null;
  testAcc: number | null;
  sparsity: number | null;
  /** The final ticket compacted: FLOPs per image (compactFlopsOfLog); null when the log cannot tell. */
  compactFlops?: number | null;
  error: string | null;
  /** The run a reload cut short, to go on from its last stored iteration (requeueInterrupted). */
  resumeFrom?: string | null;
}

/** running: points are being run; paused: by the user; done: nothing left; cancelled: by the user. */
export type SweepStatus = "running" | "paused" | "done" | "cancelled";

export interface SweepRecord {
  id: string;
  name: string;
  createdAt: string;
  axes: SweepSpec["axes"];
  status: SweepStatus;
  points: QueuedPoint[];
  /** "lab": run here; "import": joined from run logs imported together. */
  origin: "lab" | "import";
}

export function queuedSweep(
  id: string,
  name: string,
  createdAt: string,
  spec: SweepSpec,
  points: readonly SweepPoint[],
): SweepRecord {
  return {
    id,
    name,
    createdAt,
    axes: spec.axes,
    status: "running",
    origin: "lab",
    points: points.map((point) => ({
      ...point,
      status: "queued",
      runId: null,
      testAcc: null,
      sparsity: null,
      error: null,
    })),
  };
}

/** The point to run next: the first queued one, while the sweep is running. */
export function nextQueuedPoint(sweep: SweepRecord): QueuedPoint | null {
  if (sweep.status !== "running") return null;
  return sweep.points.find((point) => point.status === "queued") ?? null;
}

function withPoint(
  sweep: SweepRecord,
  index: number,
  change: (point: QueuedPoint) => QueuedPoint,
): SweepRecord {
  return { ...sweep, points: sweep.points.map((point) => (point.index === index ? change(point) : point)) };
}

export function startPoint(sweep: SweepRecord, index: number, runId: string): SweepRecord {
  return withPoint(sweep, index, (point) => ({ ...point, status: "running", runId, resumeFrom: null }));
}

export type PointEnding =
  | { status: "done"; testAcc: number; sparsity: number; compactFlops?: number | null }
  | { status: "failed"; error: string }
  | { status: "cancelled" };

/** Records how a point ended; the sweep is done once no point is queued or running. */
export function settlePoint(sweep: SweepRecord, index: number, ending: PointEnding): SweepRecord {
  const next = withPoint(sweep, index, (point) => ({
    ...point,
    status: ending.status,
    testAcc: ending.status === "done" ? ending.testAcc : null,
    sparsity: ending.status === "done" ? ending.sparsity : null,
    compactFlops: ending.status === "done" ? (ending.compactFlops ?? null) : null,
    error: ending.status === "failed" ? ending.error : null,
  }));
  const open = next.points.some((point) => point.status === "queued" || point.status === "running");
  return open || next.status === "cancelled" ? next : { ...next, status: "done" };
}

/**
 * After a reload: a point left running lost its page. It is queued again, remembering its cut
 * run, which goes on from its last stored iteration if the history can resume it.
 */
export function requeueInterrupted(sweep: SweepRecord): SweepRecord {
  if (!sweep.points.some((point) => point.status === "running")) return sweep;
  return {
    ...sweep,
    points: sweep.points.map((point) =>
      point.status === "running"
        ? { ...point, status: "queued", runId: null, resumeFrom: point.runId }
        : point,
    ),
  };
}

export function cancelSweep(sweep: SweepRecord): SweepRecord {
  return {
    ...sweep,
    status: "cancelled",
    points: sweep.points.map((point) =>
      point.status === "queued" || point.status === "running" ? { ...point, status: "cancelled" } : point,
    ),
  };
}

export function setSweepStatus(sweep: SweepRecord, status: "running" | "paused"): SweepRecord {
  return sweep.status === "done" || sweep.status === "cancelled" ? sweep : { ...sweep, status };
}
