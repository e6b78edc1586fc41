// One line of bench/results.json and of the printed table.
import type { Spread } from "./stats";

export interface BenchRecord {
  name: string;
  backend: string;
  /** Milliseconds per training step (or per measured operation, for the non-training rows). */
  msPerStep: Spread;
  samplesPerSec: number;
  /** Achieved GFLOP/s from the analytic FLOP count; 0 where the row does no counted FLOPs. */
  gflops: number;
  /** The same backend's GFLOP/s on a large square matMul, measured in the same process. */
  ceilingGflops: number;
  /** Median CPU milliseconds of this process per step: the cost net of other load. */
  cpuMsPerStep?: number;
  /** Backend kernels one training step runs (tfjs's profiler; see bench/kernels.ts). */
  kernelsPerStep?: number;
  /** WebGPU compute dispatches per training step. */
  dispatchesPerStep?: number;
  /** This row's median over PyTorch's one-thread CPU median for the same step. */
  vsTorch1t?: number;
  /** Free-form detail for the non-training rows. */
  note?: string;
}

export function formatTable(records: BenchRecord[]): string {
  const header = [
    "name",
    "backend",
    "ms/step (median)",
    "min–max",
    "cpu ms",
    "samples/s",
    "GFLOP/s",
    "% ceiling",
    "kernels",
    "× PyTorch 1t",
  ];
  const rows = records.map((r) => [
    r.name,
    r.backend,
    r.msPerStep.median.toFixed(1),
    `${r.msPerStep.min.toFixed(1)}–${r.msPerStep.max.toFixed(1)}`,
    r.cpuMsPerStep === undefined ? "" : r.cpuMsPerStep.toFixed(1),
    r.samplesPerSec > 0 ? r.samplesPerSec.toFixed(0) : "",
    r.gflops > 0 ? r.gflops.toFixed(2) : "",
    r.gflops > 0 ? `${((100 * r.gflops) / r.ceilingGflops).toFixed(0)}%` : "",
    formatKernels(r),
    r.vsTorch1t === undefined ? "" : `×${r.vsTorch1t.toFixed(2)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ");
  const notes = records.filter((r) => r.note).map((r) => `  ${r.name} (${r.backend}): ${r.note}`);
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), ...notes].join("\n");
}

/** "1094", or "412 (180 dispatches)" on WebGPU. */
function formatKernels(r: BenchRecord): string {
  if (r.kernelsPerStep === undefined) return "";
  return r.dispatchesPerStep === undefined
    ? String(r.kernelsPerStep)
    : `${r.kernelsPerStep} (${r.dispatchesPerStep} dispatches)`;
}
