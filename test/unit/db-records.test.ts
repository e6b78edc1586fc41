// The history database's records against fake-indexeddb, each test on a fresh IndexedDB: the
// database's name and stores, an upgrade from the first schema keeping what it held, record
// updates and iteration saves that find no run, the sweeps store, and failures named by what
// could not be saved.
import "fake-indexeddb/auto";
import { IDBObjectStore as FDBObjectStore, IDBFactory } from "fake-indexeddb";
import { openDB } from "idb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ResumePoint } from "../../src/core/resume";
import type { SweepRecord } from "../../src/core/sweep";
import { HISTORY_DB_NAME, openHistoryDb, openSweepDb } from "../../src/lib/db";
import { createMemoryHistoryDb, createMemorySweepDb } from "../../src/lib/dbMemory";
import {
  describeStorageError,
  type HistoryDb,
  StorageFullError,
  type StoredRun,
} from "../../src/lib/historyRecord";
import { storedRun } from "./fixtures/storedRun";

beforeEach(() => {
  vi.stubGlobal("indexedDB", new IDBFactory());
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const POINT = { nextIteration: 1, rngState: 3, globalStep: 4 } as unknown as ResumePoint;

const SWEEP: SweepRecord = {
  id: "sw",
  name: "seeds",
  createdAt: "2026-01-01T00:00:00.000Z",
  axes: { seed: [1, 2] },
  status: "running",
  origin: "lab",
  points: [],
};

/** Every put on the named store fails with `error`. */
function failPutsOn(storeName: string, error: Error): void {
  const put = FDBObjectStore.prototype.put;
  vi.spyOn(FDBObjectStore.prototype, "put").mockImplementation(function (
    this: InstanceType<typeof FDBObjectStore>,
    ...args: Parameters<typeof put>
  ) {
    if (this.name === storeName) throw error;
    return put.apply(this, args);
  });
}

describe("opening the database", () => {
  it("refuses, saying why, where the browser has no IndexedDB", async () => {
    vi.stubGlobal("indexedDB", undefined);
    await expect(openHistoryDb()).rejects.toThrow("this browser offers no IndexedDB");
    await expect(openSweepDb()).rejects.toThrow("this browser offers no IndexedDB");
  });

  it("is 'pruning-lab' at version 2 with the runs, resume points, checkpoints and sweeps", async () => {
    await openHistoryDb();
    expect(HISTORY_DB_NAME).toBe("pruning-lab");
    const raw = await openDB("pruning-lab");
    expect(raw.version).toBe(2);
    expect([...raw.objectStoreNames].sort()).toEqual(["checkpoints", "resumePoints", "runs", "sweeps"]);
    expect(raw.transaction("runs").store.keyPath).toBe("id");
    expect(raw.transaction("sweeps").store.keyPath).toBe("id");
    expect(raw.transaction("checkpoints").store.keyPath).toBeNull();
    raw.close();
  });

  it("upgrades a database of the first schema, keeping its runs, and adds the sweeps", async () => {
    const v1 = await openDB("pruning-lab", 1, {
      upgrade(database) {
        database.createObjectStore("runs", { keyPath: "id" });
        database.createObjectStore("resumePoints");
        database.createObjectStore("checkpoints");
      },
    });
    await v1.put("runs", storedRun("old"));
    v1.close();
    const history = await openHistoryDb();
    expect((await history.listRuns()).map((run) => run.id)).toEqual(["old"]);
    const sweeps = await openSweepDb();
    await sweeps.putSweep(SWEEP);
    expect(await sweeps.listSweeps()).toEqual([SWEEP]);
  });

  it("steps aside when a newer version of the app upgrades the schema: the open page closes its connection", async () => {
    await openHistoryDb();
    const outcome = await new Promise<string>((resolve) => {
      void openDB("pruning-lab", 3, { blocked: () => resolve("blocked by the open page") }).then((newer) => {
        newer.close();
        resolve(`opened at version ${newer.version}`);
      });
    });
    expect(outcome).toBe("opened at version 3");
  });
});

// The same contract of both: IndexedDB, and the in-memory stand-in the other unit tests use.
const HISTORIES: [string, () => Promise<HistoryDb>][] = [
  ["IndexedDB", () => openHistoryDb()],
  ["memory", async () => createMemoryHistoryDb()],
];

describe.each(HISTORIES)("records in %s", (_, openHistory) => {
  it("updateRun changes the stored record, and gives null without writing when the run is gone", async () => {
    const db = await openHistory();
    await db.putRun(storedRun("a"));
    const renamed = await db.updateRun("a", (run) => ({ ...run, name: "renamed" }));
    expect(renamed?.name).toBe("renamed");
    expect((await db.listRuns())[0]?.name).toBe("renamed");
    const change = vi.fn((run: StoredRun) => run);
    expect(await db.updateRun("gone", change)).toBeNull();
    expect(change).not.toHaveBeenCalled();
    expect((await db.listRuns()).map((run) => run.id)).toEqual(["a"]);
  });

  it("saveIteration stores the point, and the checkpoint only when there is one", async () => {
    const db = await openHistory();
    await db.putRun(storedRun("a"));
    const next = await db.saveIteration("a", POINT, null, (run) => ({ ...run, savedIterations: 1 }));
    expect(next?.savedIterations).toBe(1);
    expect(await db.getResumePoint("a")).toEqual(POINT);
    expect(await db.getCheckpoint("a")).toBeUndefined();
    await db.saveIteration("a", { ...POINT, nextIteration: 2 }, new Uint8Array([7]), (run) => run);
    expect(await db.getCheckpoint("a")).toEqual(new Uint8Array([7]));
    expect((await db.getResumePoint("a"))?.nextIteration).toBe(2);
  });

  it("saveIteration for a deleted run writes nothing and gives null", async () => {
    const db = await openHistory();
    expect(await db.saveIteration("gone", POINT, new Uint8Array([1]), (run) => run)).toBeNull();
    expect(await db.getResumePoint("gone")).toBeUndefined();
    expect(await db.getCheckpoint("gone")).toBeUndefined();
    expect(await db.listRuns()).toEqual([]);
  });

  it("keeps copies: changing what was stored or what was read changes nothing stored", async () => {
    const db = await openHistory();
    const run = storedRun("a");
    await db.putRun(run);
    run.name = "changed after put";
    const point = structuredClone(POINT);
    const checkpoint = new Uint8Array([1, 2]);
    await db.saveIteration("a", point, checkpoint, (r) => r);
    point.nextIteration = 9;
    checkpoint[0] = 9;
    const readPoint = await db.getResumePoint("a");
    const readCheckpoint = await db.getCheckpoint("a");
    readPoint!.nextIteration = 8;
    readCheckpoint![1] = 8;
    (await db.listRuns())[0]!.name = "changed after list";
    expect((await db.listRuns())[0]?.name).toBe(storedRun("a").name);
    expect(await db.getResumePoint("a")).toEqual(POINT);
    expect(await db.getCheckpoint("a")).toEqual(new Uint8Array([1, 2]));
  });

  it("deleting a run removes its record, resume point and checkpoint, and no other run's", async () => {
    const db = await openHistory();
    for (const id of ["a", "b"]) {
      await db.putRun(storedRun(id));
      await db.saveIteration(id, POINT, new Uint8Array([id === "a" ? 1 : 2]), (r) => r);
    }
    await db.deleteRun("a");
    expect((await db.listRuns()).map((r) => r.id)).toEqual(["b"]);
    expect(await db.getResumePoint("a")).toBeUndefined();
    expect(await db.getCheckpoint("a")).toBeUndefined();
    expect(await db.getCheckpoint("b")).toEqual(new Uint8Array([2]));
  });
});

describe("records in IndexedDB, failing", () => {
  it("a failed write is named by what could not be saved", async () => {
    const db = await openHistoryDb();
    await db.putRun(storedRun("a"));
    failPutsOn("runs", new Error("disk on fire"));
    await expect(db.putRun(storedRun("b"))).rejects.toThrow('Could not save run "b": disk on fire');
    await expect(db.updateRun("a", (run) => run)).rejects.toThrow(
      "Could not save the run's record: disk on fire",
    );
    await expect(db.saveIteration("a", POINT, null, (run) => run)).rejects.toThrow(
      "Could not save iteration 1 of the run: disk on fire",
    );
  });
});

describe.each([
  ["IndexedDB", () => openSweepDb()],
  ["memory", async () => createMemorySweepDb()],
])("the sweeps store in %s", (_, openSweeps) => {
  it("puts, lists and deletes sweeps", async () => {
    const sweeps = await openSweeps();
    await sweeps.putSweep(SWEEP);
    await sweeps.putSweep({ ...SWEEP, id: "sw2", name: "rates" });
    expect((await sweeps.listSweeps()).map((s) => s.id)).toEqual(["sw", "sw2"]);
    await sweeps.deleteSweep("sw");
    expect((await sweeps.listSweeps()).map((s) => s.id)).toEqual(["sw2"]);
  });
});

describe("the sweeps store in IndexedDB, failing", () => {
  it("names a sweep it could not save", async () => {
    const sweeps = await openSweepDb();
    failPutsOn("sweeps", new DOMException("full", "QuotaExceededError"));
    const error = await sweeps.putSweep(SWEEP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(
      /^Could not save sweep "seeds": the browser's storage for this site is full/,
    );
  });
});

describe("describeStorageError", () => {
  it("reads a QuotaExceededError by name as storage full, with what to do", () => {
    const error = describeStorageError({ name: "QuotaExceededError" }, "the run");
    expect(error).toBeInstanceOf(StorageFullError);
    expect(error.name).toBe("StorageFullError");
    expect(error.message).toBe(
      "Could not save the run: the browser's storage for this site is full (quota exceeded). " +
        "Delete or export old runs to free space; the run on screen goes on, but what is not saved is lost on reload.",
    );
  });

  it("gives other failures' messages, also for things that are not errors", () => {
    expect(describeStorageError(new Error("locked"), "x").message).toBe("Could not save x: locked");
    expect(describeStorageError("busy", "x").message).toBe("Could not save x: busy");
    expect(describeStorageError(null, "x").message).toBe("Could not save x: null");
    expect(describeStorageError({ name: 7 }, "x")).not.toBeInstanceOf(StorageFullError);
    expect(describeStorageError(undefined, "x")).not.toBeInstanceOf(StorageFullError);
  });
});
