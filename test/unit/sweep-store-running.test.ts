// The sweep whose point runs now: its controls reach the experiment, how its point ends is
// recorded (and what a cancel or a pause made meanwhile is kept), and a reload writes back only
// the sweeps it requeued.
import { describe, expect, it, vi } from "vitest";
import type { SweepRecord } from "../../src/core/sweep";
import type { SweepDb } from "../../src/lib/db";
import { createMemorySweepDb } from "../../src/lib/dbMemory";
import { createSweepStore, type StartedPoint } from "../../src/store/sweepStore";
import { done, fakeExperiment, sweepOf } from "./sweep-store-fake";

/** A sweep stored with its first point running as `runId`: a reload cut that run short. */
const cutSweep = (id: string, createdAt: string, runId: string): SweepRecord => {
  const sweep = sweepOf(id, createdAt);
  return {
    ...sweep,
    points: sweep.points.map((point, i) => (i === 0 ? { ...point, status: "running", runId } : point)),
  };
};

/** A memory database that records the id of every sweep written to it. */
function watchedDb() {
  const memory = createMemorySweepDb();
  const written: string[] = [];
  const db: SweepDb = {
    ...memory,
    putSweep: async (sweep) => {
      written.push(sweep.id);
      await memory.putSweep(sweep);
    },
  };
  return { memory, db, written };
}

