// The experiment store: the configuration being edited, its validation, and the run it
// started. Components read it and call its actions; the work happens in the runner.
import { createStore, type StoreApi } from "zustand/vanilla";
import { configValueFromText } from "../core/configText";
import { errorMessage } from "../core/errorMessage";
import { PRESETS } from "../core/presets";
import type { ExperimentConfig, RunLog } from "../core/types";
import type { UrlQuery } from "../lib/urlQuery";
import { type ExperimentRunner, type RunOptions, WorkerCrashedError } from "../lib/workerClient";
import { type Draft, modelDefaults, presetDraft, setAt } from "./configDraft";
import { followDatasetSizes } from "./datasetFixes";
import { type LoadedDataset, validateWithDatasets } from "./datasetValidation";
import {
  applyEvent,
  failRun,
  IDLE_RUN,
  pauseRun,
  type RunState,
  resumeRun,
  settleRun,
  shownRun,
  startingRun,
  stopRun,
} from "./runState";

export const DEFAULT_PRESET = "pretrained-vit-mnist";

export interface StartOptions extends RunOptions {
  /** The stored run this start continues (for the run history; the worker ignores it). */
  historyId?: string;
}

export interface ExperimentActions {
  choosePreset(name: string): void;
  /** Sets one config key (dotted) to a value already of the right type, or unparsable text. */
  setField(key: string, value: unknown): void;
  /** Preselects the URL's preset, then applies its other keys over it. */
  applyUrl(query: UrlQuery): void;
  /** Puts a whole configuration (a shared link's, a stored run's) in the form, valid or not. */
  loadDraft(draft: Draft): void;
  run(): void;
  /** Runs `config` (a stored run's, shown in the form) with `options`; false while a run is active. */
  runWith(config: ExperimentConfig, options: StartOptions): boolean;
  /** Shows a stored or imported run log in the charts; false while a run is active. */
  showLog(log: RunLog): boolean;
  pause(): void;
  resume(): void;
  /** Step mode: runs to the end of the next phase, then shows the run paused. */
  step(): void;
  stop(): void;
  /** Shows iteration `index`; null follows the newest one. */
  selectIteration(index: number | null): void;
  /** The datasets loaded from files, which the form may now choose and validate against. */
  setLoadedDatasets(datasets: readonly LoadedDataset[]): void;
}

export interface ExperimentState {
  presetName: string | null;
  draft: Draft;
  fieldErrors: Record<string, string>;
  /** The validated draft; null while any field is invalid. */
  config: ExperimentConfig | null;
  run: RunState;
  selectedIteration: number | null;
  loadedDatasets: readonly LoadedDataset[];
  actions: ExperimentActions;
}

export type ExperimentStore = StoreApi<ExperimentState>;

function withDraft(
  draft: Draft,
  loadedDatasets: readonly LoadedDataset[],
): Pick<ExperimentState, "draft" | "fieldErrors" | "config"> {
  const validation = validateWithDatasets(draft, loadedDatasets);
  return { draft, fieldErrors: validation.errors, config: validation.config };
}

function initialPreset(): string | null {
  if (PRESETS[DEFAULT_PRESET]) return DEFAULT_PRESET;
  return Object.keys(PRESETS)[0] ?? null;
}

