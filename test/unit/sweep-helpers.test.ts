// The sweep's small helpers, worked by hand: the time left, durations in words, the pool that
// runs points a few at once, a point's x for the fronts, and a dotted key's value.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import {
  formatDuration,
  measureOf,
  type QueuedPoint,
  runPool,
  sweepEtaSeconds,
  valueAt,
} from "../../src/core/sweep";

describe("sweepEtaSeconds", () => {
  it("is the mean point time × the points left ÷ the jobs running at once", () => {
    // mean of 10, 20, 30 = 20 s; 6 left; 2 at once → 60 s
    expect(sweepEtaSeconds([10, 20, 30], 6, 2)).toBe(60);
    expect(sweepEtaSeconds([10, 20, 30], 6, 1)).toBe(120);
  });

  it("counts fewer than one job as one, and is null before any point finished", () => {
    expect(sweepEtaSeconds([10], 3, 0)).toBe(30);
    expect(sweepEtaSeconds([], 3, 1)).toBeNull();
  });
});

describe("formatDuration", () => {
  it("gives seconds under a minute, minutes and seconds under an hour, then hours and minutes", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(59.4)).toBe("59 s");
    expect(formatDuration(60)).toBe("1 min 0 s");
    expect(formatDuration(125.2)).toBe("2 min 5 s");
    expect(formatDuration(3599)).toBe("59 min 59 s");
    expect(formatDuration(3600)).toBe("1 h 0 min");
    expect(formatDuration(2 * 3600 + 29 * 60 + 40)).toBe("2 h 30 min");
  });
});

describe("runPool", () => {
  /** A task per item that waits until released, recording starts and how many ran at once. */
  function gatedTasks() {
    const started: number[] = [];
    const release = new Map<number, () => void>();
    let running = 0;
    let most = 0;
    const task = (item: number) =>
      new Promise<void>((resolve) => {
        started.push(item);
        running++;
        most = Math.max(most, running);
        release.set(item, () => {
          running--;
          resolve();
        });
      });
    return { started, release, task, most: () => most };
  }
  const tick = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it("runs at most `jobs` tasks at once, starting them in list order as others settle", async () => {
    const gated = gatedTasks();
    let done = false;
    const pool = runPool([1, 2, 3, 4], 2, gated.task).then(() => {
      done = true;
    });
    await tick();
    expect(gated.started).toEqual([1, 2]);
    gated.release.get(2)?.();
    await tick();
    expect(gated.started).toEqual([1, 2, 3]);
    gated.release.get(1)?.();
    gated.release.get(3)?.();
    await tick();
    expect(gated.started).toEqual([1, 2, 3, 4]);
    expect(done).toBe(false);
    gated.release.get(4)?.();
    await pool;
    expect(gated.most()).toBe(2);
  });

  it("runs one at a time for jobs below 1, and settles at once for no items", async () => {
    const gated = gatedTasks();
    const pool = runPool([1, 2], 0, gated.task);
    await tick();
    expect(gated.started).toEqual([1]);
    gated.release.get(1)?.();
    await tick();
    gated.release.get(2)?.();
    await pool;
    expect(gated.most()).toBe(1);
    await expect(runPool([], 3, async () => {})).resolves.toBeUndefined();
  });
});

describe("measureOf", () => {
  const point = (fields: Partial<QueuedPoint>): QueuedPoint => ({
    index: 0,
    name: "p",
    values: {},
    config: DEFAULT_CONFIG,
    status: "done",
    runId: null,
    testAcc: 0.9,
    sparsity: 0.6,
    error: null,
    ...fields,
  });

  it("is the sparsity, or the compacted FLOPs in millions", () => {
    expect(measureOf(point({ compactFlops: 2_500_000 }), "sparsity")).toBe(0.6);
    expect(measureOf(point({ compactFlops: 2_500_000 }), "mflops")).toBe(2.5);
  });

  it("is null for MFLOPs a log could not tell, missing or null", () => {
    expect(measureOf(point({ compactFlops: null }), "mflops")).toBeNull();
    expect(measureOf(point({}), "mflops")).toBeNull();
  });
});

describe("valueAt", () => {
  it("reads a dotted key as text, and 'undefined' for a path that is not there", () => {
    const config = { rate: 0.3, model: { depth: 4 }, name: null };
    expect(valueAt(config, "rate")).toBe("0.3");
    expect(valueAt(config, "model.depth")).toBe("4");
    expect(valueAt(config, "model.width")).toBe("undefined");
    expect(valueAt(config, "name.x")).toBe("undefined");
    expect(valueAt(config, "rate.x")).toBe("undefined");
  });
});
