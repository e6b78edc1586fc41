// The bench's sweep-throughput rows: the tiny sweep resolves to its four points, and a timing
// becomes points per hour (and a gain over --jobs 1) as worked by hand.
import { describe, expect, it } from "vitest";
import { pointsPerHour, sweepRecord, TINY_SWEEP } from "../../bench/sweeps";
import { readSweepSpec, resolveSweepPoints } from "../../src/core/sweep";

describe("the bench's tiny sweep", () => {
  it("is a valid sweep of four one-epoch points", () => {
    const spec = readSweepSpec(TINY_SWEEP);
    if (!spec.ok) throw new Error(spec.errors.join("; "));
    const resolved = resolveSweepPoints(spec.spec);
    if (!resolved.ok) throw new Error(resolved.errors.join("; "));
    expect(resolved.points.map((p) => [p.config.seed, p.config.epochs, p.config.trainSize])).toEqual([
      [1, 1, 256],
      [2, 1, 256],
      [3, 1, 256],
      [4, 1, 256],
    ]);
  });

  it("reports points per hour: 4 points in 2 minutes are 120 an hour, twice 60", () => {
    expect(pointsPerHour(4, 120_000)).toBe(120);
    const row = sweepRecord(2, 4, 120_000, 60);
    expect(row.name).toBe("sweep-jobs2");
    expect(row.msPerStep.median).toBe(30_000);
    expect(row.note).toMatch(/^120 points\/hour, ×2\.00 --jobs 1: 4 points .* in 120\.0 s, --jobs 2,/);
    expect(sweepRecord(1, 4, 90_000).note).toMatch(/^160 points\/hour: /);
  });
});