describe("the running sweep", () => {
  it("starts not ready, with nothing listed, selected, running or wrong", () => {
    const store = createSweepStore({
      db: Promise.resolve(createMemorySweepDb()),
      experiment: fakeExperiment().port,
    });
    const { ready, sweeps, selectedId, runningPoint, error } = store.getState();
    expect({ ready, sweeps, selectedId, runningPoint, error }).toEqual({
      ready: false,
      sweeps: [],
      selectedId: null,
      runningPoint: null,
      error: null,
    });
  });

  it("pauses, resumes and cancels the experiment when its point runs, and stores each status", async () => {
    const { memory, db } = watchedDb();
    const { port, runs, calls } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(db), experiment: port });
    await store.getState().actions.load();
    await store.getState().actions.add(sweepOf("s", "2026-01-01T00:00:00Z"));
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    const storedStatus = async () => (await memory.listSweeps())[0]?.status;

    await store.getState().actions.pause("s");
    expect(calls).toEqual(["pause"]);
    expect(await storedStatus()).toBe("paused");
    await store.getState().actions.resume("s");
    // The point still runs: resume continues it and starts no second one.
    expect(calls).toEqual(["pause", "resume"]);
    expect(runs).toHaveLength(1);
    expect(await storedStatus()).toBe("running");
    await store.getState().actions.cancel("s");
    expect(calls).toEqual(["pause", "resume", "stop"]);
    expect(await storedStatus()).toBe("cancelled");
  });

  it("pausing or cancelling a sweep while no point runs calls nothing", async () => {
    const { port, calls } = fakeExperiment({ available: () => false });
    const store = createSweepStore({ db: Promise.resolve(createMemorySweepDb()), experiment: port });
    await store.getState().actions.load();
    await store.getState().actions.add(sweepOf("s", "2026-01-01T00:00:00Z"));
    await vi.waitFor(() => expect(store.getState().runningPoint).toBeNull());
    await store.getState().actions.pause("s");
    await store.getState().actions.cancel("s");
    expect(calls).toEqual([]);
    expect(store.getState().sweeps[0]?.status).toBe("cancelled");
  });

  it("tags only a point whose run finished; a failed point keeps its message and the next one runs", async () => {
    const { port, runs, calls } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(createMemorySweepDb()), experiment: port });
    await store.getState().actions.load();
    await store.getState().actions.add(sweepOf("s", "2026-01-01T00:00:00Z"));
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    runs[0]!.end({ status: "failed", error: "out of memory" });
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    expect(calls).toEqual([]);
    runs[1]!.end(done);
    await vi.waitFor(() => expect(store.getState().sweeps[0]?.status).toBe("done"));
    expect(calls).toEqual(["tag run-2 s"]);
    const points = store.getState().sweeps[0]!.points;
    expect(points.map((point) => [point.status, point.error, point.testAcc])).toEqual([
      ["failed", "out of memory", null],
      ["done", null, 0.5],
    ]);
  });

  it("a point that finishes after its sweep was cancelled stays cancelled, without figures", async () => {
    const { port, runs } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(createMemorySweepDb()), experiment: port });
    await store.getState().actions.load();
    await store.getState().actions.add(sweepOf("s", "2026-01-01T00:00:00Z"));
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    await store.getState().actions.cancel("s");
    // The run had reached its end before the stop arrived.
    runs[0]!.end(done);
    await vi.waitFor(() => expect(store.getState().runningPoint).toBeNull());
    const sweep = store.getState().sweeps[0]!;
    expect(sweep.status).toBe("cancelled");
    expect(sweep.points.map((point) => [point.status, point.testAcc])).toEqual([
      ["cancelled", null],
      ["cancelled", null],
    ]);
  });

  it("a pause made while a cut run resumes is kept when the resumed point is stored", async () => {
    const { memory } = watchedDb();
    await memory.putSweep(cutSweep("s", "2026-01-01T00:00:00Z", "cut-1"));
    let resumed: (started: StartedPoint | null) => void = () => undefined;
    const asked: string[] = [];
    const { port, runs } = fakeExperiment({
      resumeCut: (runId) => {
        asked.push(runId);
        return new Promise((resolve) => {
          resumed = resolve;
        });
      },
    });
    const store = createSweepStore({ db: Promise.resolve(memory), experiment: port });
    await store.getState().actions.load();
    await vi.waitFor(() => expect(asked).toEqual(["cut-1"]));
    await store.getState().actions.pause("s");
    resumed({ runId: "cut-1", ended: new Promise(() => undefined) });
    await vi.waitFor(() => expect(store.getState().sweeps[0]?.points[0]?.runId).toBe("cut-1"));
    expect(runs).toHaveLength(0);
    expect(store.getState().sweeps[0]?.status).toBe("paused");
    expect((await memory.listSweeps())[0]?.status).toBe("paused");
  });

  it("a reload writes back only the sweeps whose cut points it requeued", async () => {
    const { memory, db, written } = watchedDb();
    // Stored oldest first: the old sweep was cut short, the newer one is finished.
    await memory.putSweep(cutSweep("cut", "2026-01-01T00:00:00Z", "cut-1"));
    await memory.putSweep({ ...sweepOf("whole", "2026-02-01T00:00:00Z"), status: "done" });
    const { port } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(db), experiment: port });
    await store.getState().actions.load();
    expect(store.getState().sweeps.map((sweep) => sweep.id)).toEqual(["whole", "cut"]);
    expect(written[0]).toBe("cut");
    expect(written).not.toContain("whole");
    const stored = (await memory.listSweeps()).find((sweep) => sweep.id === "cut");
    expect(stored?.points[0]).toMatchObject({ resumeFrom: "cut-1" });
  });

  it("lists stored sweeps newest first, even when none needs writing back", async () => {
    const memory = createMemorySweepDb();
    // Stored oldest first, both finished: the reload requeues nothing.
    await memory.putSweep({ ...sweepOf("january", "2026-01-01T00:00:00Z"), status: "done" });
    await memory.putSweep({ ...sweepOf("march", "2026-03-01T00:00:00Z"), status: "done" });
    const store = createSweepStore({ db: Promise.resolve(memory), experiment: fakeExperiment().port });
    await store.getState().actions.load();
    expect(store.getState().sweeps.map((sweep) => sweep.id)).toEqual(["march", "january"]);
    expect(store.getState().selectedId).toBe("march");
  });
});
