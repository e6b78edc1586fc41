// The lab's store with only the ports it cannot do without: the run's clock is
// performance.now, stored runs get crypto.randomUUID ids and the wall clock's ISO time, and
// the run on screen is remembered in localStorage.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistoryDb } from "../../src/lib/dbMemory";
import { createLabStore } from "../../src/store/labStore";
import { fakeLiveness, fakeRunner, NO_DATASETS } from "./fixtures/lab";
import { memoryStorage } from "./fixtures/storage";
import { STARTED, settle } from "./store-fixtures";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("the lab store's own clocks, ids and memory", () => {
  it("times the run by performance.now and stores it under a random UUID at the wall clock's time", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-04T05:06:07.000Z"));
    vi.spyOn(performance, "now").mockReturnValue(1234.5);
    vi.spyOn(crypto, "randomUUID").mockReturnValue("0b7c3a52-8d3e-4b5f-9a61-2f3c4d5e6f70");
    const { storage, items } = memoryStorage();
    vi.stubGlobal("localStorage", storage);
    const db = createMemoryHistoryDb();
    const { runner, lastRun } = fakeRunner();
    const store = createLabStore({
      runner,
      db: Promise.resolve(db),
      liveness: fakeLiveness().liveness,
      datasets: NO_DATASETS,
    });
    store.getState().runActions.run();
    expect(store.getState().run.progress.tickAt).toBe(1234.5);
    lastRun().handlers.onEvent(STARTED);
    await settle();
    const [stored] = await db.listRuns();
    expect(stored?.id).toBe("0b7c3a52-8d3e-4b5f-9a61-2f3c4d5e6f70");
    expect(stored?.createdAt).toBe("2026-03-04T05:06:07.000Z");
    expect(items.get("pruning-lab:shown-run")).toBe("0b7c3a52-8d3e-4b5f-9a61-2f3c4d5e6f70");
  });
});
