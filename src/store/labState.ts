// The page's one store, as types: four slices side by side in one state, each with its own
// group of actions, and what the store is built from (the runner, the storage, the clocks).
import type { StateCreator, StoreApi } from "zustand/vanilla";
import type { DatasetLoader } from "../lib/datasetClient";
import type { HistoryDb } from "../lib/historyRecord";
import type { RunLiveness } from "../lib/runLiveness";
import type { ExperimentRunner } from "../lib/workerClient";
import type { ConfigSlice } from "./configSlice";
import type { DatasetsSlice } from "./datasetsSlice";
import type { HistorySlice } from "./historySlice";
import type { RunSlice } from "./runSlice";
import type { ShownRunMemory } from "./shownRunMemory";

export type LabState = ConfigSlice & RunSlice & HistorySlice & DatasetsSlice;

export type LabStore = StoreApi<LabState>;

/** One slice: it reads the whole state and sets its own part of it. */
export type SliceCreator<Slice> = StateCreator<LabState, [], [], Slice>;

export interface LabPorts {
  /** Trains the runs (the training worker on the page). */
  runner: ExperimentRunner;
  /** The run history's storage; when it fails to open, runs are kept in memory and a notice says why. */
  db: Promise<HistoryDb>;
  liveness: RunLiveness;
  /** Reads, parses and keeps the datasets loaded from the user's files. */
  datasets: DatasetLoader;
  /** Milliseconds for the run's clock (performance.now by default). */
  clock?: () => number;
  /** ISO-8601 time for the stored runs. */
  now?: () => string;
  newId?: () => string;
  /** Which run was on screen, across reloads (localStorage by default). */
  shownRun?: ShownRunMemory;
}
