// Coming back: after a reload the history reopens the run that was on screen.
import { describe, expect, it } from "vitest";
import { foldRunLog } from "../../src/core/runlog";
import type { RunLog } from "../../src/core/types";
import { createMemoryHistoryDb } from "../../src/lib/dbMemory";
import type { HistoryDb } from "../../src/lib/historyRecord";
import { createHistoryStore } from "../../src/store/historyStore";
import type { ShownRunMemory } from "../../src/store/shownRunMemory";
import { CONFIG, STARTED } from "./store-fixtures";

const LOG = foldRunLog(null, STARTED) as RunLog;

async function stored(db: HistoryDb, id: string, status: "done" | "interrupted") {
  await db.putRun({
    id,
    name: id,
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    status,
    origin: "lab",
    config: CONFIG,
    log: LOG,
    errorMessage: null,
    savedIterations: 0,
    hasCheckpoint: false,
  });
}

/** A page load over `db` whose localStorage is `memory`; `shown` lists the logs put on screen. */
function pageLoad(db: HistoryDb, memory: ShownRunMemory) {
  const shown: RunLog[] = [];
  const history = createHistoryStore({
    db: Promise.resolve(db),
    liveness: { hold: () => () => {}, liveRunIds: async () => new Set() },
    experiment: {
      show: (log) => {
        shown.push(log);
        return true;
      },
      start: () => false,
    },
    shownRun: memory,
  });
  return { history, shown };
}

function memoryStorage(): ShownRunMemory & { value: string | null } {
  return {
    value: null,
    read() {
      return this.value;
    },
    write(id) {
      this.value = id;
    },
  };
}

describe("coming back after a reload", () => {
  it("reopens the run that was on screen, and nothing once it was deleted", async () => {
    const db = createMemoryHistoryDb();
    await stored(db, "first", "done");
    await stored(db, "second", "interrupted");
    const memory = memoryStorage();

    const before = pageLoad(db, memory);
    await before.history.getState().actions.load();
    expect(before.shown).toHaveLength(0);
    before.history.getState().actions.open("second");
    expect(memory.value).toBe("second");

    const after = pageLoad(db, memory);
    await after.history.getState().actions.load();
    expect(after.history.getState().shownId).toBe("second");
    expect(after.shown).toEqual([LOG]);

    await after.history.getState().actions.remove("second");
    expect(memory.value).toBeNull();
    const third = pageLoad(db, memory);
    await third.history.getState().actions.load();
    expect(third.history.getState().shownId).toBeNull();
    expect(third.shown).toHaveLength(0);
  });
});
