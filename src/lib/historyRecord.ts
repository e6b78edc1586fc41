// What the run history stores, and the small interface every storage behind it offers
// (IndexedDB in the page, memory in tests and where IndexedDB is unavailable).
import { errorMessage } from "../core/errorMessage";
import type { ResumePoint } from "../core/resume";
import type { ExperimentConfig, RunLog } from "../core/types";

/**
 * running: a page is training it now (or was, until it went away: see interrupted);
 * done: every iteration finished; stopped: the user stopped it; interrupted: its page was
 * reloaded or closed, or its worker crashed; error: the run itself failed.
 */
export type StoredRunStatus = "running" | "done" | "stopped" | "interrupted" | "error";

export interface StoredRun {
  id: string;
  name: string;
  /** ISO-8601: when the run was started here, or imported. */
  createdAt: string;
  updatedAt: string;
  status: StoredRunStatus;
  origin: "lab" | "import";
  config: ExperimentConfig;
  /** The run log so far; null until the worker has started the run. */
  log: RunLog | null;
  errorMessage: string | null;
  /** Completed iterations whose resume point is stored (0: none, a resume starts afresh). */
  savedIterations: number;
  /** Whether the safetensors checkpoint of the last saved iteration is stored. */
  hasCheckpoint: boolean;
}

export interface HistoryDb {
  listRuns(): Promise<StoredRun[]>;
  putRun(run: StoredRun): Promise<void>;
  /**
   * Reads, changes and writes one run in one transaction, so that concurrent changes (a
   * rename during a run) are not lost. Resolves with the new record, or null when the run is
   * gone (deleted): a deleted run is never written back.
   */
  updateRun(id: string, change: (run: StoredRun) => StoredRun): Promise<StoredRun | null>;
  /**
   * Stores what a completed iteration leaves (its resume point and its checkpoint, which
   * replace the previous ones) together with the run's record, in one transaction.
   */
  saveIteration(
    id: string,
    point: ResumePoint,
    checkpoint: Uint8Array | null,
    change: (run: StoredRun) => StoredRun,
  ): Promise<StoredRun | null>;
  getResumePoint(id: string): Promise<ResumePoint | undefined>;
  getCheckpoint(id: string): Promise<Uint8Array | undefined>;
  /** Removes the run with its resume point and checkpoint. */
  deleteRun(id: string): Promise<void>;
}

/** The browser refused to store more for this site. */
export class StorageFullError extends Error {
  override name = "StorageFullError";
}

function errorName(error: unknown): string {
  return typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
}

/** Turns a storage failure into an error whose message says what could not be saved and why. */
export function describeStorageError(error: unknown, what: string): Error {
  if (errorName(error) === "QuotaExceededError") {
    return new StorageFullError(
      `Could not save ${what}: the browser's storage for this site is full (quota exceeded). ` +
        "Delete or export old runs to free space; the run on screen goes on, but what is not saved is lost on reload.",
    );
  }
  const reason = errorMessage(error);
  return new Error(`Could not save ${what}: ${reason}`);
}
