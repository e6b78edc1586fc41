// The run history: every run stored as it goes (its record, and after every completed
// iteration its resume point and checkpoint), the list of past runs, opening, renaming,
// deleting, importing and resuming them, and the runs picked for comparison.
// Storage goes through a HistoryDb, so these rules run in tests against memory.
import { createStore, type StoreApi } from "zustand/vanilla";
import { errorMessage } from "../core/errorMessage";
import { foldRunLog } from "../core/runlog";
import type { BackendChoice, ExperimentConfig, ExperimentEvent, RunLog } from "../core/types";
import { createMemoryHistoryDb } from "../lib/dbMemory";
import type { HistoryDb, StoredRun } from "../lib/historyRecord";
import type { RunLiveness } from "../lib/runLiveness";
import type { IterationSave } from "../lib/workerClient";
import type { StartOptions } from "./experimentStore";
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
import { browserShownRunMemory, type ShownRunMemory } from "./shownRunMemory";

/** What the history needs from the experiment on screen. */
export interface ExperimentPort {
  show(log: RunLog): boolean;
  start(config: ExperimentConfig, options: StartOptions): boolean;
}

export interface HistoryPorts {
  /** The storage; when it fails to open, runs are kept in memory and a notice says why. */
  db: Promise<HistoryDb>;
  liveness: RunLiveness;
  experiment: ExperimentPort;
  /** ISO-8601 time. */
  now?: () => string;
  newId?: () => string;
  /** Which run was on screen, across reloads (localStorage by default). */
  shownRun?: ShownRunMemory;
}

/** The part of a File the import reads. */
export interface ImportFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

/** Records one run while it goes; the recording runner feeds it. */
export interface RecordingSession {
  readonly id: string;
  event(event: ExperimentEvent): void;
  /** Resolves once the iteration's resume point and checkpoint are stored (or failed to be). */
  save(save: IterationSave): Promise<void>;
  end(ending: RunEnding): Promise<void>;
}

export interface RunRecorder {
  /** A run is starting; `continues` is the stored run it resumes, if any. */
  begin(config: ExperimentConfig, continues: string | null): RecordingSession;
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

export interface HistoryState {
  /** False until the stored runs have been read. */
  ready: boolean;
  /** Newest first. */
  runs: StoredRun[];
  /** The stored run whose log is on screen: the live one, or the one opened. */
  shownId: string | null;
  /** Runs this page is training now. */
  liveIds: string[];
  /** Runs picked for comparison, in the order picked. */
  compareIds: string[];
  /** A failure to store (quota above all): reported until dismissed, never swallowed. */
  storageError: string | null;
  /** Why the last import was refused, naming what is wrong; null after a good one. */
  importError: string | null;
  /** A standing remark on the storage itself (e.g. kept in memory only). */
  notice: string | null;
  actions: HistoryActions;
  recorder: RunRecorder;
}

export type HistoryStore = StoreApi<HistoryState>;

const MAX_IMPORT_ERRORS_SHOWN = 6;

export function createHistoryStore(ports: HistoryPorts): HistoryStore {
  const now = ports.now ?? (() => new Date().toISOString());
  const newId = ports.newId ?? (() => crypto.randomUUID());

  const shownRun = ports.shownRun ?? browserShownRunMemory();
  const store = createStore<HistoryState>()((set, get) => {
    const dbReady = ports.db.catch((error: unknown) => {
      const reason = errorMessage(error);
      set({
        notice: `Runs are kept in memory only, and lost on reload: IndexedDB could not open (${reason}).`,
      });
      return createMemoryHistoryDb();
    });

    // One queue for every write, so that they land in the order they were made.
    let queue: Promise<unknown> = Promise.resolve();
    const write = <T>(operation: (db: HistoryDb) => Promise<T>): Promise<T | undefined> => {
      const done = queue.then(async () => operation(await dbReady));
      queue = done.catch(() => undefined);
      return done.catch((error: unknown) => {
        set({ storageError: errorMessage(error) });
        return undefined;
      });
    };
    const remember = (run: StoredRun | null | undefined): void => {
      if (run) set((state) => ({ runs: upsertRun(state.runs, run) }));
    };
    const update = (id: string, change: (run: StoredRun) => StoredRun) =>
      write((db) => db.updateRun(id, change)).then(remember);
    const find = (id: string) => get().runs.find((run) => run.id === id);

    const recorder: RunRecorder = {
      begin(config, continues) {
        const id = continues ?? newId();
        const release = ports.liveness.hold(id);
        set((state) => ({ liveIds: [...state.liveIds, id], shownId: id }));
        let log: RunLog | null = null;
        if (continues)
          update(id, (run) => ({ ...run, config, status: "running", errorMessage: null, updatedAt: now() }));

        return {
          id,
          event(event) {
            log = foldRunLog(log, event);
            const current = log;
            if (event.type === "started" && !continues && current) {
              const run: StoredRun = {
                id,
                name: defaultRunName(config),
                createdAt: now(),
                updatedAt: now(),
                status: "running",
                origin: "lab",
                config,
                log: current,
                errorMessage: null,
                savedIterations: 0,
                hasCheckpoint: false,
              };
              remember(run);
              void write((db) => db.putRun(run));
            } else if (event.type === "iteration") {
              void update(id, (run) => ({ ...run, log: fullerLog(run.log, current), updatedAt: now() }));
            }
          },
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
            const finalLog = "log" in ending ? ending.log : log;
            await update(id, (run) => ({
              ...run,
              status: endingStatus(ending),
              errorMessage: endingMessage(ending),
              log: "log" in ending ? finalLog : fullerLog(run.log, finalLog),
              updatedAt: now(),
            }));
            release();
            set((state) => ({ liveIds: state.liveIds.filter((live) => live !== id) }));
          },
        };
      },
    };

    const actions: HistoryActions = {
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
            ready: true,
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
        if (last !== null && get().shownId === null && get().liveIds.length === 0) actions.open(last);
      },

      open(id) {
        const run = find(id);
        if (!run?.log || !ports.experiment.show(run.log)) return false;
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
        actions.open(run.id);
        return true;
      },

      async resume(id, backend) {
        const run = find(id);
        if (!run || !isResumable(run)) return false;
        const point = run.savedIterations > 0 ? await (await dbReady).getResumePoint(id) : undefined;
        const config = backend ? { ...run.config, backend } : run.config;
        return ports.experiment.start(config, { resume: point ?? null, historyId: id });
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
        set({ storageError: null });
      },

      async checkpointOf(id) {
        return (await dbReady).getCheckpoint(id);
      },
    };

    return {
      ready: false,
      runs: [],
      shownId: null,
      liveIds: [],
      compareIds: [],
      storageError: null,
      importError: null,
      notice: null,
      actions,
      recorder,
    };
  });
  store.subscribe((state, previous) => {
    if (state.shownId !== previous.shownId) shownRun.write(state.shownId);
  });
  return store;
}
