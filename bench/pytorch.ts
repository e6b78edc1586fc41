// The PyTorch anchor: bench/torch_reference.py times the same reference steps on the CPU (one
// thread, and PyTorch's default thread count); its JSON becomes bench rows, and each lab row
// is reported as a multiple of PyTorch's one-thread time on the same arch.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import type { BenchRecord } from "./record";
import type { ReferenceArch } from "./reference";
import type { Spread } from "./stats";

const run = promisify(execFile);

/** The Python companion's venv, where `.ci/run` and docs/python.md put torch. */
export const COMPANION_PYTHON = ".venv-python/bin/python";
const SCRIPT = new URL("./torch_reference.py", import.meta.url).pathname;

export interface TorchRow {
  arch: ReferenceArch;
  /** "pytorch-cpu-1t", "pytorch-cpu" or "pytorch-cuda". */
  backend: string;
  threads: number | null;
  msPerStep: Spread;
}

export interface TorchReport {
  torch: string;
  optimizer: string;
  rows: TorchRow[];
}

function isSpread(value: unknown): value is Spread {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Record<string, unknown>;
  return [s.median, s.min, s.max].every((n) => typeof n === "number" && Number.isFinite(n));
}

/** The script's stdout, checked field by field. */
export function parseTorchReport(text: string): TorchReport {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null) throw new Error("torch_reference printed no object");
  const { torch, optimizer, rows } = parsed as Record<string, unknown>;
  if (typeof torch !== "string" || typeof optimizer !== "string" || !Array.isArray(rows)) {
    throw new Error("torch_reference's output lacks torch, optimizer or rows");
  }
  return {
    torch,
    optimizer,
    rows: rows.map((row: unknown, i) => {
      const r = (row ?? {}) as Record<string, unknown>;
      if (
        (r.arch !== "vit" && r.arch !== "resnet") ||
        typeof r.backend !== "string" ||
        !isSpread(r.msPerStep)
      ) {
        throw new Error(`torch_reference row ${i} is malformed`);
      }
      const threads = typeof r.threads === "number" ? r.threads : null;
      return { arch: r.arch, backend: r.backend, threads, msPerStep: r.msPerStep };
    }),
  };
}

/** The Python to use: the one given, else the companion's venv if it has torch; null if none. */
export async function findTorchPython(given: string | undefined): Promise<string | null> {
  const candidate = given ?? COMPANION_PYTHON;
  if (given === undefined && !existsSync(candidate)) return null;
  try {
    await run(candidate, ["-c", "import torch"]);
    return candidate;
  } catch (error) {
    if (given !== undefined) throw new Error(`--torch ${given} cannot import torch: ${String(error)}`);
    return null;
  }
}

export async function benchTorch(
  python: string,
  arch: ReferenceArch,
  optimizer: string,
  quick: boolean,
): Promise<TorchReport> {
  const args = [SCRIPT, "--arch", arch, "--optimizer", optimizer, ...(quick ? ["--quick"] : [])];
  const { stdout } = await run(python, args, { maxBuffer: 1 << 20 });
  return parseTorchReport(stdout);
}

/** A bench row per PyTorch timing, named as the lab's row of the same arch. */
export function torchRecords(report: TorchReport, rowName: (arch: ReferenceArch) => string): BenchRecord[] {
  return report.rows.map((row) => ({
    name: rowName(row.arch),
    backend: row.backend,
    msPerStep: row.msPerStep,
    samplesPerSec: 0,
    gflops: 0,
    ceilingGflops: 0,
    note: `PyTorch ${report.torch}, ${report.optimizer}${row.threads === null ? "" : `, ${row.threads} thread${row.threads === 1 ? "" : "s"}`}`,
  }));
}

/** Each lab row's median over the one-thread PyTorch median of the same row name. */
export function withTorchRatios(records: BenchRecord[]): BenchRecord[] {
  const anchor = new Map(
    records.filter((r) => r.backend === "pytorch-cpu-1t").map((r) => [r.name, r.msPerStep.median]),
  );
  return records.map((r) => {
    const torchMs = anchor.get(r.name);
    if (torchMs === undefined || r.backend.startsWith("pytorch")) return r;
    return { ...r, vsTorch1t: r.msPerStep.median / torchMs };
  });
}
