// The sweep queue's edges: which of several sweeps runs first, what is selected, what is stored
// when storage fails, and which actions leave the experiment alone. The experiment is a fake
// whose runs end when the test says.
import { describe, expect, it, vi } from "vitest";
import type { SweepRecord } from "../../src/core/sweep";
import type { SweepDb } from "../../src/lib/db";
import { createMemorySweepDb } from "../../src/lib/dbMemory";
import { createSweepStore } from "../../src/store/sweepStore";
import { done, fakeExperiment, sweepOf } from "./sweep-store-fake";

describe("the sweep queue, at its edges", () => {
  it("lists sweeps newest first and runs the oldest running sweep's points first", async () => {
    const db = createMemorySweepDb();
    // Stored before the page opened: "old" from January, "new" from March, neither started.
    await db.putSweep(sweepOf("new", "2026-03-01T00:00:00Z"));
    await db.putSweep(sweepOf("old", "2026-01-01T00:00:00Z"));
    const { port, runs, calls } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(db), experiment: port });
    await store.getState().actions.load();
    expect(store.getState().sweeps.map((sweep) => sweep.id)).toEqual(["new", "old"]);
    // Nothing was selected: the newest sweep is.
    expect(store.getState().selectedId).toBe("new");
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    expect(store.getState().runningPoint).toEqual({ sweepId: "old", index: 0 });
    runs[0]!.end(done);
    await vi.waitFor(() => expect(runs).toHaveLength(2));
    expect(store.getState().runningPoint).toEqual({ sweepId: "old", index: 1 });
    runs[1]!.end(done);
    await vi.waitFor(() => expect(runs).toHaveLength(3));
    expect(store.getState().runningPoint).toEqual({ sweepId: "new", index: 0 });
    expect(calls).toEqual(["tag run-1 old", "tag run-2 old"]);
    // Each change was stored: "old" is done in storage, "new" has its first point running.
    const stored = new Map((await db.listSweeps()).map((sweep) => [sweep.id, sweep]));
    expect(stored.get("old")?.status).toBe("done");
    expect(stored.get("new")?.points.map((point) => point.status)).toEqual(["running", "queued"]);
  });

  it("adding a sweep selects it; loading keeps a selection made before", async () => {
    const db = createMemorySweepDb();
    await db.putSweep(sweepOf("stored", "2026-01-01T00:00:00Z"));
    const { port } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(db), experiment: port });
    store.getState().actions.select("picked");
    await store.getState().actions.load();
    expect(store.getState().selectedId).toBe("picked");
    expect(store.getState().ready).toBe(true);
    await store.getState().actions.add(sweepOf("added", "2026-02-01T00:00:00Z"));
    expect(store.getState().selectedId).toBe("added");
    store.getState().actions.select(null);
    expect(store.getState().selectedId).toBeNull();
  });

  it("stores an imported sweep and selects it, and runs nothing for it", async () => {
    const db = createMemorySweepDb();
    const { port, runs } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(db), experiment: port });
    await store.getState().actions.load();
    const imported: SweepRecord = { ...sweepOf("imp", "2026-01-01T00:00:00Z"), origin: "import" };
    await store.getState().actions.putImported(imported);
    expect(store.getState().selectedId).toBe("imp");
    expect((await db.listSweeps()).map((sweep) => sweep.id)).toEqual(["imp"]);
    expect(runs).toHaveLength(0);
    expect(store.getState().runningPoint).toBeNull();
  });

  it("leaves the point queued when another run is active, and starts it on resume", async () => {
    let available = false;
    const { port, runs, calls } = fakeExperiment({ available: () => available });
    const store = createSweepStore({ db: Promise.resolve(createMemorySweepDb()), experiment: port });
    await store.getState().actions.load();
    await store.getState().actions.add(sweepOf("s", "2026-01-01T00:00:00Z"));
    await vi.waitFor(() => expect(store.getState().runningPoint).toBeNull());
    expect(store.getState().sweeps[0]!.points.map((point) => point.status)).toEqual(["queued", "queued"]);
    available = true;
    // The sweep is running and no point of it runs here: resume pumps, it does not call the experiment's resume.
    await store.getState().actions.resume("s");
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    expect(store.getState().runningPoint).toEqual({ sweepId: "s", index: 0 });
    expect(calls).toEqual([]);
  });

  it("pausing, resuming or cancelling another sweep leaves the running point alone", async () => {
    const { port, runs, calls } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(createMemorySweepDb()), experiment: port });
    await store.getState().actions.load();
    await store.getState().actions.add(sweepOf("a", "2026-01-01T00:00:00Z"));
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    await store.getState().actions.add(sweepOf("b", "2026-02-01T00:00:00Z"));
    await store.getState().actions.pause("b");
    await store.getState().actions.resume("b");
    await store.getState().actions.cancel("b");
    expect(calls).toEqual([]);
    expect(runs).toHaveLength(1);
    const statuses = new Map(store.getState().sweeps.map((sweep) => [sweep.id, sweep.status]));
    expect(statuses).toEqual(
      new Map([
        ["a", "running"],
        ["b", "cancelled"],
      ]),
    );
    // A cancelled sweep stays cancelled: resume does not bring it back.
    await store.getState().actions.resume("b");
    expect(store.getState().sweeps.find((sweep) => sweep.id === "b")?.status).toBe("cancelled");
    // Actions on a sweep that does not exist change nothing.
    await store.getState().actions.pause("nothing");
    expect(store.getState().sweeps).toHaveLength(2);
  });

  it("removes a sweep from the list and storage, but not while its point runs", async () => {
    const db = createMemorySweepDb();
    const { port, runs } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(db), experiment: port });
    await store.getState().actions.load();
    await store.getState().actions.add(sweepOf("a", "2026-01-01T00:00:00Z"));
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    await store.getState().actions.add(sweepOf("b", "2026-02-01T00:00:00Z"));
    store.getState().actions.select("a");
    await store.getState().actions.remove("a");
    expect(store.getState().sweeps.map((sweep) => sweep.id)).toEqual(["b", "a"]);
    expect(store.getState().selectedId).toBe("a");

    await store.getState().actions.remove("b");
    expect(store.getState().sweeps.map((sweep) => sweep.id)).toEqual(["a"]);
    expect(store.getState().selectedId).toBe("a");
    expect((await db.listSweeps()).map((sweep) => sweep.id)).toEqual(["a"]);

    // Once its point ended and the rest was cancelled, it may go; the selection goes with it.
    await store.getState().actions.cancel("a");
    runs[0]!.end({ status: "cancelled" });
    await vi.waitFor(() => expect(store.getState().runningPoint).toBeNull());
    await store.getState().actions.remove("a");
    expect(store.getState().sweeps).toEqual([]);
    expect(store.getState().selectedId).toBeNull();
    expect(await db.listSweeps()).toEqual([]);
  });

  it("reports a failed write by its message and keeps the sweep in the list", async () => {
    const memory = createMemorySweepDb();
    const failing: SweepDb = {
      ...memory,
      putSweep: async () => {
        throw new Error("QuotaExceededError: the quota is full");
      },
    };
    const { port } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(failing), experiment: port });
    await store.getState().actions.load();
    expect(store.getState().error).toBeNull();
    await store.getState().actions.putImported(sweepOf("s", "2026-01-01T00:00:00Z"));
    expect(store.getState().error).toBe("QuotaExceededError: the quota is full");
    expect(store.getState().sweeps.map((sweep) => sweep.id)).toEqual(["s"]);
  });

  it("runs in memory when storage does not open, and starts empty when it cannot be read", async () => {
    const { port, runs } = fakeExperiment();
    const unopened = createSweepStore({ db: Promise.reject(new Error("no IndexedDB")), experiment: port });
    await unopened.getState().actions.load();
    expect(unopened.getState().ready).toBe(true);
    await unopened.getState().actions.add(sweepOf("s", "2026-01-01T00:00:00Z"));
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    expect(unopened.getState().error).toBeNull();

    const unreadable: SweepDb = {
      ...createMemorySweepDb(),
      listSweeps: async () => {
        throw new Error("the database is corrupt");
      },
    };
    const empty = createSweepStore({ db: Promise.resolve(unreadable), experiment: fakeExperiment().port });
    await empty.getState().actions.load();
    expect([empty.getState().ready, empty.getState().sweeps, empty.getState().selectedId]).toEqual([
      true,
      [],
      null,
    ]);
  });

  it("a stored sweep with nothing cut short is not written again on load", async () => {
    const memory = createMemorySweepDb();
    const finished: SweepRecord = { ...sweepOf("s", "2026-01-01T00:00:00Z"), status: "done" };
    await memory.putSweep(finished);
    const written: string[] = [];
    const watched: SweepDb = {
      ...memory,
      putSweep: async (sweep) => {
        written.push(sweep.id);
        await memory.putSweep(sweep);
      },
    };
    const { port, runs } = fakeExperiment();
    const store = createSweepStore({ db: Promise.resolve(watched), experiment: port });
    await store.getState().actions.load();
    expect(written).toEqual([]);
    expect(runs).toHaveLength(0);
  });
});