export function createExperimentStore(
  runner: ExperimentRunner,
  now: () => number = () => performance.now(),
): ExperimentStore {
  // Events from an earlier run (late messages) must not touch the current one.
  let runId = 0;

  return createStore<ExperimentState>()((set, get) => {
    const updateRun = (id: number, change: (run: RunState) => RunState): void => {
      if (id === runId) set((state) => ({ run: change(state.run) }));
    };

    const isActive = (): boolean => {
      const status = get().run.status;
      return status === "running" || status === "paused";
    };

    const start = (config: ExperimentConfig, options?: StartOptions): void => {
      runId += 1;
      const id = runId;
      set({ run: startingRun(now()), selectedIteration: null });
      runner
        .start(
          config,
          {
            onEvent: (event) => updateRun(id, (current) => applyEvent(current, event, now())),
            onBackend: (report) => updateRun(id, (current) => ({ ...current, backend: report })),
            onCompacted: (result) => updateRun(id, (current) => ({ ...current, compaction: result })),
            onSaved: () => Promise.resolve(),
          },
          options,
        )
        .then(
          (log) => updateRun(id, (current) => settleRun(current, log, now())),
          (error: unknown) =>
            updateRun(id, (current) => {
              // A crash or a lost GPU names the cause; an error event sent before it, a symptom.
              const run = error instanceof WorkerCrashedError ? { ...current, errorMessage: null } : current;
              return failRun(run, errorMessage(error), now());
            }),
        );
    };

    const actions: ExperimentActions = {
      choosePreset(name) {
        const draft = presetDraft(name);
        if (draft) set({ presetName: name, ...withDraft(draft, get().loadedDatasets) });
      },

      setField(key, value) {
        let draft = setAt(get().draft, key, value);
        if (key === "arch" && value !== get().draft.arch) {
          draft = setAt(draft, "model", modelDefaults(value));
        }
        // A loaded dataset chosen: the sizes the user has not set follow its splits.
        const loaded = key === "dataset" ? get().loadedDatasets.find((d) => d.name === value) : undefined;
        if (loaded) {
          const { presetName } = get();
          draft = followDatasetSizes(draft, loaded, presetName ? presetDraft(presetName) : null);
        }
        set(withDraft(draft, get().loadedDatasets));
      },

      applyUrl(query) {
        if (query.preset) actions.choosePreset(query.preset);
        let draft = get().draft;
        // Each key read as the config table types it (the codec the share link and form use).
        for (const [key, text] of query.overrides) draft = setAt(draft, key, configValueFromText(key, text));
        set(withDraft(draft, get().loadedDatasets));
      },

      run() {
        const { config } = get();
        if (!config || isActive()) return;
        start(config);
      },

      loadDraft(draft) {
        set({ presetName: null, ...withDraft(draft, get().loadedDatasets) });
      },

      runWith(config, options) {
        if (isActive()) return false;
        actions.loadDraft({ ...config });
        start(config, options);
        return true;
      },

      showLog(log) {
        if (isActive()) return false;
        runId += 1;
        set({ run: shownRun(log), selectedIteration: null });
        return true;
      },

      pause() {
        if (get().run.status !== "running") return;
        runner.pause();
        set((state) => ({ run: pauseRun(state.run, now()) }));
      },

      resume() {
        if (get().run.status !== "paused") return;
        runner.resume();
        set((state) => ({ run: resumeRun(state.run, now()) }));
      },

      step() {
        const status = get().run.status;
        if (status !== "paused" && status !== "running") return;
        const stepping = runId;
        if (status === "paused") set((state) => ({ run: resumeRun(state.run, now()) }));
        void runner.step?.().then(() => {
          if (runId === stepping) set((state) => ({ run: pauseRun(state.run, now()) }));
        });
      },

      stop() {
        const status = get().run.status;
        if (status !== "running" && status !== "paused") return;
        runner.cancel();
        set((state) => ({ run: stopRun(state.run) }));
      },

      selectIteration(index) {
        set({ selectedIteration: index });
      },

      setLoadedDatasets(datasets) {
        // Unchanged (as when an empty store is restored at start-up): keep the validated config,
        // so nothing that follows it (the share link in the URL) recomputes.
        const current = get().loadedDatasets;
        const unchanged = datasets.length === current.length && datasets.every((d, i) => d === current[i]);
        if (unchanged) return;
        set({ loadedDatasets: datasets, ...withDraft(get().draft, datasets) });
      },
    };

    const presetName = initialPreset();
    const draft = (presetName && presetDraft(presetName)) || {};
    return {
      presetName,
      ...withDraft(draft, []),
      run: IDLE_RUN,
      selectedIteration: null,
      loadedDatasets: [],
      actions,
    };
  });
}
