// Throughput where users feel it (issue 17): points per hour of a tiny sweep run by the CLI,
// `npm run lab -- sweep`, with --jobs 1 and --jobs 2 on Node WASM. Each point is its own
// process, so its start-up (tsx, tfjs, the WASM module) is part of what a user waits for.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchRecord } from "./record";

/** The --backends name of these rows. */
export const SWEEP_ROWS = "cli-sweep";
export const SWEEP_JOBS = [1, 2] as const;

/** docs/sweeps.md's example base: one epoch, one pruning, 256 images; four seeds. */
export const TINY_SWEEP = {
  base: { preset: "tiny-vit-synthetic", epochs: 1, pruningTimes: 1, finalEpochs: 1, trainSize: 256 },
  axes: { seed: [1, 2, 3, 4] },
};
const POINTS = TINY_SWEEP.axes.seed.length;

/** A sweep this small ends in minutes; past this something is stuck. */
const SWEEP_TIMEOUT_MS = 15 * 60_000;

const ROOT = new URL("..", import.meta.url).pathname;

export function pointsPerHour(points: number, wallMs: number): number {
  return (points * 3_600_000) / wallMs;
}

/** The row of one timed sweep; `baseline`, the --jobs 1 row's points per hour, when known. */
export function sweepRecord(jobs: number, points: number, wallMs: number, baseline?: number): BenchRecord {
  const perHour = pointsPerHour(points, wallMs);
  const gain = baseline === undefined ? "" : `, ×${(perHour / baseline).toFixed(2)} --jobs 1`;
  return {
    name: `sweep-jobs${jobs}`,
    backend: "wasm",
    msPerStep: { median: wallMs / points, min: wallMs / points, max: wallMs / points },
    samplesPerSec: 0,
    gflops: 0,
    ceilingGflops: 0,
    note: `${perHour.toFixed(0)} points/hour${gain}: ${points} points of tiny-vit-synthetic (1 epoch, 1 pruning, 256 images) in ${(wallMs / 1000).toFixed(1)} s, --jobs ${jobs}, ${cpus().length} cores (ms/step is ms per point)`,
  };
}

/** Runs the tiny sweep once per --jobs value; one row each. */
export async function benchSweeps(log: (line: string) => void): Promise<BenchRecord[]> {
  const records: BenchRecord[] = [];
  let baseline: number | undefined;
  for (const jobs of SWEEP_JOBS) {
    const wallMs = await timeSweep(jobs);
    const record = sweepRecord(jobs, POINTS, wallMs, baseline);
    baseline ??= pointsPerHour(POINTS, wallMs);
    log(`${SWEEP_ROWS}: ${record.note}`);
    records.push(record);
  }
  return records;
}

async function timeSweep(jobs: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "pruning-lab-bench-sweep-"));
  try {
    const config = join(dir, "sweep-config.json");
    const out = join(dir, "out");
    await writeFile(config, JSON.stringify(TINY_SWEEP));
    const started = performance.now();
    await runCli(["sweep", "--config", config, "--out", out, "--jobs", String(jobs), "--backend", "wasm"]);
    const wallMs = performance.now() - started;
    const summary = JSON.parse(await readFile(join(out, "sweep.json"), "utf8")) as {
      points: { status: string }[];
    };
    const done = summary.points.filter((p) => p.status === "done").length;
    if (done !== POINTS) throw new Error(`the bench sweep finished ${done} of ${POINTS} points`);
    return wallMs;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `npm run lab -- …args`, its stderr kept for the error when it fails. */
function runCli(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "src/cli/main.ts"), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      timeout: SWEEP_TIMEOUT_MS,
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`lab sweep exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`),
        );
    });
  });
}
