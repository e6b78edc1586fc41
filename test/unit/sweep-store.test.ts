// The browser's sweep queue: one point at a time, stored after every change, resumed after a
// reload (the cut point from its last stored iteration when the history can), paused,
// cancelled. The experiment is a fake whose runs end when the test says.
import { describe, expect, it, vi } from "vitest";
import { type PointEnding, queuedSweep, resolveSweepPoints, type SweepRecord } from "../../src/core/sweep";
import type { ExperimentConfig } from "../../src/core/types";
import { createMemorySweepDb } from "../../src/lib/dbMemory";
import { createSweepStore, type SweepExperimentPort } from "../../src/store/sweepStore";

const spec = { base: { preset: "tiny-vit-synthetic" }, axes: { seed: [1, 2, 3] } };
const resolved = resolveSweepPoints(spec);
if (!resolved.ok) throw new Error(resolved.errors.join("\n"));
const record = (): SweepRecord =>
  queuedSweep("s1", "Sweep seed", "2026-01-01T00:00:00Z", spec, resolved.points);

/** resumable: the runs the fake history can resume (the others have no stored iteration). */
function fakeExperiment(resumable: readonly string[] = []) {
  const runs: { config: ExperimentConfig | null; end: (ending: PointEnding) => void }[] = [];
  const calls: string[] = [];
  const begin = (config: ExperimentConfig | null, runId: string | null) => {
    let end: (ending: PointEnding) => void = () => undefined;
    const ended = new Promise<PointEnding>((resolve) => {
      end = resolve;
    });
    runs.push({ config, end });
    return { runId: runId ?? `run-${runs.length}`, ended };
  };
  const port: SweepExperimentPort = {
    start: (config) => begin(config, null),
    async resumeCut(runId) {
      calls.push(`resumeCut ${runId}`);
      return resumable.includes(runId) ? begin(null, runId) : null;
    },
    pause: () => calls.push("pause"),
    resume: () => calls.push("resume"),
    stop: () => calls.push("stop"),
    tag: async (runId, sweep, point) => {
      calls.push(`tag ${runId} ${sweep.id} ${point.name}`);
    },
  };
  return { port, runs, calls };
}

const done = (testAcc: number): PointEnding => ({ status: "done", testAcc, sparsity: 0.3 });

describe("the sweep queue", () => {
  it("runs the points one after another, tags each run, and ends done", async () => {
    const { port, runs, calls } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(createMemorySweepDb()), experiment: port });
    await store.getState().actions.load();
    void store.getState().actions.add(record());
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    expect(runs[0]!.config?.seed).toBe(1);
    runs[0]!.end(done(0.5));
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    expect(runs[1]!.config?.seed).toBe(2);
    expect(calls).toEqual(["tag run-1 s1 0-seed=1"]);
    runs[1]!.end({ status: "failed", error: "diverged" });
    await vi.waitFor(() => expect(runs).toHaveLength(3));
    runs[2]!.end(done(0.7));
    await vi.waitFor(() => expect(store.getState().sweeps[0]!.status).toBe("done"));
    const points = store.getState().sweeps[0]!.points;
    expect(points.map((p) => [p.status, p.runId, p.testAcc, p.error])).toEqual([
      ["done", "run-1", 0.5, null],
      ["failed", "run-2", null, "diverged"],
      ["done", "run-3", 0.7, null],
    ]);
  });

  it("after a reload, runs again the point the reload cut short, then the rest", async () => {
    const db = createMemorySweepDb();
    const before = fakeExperiment();
    const first = createSweepStore({ db: Promise.resolve(db), experiment: before.port });
    await first.getState().actions.load();
    void first.getState().actions.add(record());
    await vi.waitFor(() => expect(before.runs).toHaveLength(1));
    before.runs[0]!.end(done(0.5));
    await vi.waitFor(() => expect(before.runs).toHaveLength(2));
    await vi.waitFor(async () => expect((await db.listSweeps())[0]!.points[1]!.status).toBe("running"));

    // The page reloads: a new store on the same storage; the old page's run never ends.
    const after = fakeExperiment();
    const second = createSweepStore({ db: Promise.resolve(db), experiment: after.port });
    await second.getState().actions.load();
    await vi.waitFor(() => expect(after.runs).toHaveLength(1));
    // The cut run has no stored iteration: the point runs again from its start, as a new run.
    expect(after.calls).toEqual(["resumeCut run-2"]);
    expect(after.runs[0]!.config?.seed).toBe(2);
    expect(second.getState().sweeps[0]!.points.map((p) => [p.status, p.runId])).toEqual([
      ["done", "run-1"],
      ["running", "run-1"],
      ["queued", null],
    ]);
  });

  it("after a reload, resumes the cut point's own run when the history can, and records it", async () => {
    const db = createMemorySweepDb();
    const before = fakeExperiment();
    const first = createSweepStore({ db: Promise.resolve(db), experiment: before.port });
    await first.getState().actions.load();
    void first.getState().actions.add(record());
    await vi.waitFor(() => expect(before.runs).toHaveLength(1));
    await vi.waitFor(async () => expect((await db.listSweeps())[0]!.points[0]!.status).toBe("running"));

    const after = fakeExperiment(["run-1"]);
    const second = createSweepStore({ db: Promise.resolve(db), experiment: after.port });
    await second.getState().actions.load();
    await vi.waitFor(() => expect(after.runs).toHaveLength(1));
    expect(after.calls).toEqual(["resumeCut run-1"]);
    // Resumed, not started: the fake saw no config, and the point keeps its run.
    expect(after.runs[0]!.config).toBeNull();
    await vi.waitFor(() => expect(second.getState().sweeps[0]!.points[0]!.status).toBe("running"));
    expect(second.getState().sweeps[0]!.points[0]!.runId).toBe("run-1");
    after.runs[0]!.end({ status: "done", testAcc: 0.6, sparsity: 0.3, compactFlops: 2e6 });
    await vi.waitFor(() => expect(after.runs).toHaveLength(2));
    expect(after.calls).toEqual(["resumeCut run-1", "tag run-1 s1 0-seed=1"]);
    expect(after.runs[1]!.config?.seed).toBe(2);
    const point = second.getState().sweeps[0]!.points[0]!;
    expect([point.status, point.runId, point.testAcc, point.compactFlops, point.resumeFrom]).toEqual([
      "done",
      "run-1",
      0.6,
      2e6,
      null,
    ]);
  });

  it("pauses the running point and starts no other until resumed; cancel stops it and the rest", async () => {
    const { port, runs, calls } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(createMemorySweepDb()), experiment: port });
    await store.getState().actions.load();
    void store.getState().actions.add(record());
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    await store.getState().actions.pause("s1");
    expect(calls).toEqual(["pause"]);
    runs[0]!.end(done(0.5));
    await vi.waitFor(() => expect(store.getState().sweeps[0]!.points[0]!.status).toBe("done"));
    expect(runs).toHaveLength(1);
    await store.getState().actions.resume("s1");
    await vi.waitFor(() => expect(runs).toHaveLength(2));

    await store.getState().actions.cancel("s1");
    expect(calls.at(-1)).toBe("stop");
    runs[1]!.end({ status: "cancelled" });
    await vi.waitFor(() => expect(store.getState().runningPoint).toBeNull());
    const sweep = store.getState().sweeps[0]!;
    expect(sweep.status).toBe("cancelled");
    expect(sweep.points.map((p) => p.status)).toEqual(["done", "cancelled", "cancelled"]);
    expect(runs).toHaveLength(2);
  });
});
