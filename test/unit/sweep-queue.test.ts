// The browser sweep's queue as plain functions over its record: a new sweep queues every point,
// points run first-queued first, endings are recorded field by field, the sweep is done when
// nothing is open, a reload requeues the cut points, and cancel and pause do what they say.
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config";
import {
  cancelSweep,
  nextQueuedPoint,
  queuedSweep,
  requeueInterrupted,
  type SweepPoint,
  type SweepRecord,
  setSweepStatus,
  settlePoint,
  startPoint,
} from "../../src/core/sweep";

const SPEC = { base: { epochs: 1 }, axes: { seed: [1, 2, 3] } };
const POINTS: SweepPoint[] = [1, 2, 3].map((seed, index) => ({
  index,
  name: `seed-${seed}`,
  values: { seed },
  config: { ...DEFAULT_CONFIG, seed },
}));

function fresh(): SweepRecord {
  return queuedSweep("sw", "three seeds", "2026-12-02T00:00:00.000Z", SPEC, POINTS);
}

const statuses = (sweep: SweepRecord) => sweep.points.map((point) => point.status);

describe("queuedSweep", () => {
  it("is a running lab sweep with every point queued and nothing measured", () => {
    const sweep = fresh();
    expect(sweep).toMatchObject({
      id: "sw",
      name: "three seeds",
      createdAt: "2026-12-02T00:00:00.000Z",
      axes: { seed: [1, 2, 3] },
      status: "running",
      origin: "lab",
    });
    expect(sweep.points[1]).toEqual({
      ...POINTS[1],
      status: "queued",
      runId: null,
      testAcc: null,
      sparsity: null,
      error: null,
    });
  });
});

describe("running points", () => {
  it("next is the first queued point, and none unless the sweep is running", () => {
    let sweep = fresh();
    expect(nextQueuedPoint(sweep)?.index).toBe(0);
    sweep = startPoint(sweep, 0, "run-0");
    expect(nextQueuedPoint(sweep)?.index).toBe(1);
    expect(nextQueuedPoint(setSweepStatus(sweep, "paused"))).toBeNull();
    const allStarted = startPoint(startPoint(sweep, 1, "run-1"), 2, "run-2");
    expect(nextQueuedPoint(allStarted)).toBeNull();
  });

  it("starting a point marks only it running, with its run, and clears a resume", () => {
    const requeued = requeueInterrupted(startPoint(fresh(), 1, "cut"));
    expect(requeued.points[1]?.resumeFrom).toBe("cut");
    const sweep = startPoint(requeued, 1, "run-1");
    expect(statuses(sweep)).toEqual(["queued", "running", "queued"]);
    expect(sweep.points[1]).toMatchObject({ runId: "run-1", resumeFrom: null });
    expect(sweep.points[0]?.runId).toBeNull();
  });
});

describe("settlePoint", () => {
  it("records a done point's accuracy, sparsity and FLOPs, and clears an error", () => {
    const sweep = settlePoint(startPoint(fresh(), 0, "r"), 0, {
      status: "done",
      testAcc: 0.9,
      sparsity: 0.5,
      compactFlops: 1234,
    });
    expect(sweep.points[0]).toMatchObject({
      status: "done",
      testAcc: 0.9,
      sparsity: 0.5,
      compactFlops: 1234,
      error: null,
    });
    const withoutFlops = settlePoint(fresh(), 0, { status: "done", testAcc: 0.8, sparsity: 0.4 });
    expect(withoutFlops.points[0]?.compactFlops).toBeNull();
  });

  it("records a failed point's error with nothing measured, and a cancelled point bare", () => {
    const done = settlePoint(fresh(), 0, { status: "done", testAcc: 0.9, sparsity: 0.5, compactFlops: 9 });
    const failed = settlePoint(done, 0, { status: "failed", error: "diverged" });
    expect(failed.points[0]).toMatchObject({
      status: "failed",
      testAcc: null,
      sparsity: null,
      compactFlops: null,
      error: "diverged",
    });
    const cancelled = settlePoint(failed, 0, { status: "cancelled" });
    expect(cancelled.points[0]).toMatchObject({ status: "cancelled", error: null, testAcc: null });
  });

  it("leaves the sweep running while a point is queued or running, and done after the last", () => {
    let sweep = startPoint(fresh(), 0, "r0");
    sweep = settlePoint(sweep, 0, { status: "failed", error: "x" });
    expect(sweep.status).toBe("running");
    sweep = startPoint(startPoint(sweep, 1, "r1"), 2, "r2");
    sweep = settlePoint(sweep, 2, { status: "done", testAcc: 1, sparsity: 0 });
    // Point 1 still runs.
    expect(sweep.status).toBe("running");
    sweep = settlePoint(sweep, 1, { status: "cancelled" });
    expect(sweep.status).toBe("done");
    expect(statuses(sweep)).toEqual(["failed", "cancelled", "done"]);
  });

  it("a cancelled sweep stays cancelled when its last point settles; a paused one becomes done", () => {
    const cancelled = { ...startPoint(fresh(), 0, "r0"), status: "cancelled" as const };
    const settled = settlePoint(
      {
        ...cancelled,
        points: cancelled.points.map((p) => (p.index === 0 ? p : { ...p, status: "cancelled" as const })),
      },
      0,
      { status: "cancelled" },
    );
    expect(settled.status).toBe("cancelled");
    const paused = setSweepStatus(startPoint(fresh(), 0, "r0"), "paused");
    const rest = {
      ...paused,
      points: paused.points.map((p) => (p.index === 0 ? p : { ...p, status: "failed" as const })),
    };
    expect(settlePoint(rest, 0, { status: "failed", error: "e" }).status).toBe("done");
  });
});

describe("requeueInterrupted", () => {
  it("queues every running point again, remembering its cut run, and leaves the others", () => {
    let sweep = startPoint(startPoint(fresh(), 0, "r0"), 1, "r1");
    sweep = settlePoint(sweep, 0, { status: "done", testAcc: 0.9, sparsity: 0.5 });
    const requeued = requeueInterrupted(sweep);
    expect(statuses(requeued)).toEqual(["done", "queued", "queued"]);
    expect(requeued.points[1]).toMatchObject({ runId: null, resumeFrom: "r1" });
    expect(requeued.points[0]).toBe(sweep.points[0]);
    expect(requeued.points[2]?.resumeFrom).toBeUndefined();
  });

  it("hands a sweep with nothing running back as it is", () => {
    const sweep = fresh();
    expect(requeueInterrupted(sweep)).toBe(sweep);
  });
});

describe("cancel and pause", () => {
  it("cancel ends the sweep and every open point, keeping the settled ones", () => {
    let sweep = startPoint(fresh(), 1, "r1");
    sweep = settlePoint(startPoint(sweep, 0, "r0"), 0, { status: "done", testAcc: 0.9, sparsity: 0.5 });
    const cancelled = cancelSweep(sweep);
    expect(cancelled.status).toBe("cancelled");
    expect(statuses(cancelled)).toEqual(["done", "cancelled", "cancelled"]);
    expect(cancelled.points[0]).toBe(sweep.points[0]);
  });

  it("pause and run switch a running sweep, not a done or cancelled one", () => {
    const paused = setSweepStatus(fresh(), "paused");
    expect(paused.status).toBe("paused");
    expect(setSweepStatus(paused, "running").status).toBe("running");
    const cancelled = cancelSweep(fresh());
    expect(setSweepStatus(cancelled, "running")).toBe(cancelled);
    const done = { ...fresh(), status: "done" as const };
    expect(setSweepStatus(done, "paused")).toBe(done);
  });
});
