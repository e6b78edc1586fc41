// The run history in IndexedDB (database "pruning-lab"), through the `idb` library: one store
// of run records, and per run its latest resume point and safetensors checkpoint. Values are
// stored as structured clones: the resume point's Float32Arrays and the checkpoint's bytes as is.
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { ResumePoint } from "../core/resume";
import { describeStorageError, type HistoryDb, type StoredRun } from "./historyRecord";

export const HISTORY_DB_NAME = "pruning-lab";
const HISTORY_DB_VERSION = 1;

interface LabSchema extends DBSchema {
  runs: { key: string; value: StoredRun };
  /** Keyed by run id. */
  resumePoints: { key: string; value: ResumePoint };
  /** Keyed by run id. */
  checkpoints: { key: string; value: Uint8Array };
}

/** Rejects with a message that says why when IndexedDB is missing or refuses to open. */
export async function openHistoryDb(): Promise<HistoryDb> {
  if (typeof indexedDB === "undefined") throw new Error("this browser offers no IndexedDB");
  const db = await openDB<LabSchema>(HISTORY_DB_NAME, HISTORY_DB_VERSION, {
    upgrade(database) {
      database.createObjectStore("runs", { keyPath: "id" });
      database.createObjectStore("resumePoints");
      database.createObjectStore("checkpoints");
    },
    blocking() {
      // A newer version of the app wants to upgrade the schema: let it.
      db.close();
    },
  });
  return indexedHistory(db);
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
        const current = await runs.get(id);
        const next = current ? change(current) : null;
        if (next) {
          await runs.put(next);
          await tx.objectStore("resumePoints").put(point, id);
          if (checkpoint) await tx.objectStore("checkpoints").put(checkpoint, id);
        }
        await tx.done;
        return next;
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
