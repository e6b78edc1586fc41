// The run history in IndexedDB (database "pruning-lab"), through the `idb` library: one store
// of run records, and per run its latest resume point and safetensors checkpoint. Values are
// stored as structured clones: the resume point's Float32Arrays and the checkpoint's bytes as is.
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { ResumePoint } from "../core/resume";
import type { SweepRecord } from "../core/sweep";
import { describeStorageError, type HistoryDb, type StoredRun } from "./historyRecord";

export const HISTORY_DB_NAME = "pruning-lab";
// 2: the sweeps store (the browser's sweep queue).
const HISTORY_DB_VERSION = 2;

interface LabSchema extends DBSchema {
  runs: { key: string; value: StoredRun };
  /** Keyed by run id. */
  resumePoints: { key: string; value: ResumePoint };
  /** Keyed by run id. */
  checkpoints: { key: string; value: Uint8Array };
  sweeps: { key: string; value: SweepRecord };
}

/** The browser's sweep queue: one record per sweep, written after every change. */
export interface SweepDb {
  listSweeps(): Promise<SweepRecord[]>;
  putSweep(sweep: SweepRecord): Promise<void>;
  deleteSweep(id: string): Promise<void>;
}

/** Rejects with a message that says why when IndexedDB is missing or refuses to open. */
export async function openHistoryDb(): Promise<HistoryDb> {
  if (typeof indexedDB === "undefined") throw new Error("this browser offers no IndexedDB");
  return indexedHistory(await openLabDb());
}

async function openLabDb(): Promise<IDBPDatabase<LabSchema>> {
  const db = await openDB<LabSchema>(HISTORY_DB_NAME, HISTORY_DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore("runs", { keyPath: "id" });
        database.createObjectStore("resumePoints");
        database.createObjectStore("checkpoints");
      }
      if (oldVersion < 2) database.createObjectStore("sweeps", { keyPath: "id" });
    },
    blocking() {
      // A newer version of the app wants to upgrade the schema: let it.
      db.close();
    },
  });
  return db;
}

/** The sweep queue, in the same database as the history. */
export async function openSweepDb(): Promise<SweepDb> {
  if (typeof indexedDB === "undefined") throw new Error("this browser offers no IndexedDB");
  const db = await openLabDb();
  return {
    listSweeps: () => db.getAll("sweeps"),
    putSweep: (sweep) =>
      saving(`sweep "${sweep.name}"`, async () => {
        await db.put("sweeps", sweep);
      }),
    deleteSweep: (id) => db.delete("sweeps", id),
  };
}

/** Runs a write and reports a failure (quota above all) by what could not be saved. */
async function saving<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw describeStorageError(error, what);
  }
}

function indexedHistory(db: IDBPDatabase<LabSchema>): HistoryDb {
  return {
    listRuns: () => db.getAll("runs"),

    putRun: (run) =>
      saving(`run "${run.name}"`, async () => {
        await db.put("runs", run);
      }),

    updateRun: (id, change) =>
      saving("the run's record", async () => {
        const tx = db.transaction("runs", "readwrite");
        const current = await tx.store.get(id);
        const next = current ? change(current) : null;
        if (next) await tx.store.put(next);
        await tx.done;
        return next;
      }),

    saveIteration: (id, point, checkpoint, change) =>
      saving(`iteration ${point.nextIteration} of the run`, async () => {
        const tx = db.transaction(["runs", "resumePoints", "checkpoints"], "readwrite");
        const runs = tx.objectStore("runs");
        try {
          const current = await runs.get(id);
          const next = current ? change(current) : null;
          const writes = next
            ? [
                runs.put(next),
                tx.objectStore("resumePoints").put(point, id),
                ...(checkpoint ? [tx.objectStore("checkpoints").put(checkpoint, id)] : []),
              ]
            : [];
          await Promise.all([...writes, tx.done]);
          return next;
        } catch (error) {
          // A quota failure aborts the transaction at commit: each request then fails with a bare
          // AbortError, and the transaction holds the cause.
          throw tx.error ?? error;
        }
      }),

    getResumePoint: (id) => db.get("resumePoints", id),
    getCheckpoint: (id) => db.get("checkpoints", id),

    deleteRun: async (id) => {
      const tx = db.transaction(["runs", "resumePoints", "checkpoints"], "readwrite");
      await Promise.all([
        tx.objectStore("runs").delete(id),
        tx.objectStore("resumePoints").delete(id),
        tx.objectStore("checkpoints").delete(id),
        tx.done,
      ]);
    },
  };
}
