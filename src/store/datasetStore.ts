// The datasets loaded from the user's files: those kept from earlier visits, the load in
// progress, and why the last load was refused. Components render it and call its actions;
// the reading and parsing happen in the loader's worker.
import { createStore, type StoreApi } from "zustand/vanilla";
import type { Cifar100Label } from "../core/data/readers";
import type { DatasetSummary } from "../core/data/summary";
import { errorMessage } from "../core/errorMessage";
import type { DatasetLoader, LoadProgress } from "../lib/datasetClient";

export interface DatasetLoading {
  fileNames: string[];
  progress: LoadProgress;
}

export interface DatasetFailure {
  fileNames: string[];
  /** The parser's messages, each naming its file. */
  errors: string[];
}

export interface DatasetActions {
  /** Reads the datasets kept from earlier visits; only the first call does anything. */
  restore(): void;
  /** Loads a dataset from these files; ignored while another load runs. */
  load(files: File[]): void;
  forget(name: string): void;
  setCifar100Label(label: Cifar100Label): void;
}

export interface DatasetState {
  /** The loaded datasets, the most recent first. */
  datasets: DatasetSummary[];
  restored: boolean;
  loading: DatasetLoading | null;
  failure: DatasetFailure | null;
  /** A problem with the browser's storage rather than with any file. */
  storageError: string | null;
  cifar100Label: Cifar100Label;
  actions: DatasetActions;
}

export interface DatasetHooks {
  /** The list of loaded datasets changed (restored, loaded or forgotten). */
  onDatasetsChanged(datasets: DatasetSummary[]): void;
  /** A load succeeded. */
  onLoaded(summary: DatasetSummary): void;
}

export type DatasetStore = StoreApi<DatasetState>;

/** `first`, then those of `rest` whose names `first` does not have. */
function mergeByName(first: DatasetSummary[], rest: DatasetSummary[]): DatasetSummary[] {
  const names = new Set(first.map((dataset) => dataset.name));
  return [...first, ...rest.filter((dataset) => !names.has(dataset.name))];
}

export function createDatasetStore(loader: DatasetLoader, hooks: DatasetHooks): DatasetStore {
  let restoring = false;

  return createStore<DatasetState>()((set, get) => {
    const changeDatasets = (datasets: DatasetSummary[]) => {
      set({ datasets });
      hooks.onDatasetsChanged(datasets);
    };

    const actions: DatasetActions = {
      restore() {
        if (restoring) return;
        restoring = true;
        loader.list().then(
          // Datasets loaded while the kept ones were being read are newer: they win.
          (kept) => {
            set({ restored: true });
            changeDatasets(mergeByName(get().datasets, kept));
          },
          (error: unknown) =>
            set({ restored: true, storageError: `Could not read the kept datasets: ${errorMessage(error)}` }),
        );
      },

      load(files) {
        if (get().loading) return;
        const fileNames = files.map((file) => file.name);
        set({ loading: { fileNames, progress: { stage: "reading", fraction: 0 } }, failure: null });
        const onProgress = (progress: LoadProgress) => {
          const loading = get().loading;
          if (loading) set({ loading: { ...loading, progress } });
        };
        loader.load(files, { cifar100Label: get().cifar100Label }, onProgress).then(
          (outcome) => {
            set({ loading: null });
            if (!outcome.ok) {
              set({ failure: { fileNames, errors: outcome.errors } });
              return;
            }
            changeDatasets(mergeByName([outcome.summary], get().datasets));
            hooks.onLoaded(outcome.summary);
          },
          (error: unknown) =>
            set({
              loading: null,
              failure: { fileNames, errors: [`Loading failed: ${errorMessage(error)}`] },
            }),
        );
      },

      forget(name) {
        loader.forget(name).then(
          () => changeDatasets(get().datasets.filter((dataset) => dataset.name !== name)),
          (error: unknown) => set({ storageError: `Could not forget ${name}: ${errorMessage(error)}` }),
        );
      },

      setCifar100Label(label) {
        set({ cifar100Label: label });
      },
    };

    return {
      datasets: [],
      restored: false,
      loading: null,
      failure: null,
      storageError: null,
      cifar100Label: "fine",
      actions,
    };
  });
}
