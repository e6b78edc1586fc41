// The page's dataset store, wired to the experiment store: the loaded datasets become choices
// of the form (validated against their shapes), and a newly loaded dataset is chosen.
import { useStore } from "zustand";
import { createWorkerDatasetLoader } from "../lib/datasetClient";
import { experimentActions } from "./appStore";
import { createDatasetStore, type DatasetState } from "./datasetStore";

export const datasetStore = createDatasetStore(createWorkerDatasetLoader(), {
  onDatasetsChanged: (datasets) => experimentActions.setLoadedDatasets(datasets),
  onLoaded: (summary) => experimentActions.setField("dataset", summary.name),
});

export function useDatasets<T>(selector: (state: DatasetState) => T): T {
  return useStore(datasetStore, selector);
}

export const datasetActions = datasetStore.getState().actions;
