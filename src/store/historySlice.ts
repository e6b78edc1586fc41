// The history slice: every run stored as it goes, the list of past runs, opening, renaming,
// deleting, importing and resuming them, and the runs picked for comparison. A live run's log
// is stored by subscribing to the run slice, which folded it: the record when the run has
// started, its log after every completed iteration. What is not state comes by the recorder:
// each iteration's resume point and checkpoint, and how the run ended.
// Storage goes through a HistoryDb, so these rules run in tests against memory.
import { errorMessage } from "../core/errorMessage";
import type { BackendChoice, ExperimentConfig, RunLog } from "../core/types";
import { createMemoryHistoryDb } from "../lib/dbMemory";
import type { HistoryDb, StoredRun } from "../lib/historyRecord";
import type { RunLiveness } from "../lib/runLiveness";
import type { IterationSave } from "../lib/workerClient";
import {
  byNewest,
  defaultRunName,
  endingMessage,
  endingStatus,
  fullerLog,
  INTERRUPTED_MESSAGE,
  importedStatus,
  isResumable,
  nameFromFile,
  orphanedRuns,
  type RunEnding,
  upsertRun,
} from "./historySummary";
import type { SliceCreator } from "./labState";
import type { ShownRunMemory } from "./shownRunMemory";

export interface HistoryPorts {
  db: Promise<HistoryDb>;
  liveness: RunLiveness;
  /** ISO-8601 time. */
  now: () => string;
  newId: () => string;
  shownRun: ShownRunMemory;
}

/** The part of a File the import reads. */
export interface ImportFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

/** What the run slice tells the history of one live run, beyond the log it folds. */
export interface RunRecording {
  /** Resolves once the iteration's resume point and checkpoint are stored (or failed to be). */
  save(save: IterationSave): Promise<void>;
  /** Resolves once the run's end is stored. */
  end(ending: RunEnding): Promise<void>;
}

export interface RunRecorder {
  /** A run is starting; `continues` is the stored run it resumes, if any. */
  begin(config: ExperimentConfig, continues: string | null): RunRecording;
}

export interface HistoryActions {
  /** Reads the stored runs and marks those whose page went away as interrupted. */
  load(): Promise<void>;
  /** Shows a stored run's charts and heatmap; false while a run is active or it has no log. */
  open(id: string): boolean;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Validates a run-log file and stores it only if it is valid; false (with importError) if not. */
  importFile(file: ImportFile): Promise<boolean>;
  /**
   * Continues an interrupted or stopped run from its last saved iteration, on `backend` when
   * given (a run whose worker crashed or whose GPU was lost may do better elsewhere).
   */
  resume(id: string, backend?: BackendChoice): Promise<boolean>;
  toggleCompare(id: string): void;
  clearCompare(): void;
  dismissStorageError(): void;
  checkpointOf(id: string): Promise<Uint8Array | undefined>;
}

export interface HistorySlice {
  /** False until the stored runs have been read. */
  historyReady: boolean;
  /** Newest first. */
  runs: StoredRun[];
  /** The stored run whose log is on screen: the live one, or the one opened. */
  shownId: string | null;
  /** Runs this page is training now. */
  liveIds: string[];
  /** Runs picked for comparison, in the order picked. */
  compareIds: string[];
  /** A failure to store (quota above all): reported until dismissed, never swallowed. */
  historyStorageError: string | null;
  /** Why the last import was refused, naming what is wrong; null after a good one. */
  importError: string | null;
  /** A standing remark on the storage itself (e.g. kept in memory only). */
  historyNotice: string | null;
  historyActions: HistoryActions;
  /** For the run slice only. */
  historyRecorder: RunRecorder;
}

const MAX_IMPORT_ERRORS_SHOWN = 6;

/** The run being trained, as the history stores it. */
interface LiveRun {
  id: string;
  config: ExperimentConfig;
  /** A resumed run: its record exists, and its replayed start must not replace it. */
  continues: boolean;
}

