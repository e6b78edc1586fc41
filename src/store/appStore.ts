// The page's stores: the experiment, running in the training worker, and the run history,
// which records every run the experiment starts and can show or resume stored ones.
import { useStore } from "zustand";
import { openHistoryDb } from "../lib/db";
import { browserRunLiveness } from "../lib/runLiveness";
import { createWorkerRunner } from "../lib/workerClient";
import { createExperimentStore, type ExperimentState, type ExperimentStore } from "./experimentStore";
import { createRecordingRunner } from "./historyRunner";
import { createHistoryStore, type HistoryState } from "./historyStore";

// The two stores need each other: the history starts and shows runs in the experiment, and
// the experiment's runner records into the history. The experiment is bound once created.
let experimentForHistory: ExperimentStore | null = null;

export const historyStore = createHistoryStore({
  db: openHistoryDb(),
  liveness: browserRunLiveness(),
  experiment: {
    show: (log) => experimentForHistory?.getState().actions.showLog(log) ?? false,
    start: (config, options) => experimentForHistory?.getState().actions.runWith(config, options) ?? false,
  },
});

export const experimentStore = createExperimentStore(
  createRecordingRunner(createWorkerRunner(), historyStore.getState().recorder),
);
experimentForHistory = experimentStore;

export function useExperiment<T>(selector: (state: ExperimentState) => T): T {
  return useStore(experimentStore, selector);
}

export const experimentActions = experimentStore.getState().actions;

export function useHistory<T>(selector: (state: HistoryState) => T): T {
  return useStore(historyStore, selector);
}

export const historyActions = historyStore.getState().actions;

void historyActions.load();
