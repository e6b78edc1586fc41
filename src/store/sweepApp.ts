// The page's sweep store, bound to the page's lab store (whose experiment trains each point in
// the worker, and whose history stores each point as a run tagged with its sweep).
import { useStore } from "zustand";
import { openHistoryDb, openSweepDb } from "../lib/db";
import { labStore } from "./appStore";
import { historyReady, labSweepExperiment } from "./sweepExperiment";
import { createSweepStore, type SweepState } from "./sweepStore";

export const sweepStore = createSweepStore({
  db: openSweepDb(),
  experiment: labSweepExperiment(labStore, openHistoryDb),
});

export const sweepActions = sweepStore.getState().actions;

export function useSweeps<T>(selector: (state: SweepState) => T): T {
  return useStore(sweepStore, selector);
}

void historyReady(labStore).then(() => sweepActions.load());