export function createHistorySlice(ports: HistoryPorts): SliceCreator<HistorySlice> {
  const { now, newId, shownRun } = ports;

  return (set, get, store) => {
    const dbReady = ports.db.catch((error: unknown) => {
      const reason = errorMessage(error);
      set({
        historyNotice: `Runs are kept in memory only, and lost on reload: IndexedDB could not open (${reason}).`,
      });
      return createMemoryHistoryDb();
    });

    // One queue for every write, so that they land in the order they were made.
    let queue: Promise<unknown> = Promise.resolve();
    const write = <T>(operation: (db: HistoryDb) => Promise<T>): Promise<T | undefined> => {
      const done = queue.then(async () => operation(await dbReady));
      queue = done.catch(() => undefined);
      return done.catch((error: unknown) => {
        set({ historyStorageError: errorMessage(error) });
        return undefined;
      });
    };
    const remember = (run: StoredRun | null | undefined): void => {
      if (run) set((state) => ({ runs: upsertRun(state.runs, run) }));
    };
    const update = (id: string, change: (run: StoredRun) => StoredRun) =>
      write((db) => db.updateRun(id, change)).then(remember);
    const find = (id: string) => get().runs.find((run) => run.id === id);

    let training: LiveRun | null = null;

    /** The live run's log changed in the run slice: store it at the start and per iteration. */
    const storeLog = (log: RunLog | null, previous: RunLog | null): void => {
      if (!training || !log) return;
      const { id, config, continues } = training;
      if (previous === null) {
        if (continues) return;
        const run: StoredRun = {
          id,
          name: defaultRunName(config),
          createdAt: now(),
          updatedAt: now(),
          status: "running",
          origin: "lab",
          config,
          log,
          errorMessage: null,
          savedIterations: 0,
          hasCheckpoint: false,
        };
        remember(run);
        void write((db) => db.putRun(run));
      } else if (log.iterations !== previous.iterations) {
        void update(id, (run) => ({ ...run, log: fullerLog(run.log, log), updatedAt: now() }));
      }
    };

    store.subscribe((state, previous) => {
      if (state.run.log !== previous.run.log) storeLog(state.run.log, previous.run.log);
      if (state.shownId !== previous.shownId) shownRun.write(state.shownId);
    });

    const historyRecorder: RunRecorder = {
      begin(config, continues) {
        const id = continues ?? newId();
        const release = ports.liveness.hold(id);
        training = { id, config, continues: continues !== null };
        set((state) => ({ liveIds: [...state.liveIds, id], shownId: id }));
        if (continues)
          update(id, (run) => ({ ...run, config, status: "running", errorMessage: null, updatedAt: now() }));

        return {
          async save({ point, checkpoint }) {
            const saved = await write((db) =>
              db.saveIteration(id, point, checkpoint, (run) => ({
                ...run,
                log: fullerLog(run.log, point.log),
                savedIterations: point.nextIteration,
                hasCheckpoint: checkpoint !== null || run.hasCheckpoint,
                updatedAt: now(),
              })),
            );
            remember(saved);
          },
          async end(ending) {
            if (training?.id === id) training = null;
            // A run that failed keeps what the run slice folded of it.
            const finalLog = "log" in ending ? ending.log : get().run.log;
            await update(id, (run) => ({
              ...run,
              status: endingStatus(ending),
              errorMessage: endingMessage(ending),
              log: "log" in ending ? finalLog : fullerLog(run.log, finalLog),
              updatedAt: now(),
            }));
            release();
            set((state) => ({ liveIds: state.liveIds.filter((other) => other !== id) }));
          },
        };
      },
    };

    const historyActions: HistoryActions = {
      async load() {
        const db = await dbReady;
        const stored = await db.listRuns();
        const live = await ports.liveness.liveRunIds();
        const orphans = new Set(orphanedRuns(stored, live, new Set(get().liveIds)).map((run) => run.id));
        // Records this page wrote meanwhile are newer than what was read.
        set((state) => {
          const known = new Set(state.runs.map((run) => run.id));
          return {
            runs: byNewest([...state.runs, ...stored.filter((run) => !known.has(run.id))]),
            historyReady: true,
          };
        });
        await Promise.all(
          [...orphans].map((id) =>
            update(id, (run) =>
              run.status === "running"
                ? { ...run, status: "interrupted", errorMessage: INTERRUPTED_MESSAGE, updatedAt: now() }
                : run,
            ),
          ),
        );
        // Coming back: the run that was on screen before the reload is on screen again.
        const last = shownRun.read();
        if (last !== null && get().shownId === null && get().liveIds.length === 0) historyActions.open(last);
      },

      open(id) {
        const run = find(id);
        if (!run?.log || !get().runActions.showLog(run.log)) return false;
        set({ shownId: id });
        return true;
      },

      async rename(id, name) {
        const trimmed = name.trim();
        if (trimmed === "") return;
        await update(id, (run) => ({ ...run, name: trimmed, updatedAt: now() }));
      },

      async remove(id) {
        if (get().liveIds.includes(id)) return;
        await write((db) => db.deleteRun(id));
        set((state) => ({
          runs: state.runs.filter((run) => run.id !== id),
          compareIds: state.compareIds.filter((picked) => picked !== id),
          shownId: state.shownId === id ? null : state.shownId,
        }));
      },

      async importFile(file) {
        // The run-log schema loads with the first import: building it delayed the first paint.
        const { DEFAULT_RUN_LOG_MAX_BYTES, parseRunLog } = await import("../core/io/runlog-schema");
        if (file.size > DEFAULT_RUN_LOG_MAX_BYTES) {
          set({
            importError: `${file.name}: the file has ${file.size} bytes; a run log may have at most ${DEFAULT_RUN_LOG_MAX_BYTES}.`,
          });
          return false;
        }
        const parsed = parseRunLog(await file.text());
        if (!parsed.ok) {
          const shown = parsed.errors.slice(0, MAX_IMPORT_ERRORS_SHOWN);
          const more = parsed.errors.length - shown.length;
          set({
            importError: `${file.name} is not a valid run log: ${shown.join("; ")}${more > 0 ? ` (and ${more} more)` : ""}`,
          });
          return false;
        }
        const run: StoredRun = {
          id: newId(),
          name: nameFromFile(file.name, parsed.log),
          createdAt: now(),
          updatedAt: now(),
          status: importedStatus(parsed.log),
          origin: "import",
          config: parsed.log.config,
          log: parsed.log,
          errorMessage: null,
          savedIterations: 0,
          hasCheckpoint: false,
        };
        set({ importError: null });
        remember(run);
        await write((db) => db.putRun(run));
        historyActions.open(run.id);
        return true;
      },

      async resume(id, backend) {
        const run = find(id);
        if (!run || !isResumable(run)) return false;
        const point = run.savedIterations > 0 ? await (await dbReady).getResumePoint(id) : undefined;
        const config = backend ? { ...run.config, backend } : run.config;
        return get().runActions.runWith(config, { resume: point ?? null, historyId: id });
      },

      toggleCompare(id) {
        set((state) => ({
          compareIds: state.compareIds.includes(id)
            ? state.compareIds.filter((picked) => picked !== id)
            : [...state.compareIds, id],
        }));
      },

      clearCompare() {
        set({ compareIds: [] });
      },

      dismissStorageError() {
        set({ historyStorageError: null });
      },

      async checkpointOf(id) {
        return (await dbReady).getCheckpoint(id);
      },
    };

    return {
      historyReady: false,
      runs: [],
      shownId: null,
      liveIds: [],
      compareIds: [],
      historyStorageError: null,
      importError: null,
      historyNotice: null,
      historyActions,
      historyRecorder,
    };
  };
}
