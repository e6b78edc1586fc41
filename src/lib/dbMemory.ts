// The run history in memory, with IndexedDB's copy semantics (values are structured clones):
// for tests, and for browsers where IndexedDB is unavailable (then nothing outlives the page).
import type { ResumePoint } from "../core/resume";
import type { SweepRecord } from "../core/sweep";
import type { SweepDb } from "./db";
import type { HistoryDb, StoredRun } from "./historyRecord";

export function createMemoryHistoryDb(): HistoryDb {
  const runs = new Map<string, StoredRun>();
  const resumePoints = new Map<string, ResumePoint>();
  const checkpoints = new Map<string, Uint8Array>();

  const update = (id: string, change: (run: StoredRun) => StoredRun): StoredRun | null => {
    const current = runs.get(id);
    if (!current) return null;
    const next = change(structuredClone(current));
    runs.set(id, structuredClone(next));
    return next;
  };

  return {
    listRuns: async () => [...runs.values()].map((run) => structuredClone(run)),
    putRun: async (run) => {
      runs.set(run.id, structuredClone(run));
    },
    updateRun: async (id, change) => update(id, change),
    saveIteration: async (id, point, checkpoint, change) => {
      const next = update(id, change);
      if (next) {
        resumePoints.set(id, structuredClone(point));
        if (checkpoint) checkpoints.set(id, checkpoint.slice());
      }
      return next;
    },
    getResumePoint: async (id) => {
      const point = resumePoints.get(id);
      return point && structuredClone(point);
    },
    getCheckpoint: async (id) => checkpoints.get(id)?.slice(),
    deleteRun: async (id) => {
      runs.delete(id);
      resumePoints.delete(id);
      checkpoints.delete(id);
    },
  };
}

/** The sweep queue in memory, for tests and where IndexedDB is unavailable. */
export function createMemorySweepDb(): SweepDb {
  const sweeps = new Map<string, SweepRecord>();
  return {
    listSweeps: async () => [...sweeps.values()].map((sweep) => structuredClone(sweep)),
    putSweep: async (sweep) => {
      sweeps.set(sweep.id, structuredClone(sweep));
    },
    deleteSweep: async (id) => {
      sweeps.delete(id);
    },
  };
}
