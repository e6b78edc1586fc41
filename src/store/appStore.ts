// The page's store: the lab's slices over the training worker, IndexedDB and the dataset
// worker. Components select from it with useLab and call the slices' actions.
import { useStore } from "zustand";
import { createWorkerDatasetLoader } from "../lib/datasetClient";
import { openHistoryDb } from "../lib/db";
import { browserRunLiveness } from "../lib/runLiveness";
import { createWorkerRunner } from "../lib/workerClient";
import type { LabState } from "./labState";
import { createLabStore } from "./labStore";

export const labStore = createLabStore({
  runner: createWorkerRunner(),
  db: openHistoryDb(),
  liveness: browserRunLiveness(),
  datasets: createWorkerDatasetLoader(),
});

export function useLab<T>(selector: (state: LabState) => T): T {
  return useStore(labStore, selector);
}

export const { configActions, runActions, historyActions, datasetActions } = labStore.getState();

void historyActions.load();
