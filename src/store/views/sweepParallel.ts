// The parallel-coordinates plot of a sweep: one vertical axis per swept key, then the final
// ticket's measures; one line per finished point through its place on each axis (0 at the
// bottom, 1 at the top). A numeric key is scaled between its smallest and largest value; a key
// of words spaces its values evenly in the sweep file's order.
import { type FrontMeasure, measureOf, type QueuedPoint, type SweepRecord, valueAt } from "../../core/sweep";

export interface ParallelTick {
  label: string;
  /** 0 (bottom) to 1 (top). */
  at: number;
}

export interface ParallelAxis {
  key: string;
  label: string;
  ticks: ParallelTick[];
}

export interface ParallelLine {
  index: number;
  name: string;
  runId: string | null;
  /** The value of the colour key, as text. */
  colour: string;
  /** The line's height on each axis, in the axes' order. */
  at: number[];
  /** The point in words: its values and measures, for the tooltip. */
  label: string;
}

export interface ParallelPlot {
  axes: ParallelAxis[];
  lines: ParallelLine[];
  /** Why the MFLOPs axis is missing, when some finished point lacks them. */
  note: string | null;
}

interface Measure {
  key: string;
  label: string;
  value: (point: QueuedPoint) => number | null;
  text: (value: number) => string;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

const MEASURES: Record<"testAcc" | FrontMeasure, Measure> = {
  sparsity: { key: "sparsity", label: "sparsity", value: (p) => p.sparsity, text: percent },
  mflops: {
    key: "mflops",
    label: "compacted MFLOPs",
    value: (p) => measureOf(p, "mflops"),
    text: (v) => v.toFixed(2),
  },
  testAcc: { key: "testAcc", label: "test acc", value: (p) => p.testAcc, text: percent },
};

/** Where `value` sits between `low` and `high` (the middle when they are equal). */
function scaled(value: number, low: number, high: number): number {
  return high === low ? 0.5 : (value - low) / (high - low);
}

function sweptAxis(
  key: string,
  values: readonly unknown[],
): { axis: ParallelAxis; at: (v: unknown) => number } {
  const texts = [...new Set(values.map(String))];
  if (values.every((v) => typeof v === "number")) {
    const numbers = values as number[];
    const low = Math.min(...numbers);
    const high = Math.max(...numbers);
    const ticks = [...new Set(numbers)].map((v) => ({ label: String(v), at: scaled(v, low, high) }));
    return { axis: { key, label: key, ticks }, at: (v) => scaled(Number(v), low, high) };
  }
  const at = (v: unknown) => (texts.length === 1 ? 0.5 : texts.indexOf(String(v)) / (texts.length - 1));
  return { axis: { key, label: key, ticks: texts.map((label) => ({ label, at: at(label) })) }, at };
}

function measureAxis(measure: Measure, values: readonly number[]): ParallelAxis {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const ends = low === high ? [low] : [low, high];
  return {
    key: measure.key,
    label: measure.label,
    ticks: ends.map((v) => ({ label: measure.text(v), at: scaled(v, low, high) })),
  };
}

export function parallelPlot(sweep: Pick<SweepRecord, "axes" | "points">, colourKey: string): ParallelPlot {
  const finished = sweep.points.filter((p) => p.testAcc !== null && p.sparsity !== null);
  const withFlops = finished.filter((p) => measureOf(p, "mflops") !== null);
  const measures = [MEASURES.sparsity];
  let note: string | null = null;
  if (finished.length > 0 && withFlops.length === finished.length) measures.push(MEASURES.mflops);
  else if (withFlops.length > 0) {
    note = `No MFLOPs axis: ${finished.length - withFlops.length} of ${finished.length} finished points have no compacted MFLOPs in their run log.`;
  }
  measures.push(MEASURES.testAcc);
  const swept = Object.entries(sweep.axes).map(([key, values]) => ({ key, ...sweptAxis(key, values) }));
  const measureValues = measures.map((m) => finished.map((p) => m.value(p)!));
  const axes = [...swept.map((s) => s.axis), ...measures.map((m, i) => measureAxis(m, measureValues[i]!))];
  const lines = finished.map((point, row): ParallelLine => {
    const at = [
      ...swept.map((s) => s.at(point.values[s.key])),
      ...measures.map((_, i) => {
        const values = measureValues[i]!;
        return scaled(values[row]!, Math.min(...values), Math.max(...values));
      }),
    ];
    const words = [
      ...swept.map((s) => `${s.key} ${String(point.values[s.key])}`),
      ...measures.map((m) => `${m.label} ${m.text(m.value(point)!)}`),
    ];
    return {
      index: point.index,
      name: point.name,
      runId: point.runId,
      colour: valueAt(point.config, colourKey),
      at,
      label: `${point.name}: ${words.join(", ")}`,
    };
  });
  return { axes: finished.length > 0 ? axes : [], lines, note };
}
