// The page's one experiment store, running experiments in the training worker.
import { useStore } from "zustand";
import { createWorkerRunner } from "../lib/workerClient";
import { createExperimentStore, type ExperimentState } from "./experimentStore";

export const experimentStore = createExperimentStore(createWorkerRunner());

export function useExperiment<T>(selector: (state: ExperimentState) => T): T {
  return useStore(experimentStore, selector);
}

export const experimentActions = experimentStore.getState().actions;
