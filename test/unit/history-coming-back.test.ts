// Coming back: after a reload the history reopens the run that was on screen.
import { describe, expect, it } from "vitest";
import { foldRunLog } from "../../src/core/runlog";
import type { RunLog } from "../../src/core/types";
import { createMemoryHistoryDb } from "../../src/lib/dbMemory";
import type { HistoryDb } from "../../src/lib/historyRecord";
import type { ShownRunMemory } from "../../src/store/shownRunMemory";
import { memoryShownRun, testLab } from "./fixtures/lab";
import { CONFIG, STARTED } from "./store-fixtures";

// Made in each test, not at load: Stryker credits a mutant only to the tests that run its code.
const startedLog = () => foldRunLog(null, STARTED) as RunLog;

async function stored(db: HistoryDb, id: string, status: "done" | "interrupted") {
  await db.putRun({
    id,
    name: id,
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    status,
    origin: "lab",
    config: CONFIG,
    log: startedLog(),
    errorMessage: null,
    savedIterations: 0,
    hasCheckpoint: false,
  });
}

/** A page load over `db` whose localStorage is `memory`. */
function pageLoad(db: HistoryDb, memory: ShownRunMemory) {
  return testLab({ db: Promise.resolve(db), shownRun: memory });
}

describe("coming back after a reload", () => {
  it("reopens the run that was on screen, and nothing once it was deleted", async () => {
    const db = createMemoryHistoryDb();
    await stored(db, "first", "done");
    await stored(db, "second", "interrupted");
    const memory = memoryShownRun();

    const before = pageLoad(db, memory);
    await before.getState().historyActions.load();
    expect(before.getState().run.log).toBeNull();
    before.getState().historyActions.open("second");
    expect(memory.value).toBe("second");

    const after = pageLoad(db, memory);
    await after.getState().historyActions.load();
    expect(after.getState().shownId).toBe("second");
    expect(after.getState().run.log).toEqual(startedLog());

    await after.getState().historyActions.remove("second");
    expect(memory.value).toBeNull();
    const third = pageLoad(db, memory);
    await third.getState().historyActions.load();
    expect(third.getState().shownId).toBeNull();
    expect(third.getState().run.log).toBeNull();
  });
});
