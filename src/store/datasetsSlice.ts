// The datasets slice: the datasets loaded from the user's files (those kept from earlier
// visits first), the load in progress, and why the last load was refused. The loaded datasets
// are choices of the form, so a change to them validates the draft again, in the same update.
// The reading and parsing happen in the loader's worker; platform/keptDatasets keeps them.
import type { Cifar100Label } from "../core/data/readers";
import type { DatasetSummary } from "../core/data/summary";
import { errorMessage } from "../core/errorMessage";
import type { DatasetLoader, LoadProgress } from "../lib/datasetClient";
import { validated } from "./configSlice";
import type { SliceCreator } from "./labState";

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
  /** Loads a dataset from these files and chooses it in the form; ignored while another load runs. */
  load(files: File[]): void;
  forget(name: string): void;
  setCifar100Label(label: Cifar100Label): void;
}

export interface DatasetsSlice {
  /** The loaded datasets, the most recent first. */
  datasets: readonly DatasetSummary[];
  datasetsRestored: boolean;
  datasetLoading: DatasetLoading | null;
  datasetFailure: DatasetFailure | null;
  /** A problem with the browser's storage rather than with any file. */
  datasetStorageError: string | null;
  cifar100Label: Cifar100Label;
  datasetActions: DatasetActions;
}

/** `first`, then those of `rest` whose names `first` does not have. */
function mergeByName(first: readonly DatasetSummary[], rest: readonly DatasetSummary[]): DatasetSummary[] {
  const names = new Set(first.map((dataset) => dataset.name));
  return [...first, ...rest.filter((dataset) => !names.has(dataset.name))];
}

function sameDatasets(a: readonly DatasetSummary[], b: readonly DatasetSummary[]): boolean {
  return a.length === b.length && a.every((dataset, i) => dataset === b[i]);
}

export function createDatasetsSlice(loader: DatasetLoader): SliceCreator<DatasetsSlice> {
  return (set, get) => {
    let restoring = false;

    const changeDatasets = (datasets: readonly DatasetSummary[]): void => {
      // Unchanged (as when nothing was kept): the validated config stays the same object, so
      // nothing that follows it (the share link in the URL) recomputes.
      if (sameDatasets(datasets, get().datasets)) return;
      set((state) => ({ datasets, ...validated(state.draft, datasets) }));
    };

    const datasetActions: DatasetActions = {
      restore() {
        if (restoring) return;
        restoring = true;
        loader.list().then(
          // Datasets loaded while the kept ones were being read are newer: they win.
          (kept) => {
            set({ datasetsRestored: true });
            changeDatasets(mergeByName(get().datasets, kept));
          },
          (error: unknown) =>
            set({
              datasetsRestored: true,
              datasetStorageError: `Could not read the kept datasets: ${errorMessage(error)}`,
            }),
        );
      },

      load(files) {
        if (get().datasetLoading) return;
        const fileNames = files.map((file) => file.name);
        set({
          datasetLoading: { fileNames, progress: { stage: "reading", fraction: 0 } },
          datasetFailure: null,
        });
        const onProgress = (progress: LoadProgress) => {
          const loading = get().datasetLoading;
          if (loading) set({ datasetLoading: { ...loading, progress } });
        };
        loader.load(files, { cifar100Label: get().cifar100Label }, onProgress).then(
          (outcome) => {
            set({ datasetLoading: null });
            if (!outcome.ok) {
              set({ datasetFailure: { fileNames, errors: outcome.errors } });
              return;
            }
            changeDatasets(mergeByName([outcome.summary], get().datasets));
            get().configActions.setField("dataset", outcome.summary.name);
          },
          (error: unknown) =>
            set({
              datasetLoading: null,
              datasetFailure: { fileNames, errors: [`Loading failed: ${errorMessage(error)}`] },
            }),
        );
      },

      forget(name) {
        loader.forget(name).then(
          () => changeDatasets(get().datasets.filter((dataset) => dataset.name !== name)),
          (error: unknown) =>
            set({ datasetStorageError: `Could not forget ${name}: ${errorMessage(error)}` }),
        );
      },

      setCifar100Label(label) {
        set({ cifar100Label: label });
      },
    };

    return {
      datasets: [],
      datasetsRestored: false,
      datasetLoading: null,
      datasetFailure: null,
      datasetStorageError: null,
      cifar100Label: "fine",
      datasetActions,
    };
  };
}
