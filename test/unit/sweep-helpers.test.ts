// The sweep's small helpers, worked by hand: the time left, durations in words, the pool that
// runs points a few at once, a point's x for the fronts, and a dotted key's value.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import {
  colourGroups,
  dominates,
  formatDuration,
  measureOf,
  paretoFront,
  pointInput,
  pointName,
  type QueuedPoint,
  runPool,
  seedMeans,
  sweepCsv,
  sweepEtaSeconds,
  valueAt,
  withKey,
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

describe("dominates and the front", () => {
  it("dominates when at least as good in both and better in one; equal points do not", () => {
    expect(dominates({ testAcc: 0.8, sparsity: 0.5 }, { testAcc: 0.7, sparsity: 0.5 })).toBe(true);
    expect(dominates({ testAcc: 0.8, sparsity: 0.6 }, { testAcc: 0.8, sparsity: 0.5 })).toBe(true);
    expect(dominates({ testAcc: 0.8, sparsity: 0.5 }, { testAcc: 0.8, sparsity: 0.5 })).toBe(false);
    expect(dominates({ testAcc: 0.9, sparsity: 0.4 }, { testAcc: 0.8, sparsity: 0.5 })).toBe(false);
  });

  it("orders the front by sparsity, and equal sparsities by accuracy, higher first", () => {
    const front = paretoFront([
      { name: "b", testAcc: 0.6, sparsity: 0.7 },
      { name: "a", testAcc: 0.9, sparsity: 0.2 },
      { name: "c", testAcc: 0.6, sparsity: 0.7 },
    ]);
    expect(front.map((p) => p.name)).toEqual(["a", "b", "c"]);
  });
});

describe("point names and inputs", () => {
  it("pads the index to the count's digits and joins key=value parts", () => {
    expect(pointName(3, { struct: "rsst", seed: 2 }, 12)).toBe("03-struct=rsst-seed=2");
    expect(pointName(3, { seed: 2 }, 10)).toBe("3-seed=2");
    expect(pointName(0, {}, 0)).toBe("0");
  });

  it("replaces every character a file system might refuse, and cuts at 120", () => {
    expect(pointName(1, { name: "a/b c*d" }, 2)).toBe("1-name=a_b_c_d");
    expect(pointName(1, { note: "x".repeat(200) }, 2)).toHaveLength(120);
  });

  it("sets a dotted key inside a nested object, replacing a non-object on the way", () => {
    expect(withKey({ model: { depth: 2, width: 4 } }, "model.depth", 6)).toEqual({
      model: { depth: 6, width: 4 },
    });
    expect(withKey({ model: 3 }, "model.depth", 6)).toEqual({ model: { depth: 6 } });
    expect(pointInput({ epochs: 1 }, { "model.depth": 2, seed: 5 })).toEqual({
      epochs: 1,
      model: { depth: 2 },
      seed: 5,
    });
  });
});

describe("the sweep view's groups", () => {
  const base = { status: "done" as const, runId: null, error: null, compactFlops: null };
  const at = (
    index: number,
    struct: string,
    seed: number,
    testAcc: number | null,
    sparsity: number | null,
    compactFlops: number | null = null,
  ): QueuedPoint => ({
    ...base,
    index,
    name: `p${index}`,
    values: { struct, seed },
    config: { ...DEFAULT_CONFIG, struct: struct as "rsst" | "refill", seed },
    testAcc,
    sparsity,
    compactFlops,
  });

  it("means and population stds over the seeds of each setting, leaving out unfinished points", () => {
    const means = seedMeans(
      [
        at(0, "rsst", 1, 0.8, 0.5),
        at(1, "rsst", 2, 0.6, 0.7),
        at(2, "refill", 1, 0.5, 0.5),
        at(3, "rsst", 3, null, 0.5),
        at(4, "rsst", 4, 0.9, null),
      ],
      "struct",
    );
    expect(means).toHaveLength(2);
    const rsst = means.find((m) => m.colour === "rsst");
    expect(rsst?.setting).toBe("struct=rsst");
    expect(rsst?.seeds).toBe(2);
    expect(rsst?.testAcc).toBeCloseTo(0.7, 12);
    expect(rsst?.testAccStd).toBeCloseTo(0.1, 12);
    expect(rsst?.sparsity).toBeCloseTo(0.6, 12);
    expect(rsst?.x).toBeCloseTo(0.6, 12);
    expect(means.find((m) => m.colour === "refill")).toMatchObject({
      seeds: 1,
      testAccStd: 0,
      setting: "struct=refill",
    });
  });

  it("against MFLOPs leaves out points without FLOPs, and takes the front over fewer FLOPs", () => {
    const points = [
      at(0, "rsst", 1, 0.8, 0.5, 2e6),
      at(1, "rsst", 2, 0.7, 0.6, 1e6),
      at(2, "rsst", 3, 0.6, 0.7, 3e6),
      at(3, "rsst", 4, 0.9, 0.1, null),
    ];
    const [group] = colourGroups(points, "struct", "mflops");
    expect(group?.points.map((p) => p.index)).toEqual([0, 1, 2]);
    // Point 2 costs the most and is least accurate: dominated. The rest by increasing MFLOPs.
    expect(group?.front.map((p) => [p.index, p.x])).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(seedMeans(points, "struct", "mflops").reduce((n, m) => n + m.seeds, 0)).toBe(3);
  });

  it("one group per colour, each with its own points, front and means", () => {
    const groups = colourGroups(
      [at(0, "rsst", 1, 0.8, 0.5), at(1, "refill", 1, 0.7, 0.6), at(2, "rsst", 2, 0.5, 0.4)],
      "struct",
    );
    expect(
      groups.map((g) => [
        g.colour,
        g.points.map((p) => p.index),
        g.front.map((p) => p.index),
        g.means.length,
      ]),
    ).toEqual([
      ["rsst", [0, 2], [0], 1],
      ["refill", [1], [1], 1],
    ]);
  });

  it("the CSV quotes cells with commas, quotes or line breaks, and marks Pareto only on done points", () => {
    const points = [
      at(0, "rsst", 1, 0.8, 0.5),
      { ...at(1, 'a,"b"', 2, null, null), status: "failed" as const },
    ];
    expect(sweepCsv(["struct", "seed", "rate"], points, [true, true])).toBe(
      'point,struct,seed,rate,status,testAcc,sparsity,pareto\np0,rsst,1,,done,0.8,0.5,true\np1,"a,""b""",2,,failed,,,false\n',
    );
  });
});
