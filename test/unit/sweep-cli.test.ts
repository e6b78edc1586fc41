// `npm run lab -- sweep` as a user runs it: 8 tiny points, two at once, then a resume.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRunLog } from "../../src/core/io/runlog-schema";
import { readSweepResult, type SweepResult } from "../../src/core/sweep";

const dir = mkdtempSync(join(tmpdir(), "pruning-lab-sweep-"));
const out = join(dir, "out");
const tiny = {
  preset: "tiny-vit-synthetic",
  epochs: 1,
  pruningTimes: 1,
  finalEpochs: 1,
  trainSize: 256,
  testSize: 64,
};

function lab(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    encoding: "utf8",
    timeout: 170_000,
  });
  return { code: result.status, stderr: result.stderr };
}

function sweepFile(name: string, sweep: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(sweep));
  return path;
}

function readSweep(folder: string): SweepResult {
  const read = readSweepResult(JSON.parse(readFileSync(join(folder, "sweep.json"), "utf8")));
  if (!read.ok) throw new Error(read.errors.join("\n"));
  return read.sweep;
}

describe("npm run lab -- sweep", () => {
  const config = sweepFile("sweep.json", {
    base: tiny,
    axes: { struct: ["refill", "rsst"], rate: [0.3, 0.5], seed: [1, 2] },
  });

  it("runs 8 points two at once, each a normal run log, and flags the Pareto front", {
    timeout: 180_000,
  }, () => {
    const { code, stderr } = lab("sweep", "--config", config, "--out", out, "--jobs", "2");
    expect(stderr).toContain("8 points, 0 already done");
    expect(stderr).toMatch(/overall 1\/8, ETA /);
    expect(code).toBe(0);
    const sweep = readSweep(out);
    expect(sweep.points.map((p) => p.status)).toEqual(Array(8).fill("done"));
    expect(sweep.points[5]!.values).toEqual({ struct: "rsst", rate: 0.3, seed: 2 });
    const scored = sweep.points.map((point) => {
      const parsed = parseRunLog(readFileSync(join(out, point.run), "utf8"));
      if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
      expect(parsed.log.env.sweep).toBe(sweep.id);
      expect(parsed.log.config).toMatchObject(point.values);
      expect(point.testAcc).toBe(parsed.log.final!.testAcc);
      expect(point.sparsity).toBe(parsed.log.final!.sparsity);
      return { testAcc: point.testAcc!, sparsity: point.sparsity! };
    });
    // Pareto, worked out pair by pair from the logs' numbers.
    const beaten = scored.map((a) =>
      scored.some(
        (b) =>
          b.testAcc >= a.testAcc &&
          b.sparsity >= a.sparsity &&
          (b.testAcc > a.testAcc || b.sparsity > a.sparsity),
      ),
    );
    expect(sweep.points.map((p) => p.pareto)).toEqual(beaten.map((b) => !b));
    expect(sweep.points.some((p) => p.pareto)).toBe(true);
  });

  it("started again on the same folder, keeps the finished points and runs the rest", {
    timeout: 120_000,
  }, () => {
    const before = readSweep(out);
    const kept = readFileSync(join(out, before.points[0]!.run), "utf8");
    rmSync(join(out, before.points[3]!.run));
    const unfinished = JSON.parse(readFileSync(join(out, before.points[6]!.run), "utf8"));
    writeFileSync(join(out, before.points[6]!.run), JSON.stringify({ ...unfinished, final: null }));
    const { code, stderr } = lab("sweep", "--config", config, "--out", out, "--jobs", "2");
    expect(stderr).toContain("8 points, 6 already done");
    expect(stderr).toContain(`${before.points[3]!.name}] started`);
    expect(stderr).toContain(`${before.points[6]!.name}] started`);
    expect(stderr).not.toContain(`${before.points[0]!.name}] started`);
    expect(code).toBe(0);
    expect(readFileSync(join(out, before.points[0]!.run), "utf8")).toBe(kept);
    expect(readSweep(out).points.map((p) => p.status)).toEqual(Array(8).fill("done"));
  });

  it("records a failed point with its error, goes on, and exits 1", { timeout: 120_000 }, () => {
    const failing = sweepFile("failing.json", {
      base: { ...tiny, optimizer: "adamw" },
      axes: { lr: [1000, 0.005] },
    });
    const folder = join(dir, "failing");
    const { code } = lab("sweep", "--config", failing, "--out", folder);
    expect(code).toBe(1);
    const [diverged, fine] = readSweep(folder).points;
    expect(diverged!.status).toBe("failed");
    expect(diverged!.error).toMatch(/lr/);
    expect(fine!.status).toBe("done");
    expect(fine!.pareto).toBe(true);
  });

  it("refuses a bad point before running anything (exit 2)", () => {
    const bad = sweepFile("bad.json", { base: tiny, axes: { rate: [0.3, 1.5] } });
    const { code, stderr } = lab("sweep", "--config", bad, "--out", join(dir, "bad"));
    expect(code).toBe(2);
    expect(stderr).toContain("point 1 (rate=1.5): rate: must be in (0, 1), got 1.5");
    expect(stderr).not.toContain("started");
  });
});
