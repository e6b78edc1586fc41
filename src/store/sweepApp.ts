// The page's sweep store, bound to the page's experiment (which trains each point in the
// worker) and history (which stores each point as a run, tagged with its sweep).
import { useStore } from "zustand";
import type { PointEnding } from "../core/sweep";
import { openHistoryDb, openSweepDb } from "../lib/db";
import type { HistoryDb } from "../lib/historyRecord";
import { historyActions, labStore, runActions } from "./appStore";
import { isResumable } from "./historySummary";
import { pointEndingOf } from "./sweepPointEnding";
import { createSweepStore, type StartedPoint, type SweepState } from "./sweepStore";

/** How the run the experiment has just begun ends. */
function nextEnding(): Promise<PointEnding> {
  return new Promise<PointEnding>((resolve) => {
    const unsubscribe = labStore.subscribe((state) => {
      const ending = pointEndingOf(state.run);
      if (ending) {
        unsubscribe();
        resolve(ending);
      }
    });
  });
}

function startInExperiment(config: Parameters<typeof runActions.runWith>[0]): StartedPoint | null {
  if (!runActions.runWith(config, {})) return null;
  // The recorder has begun the run synchronously: the run on screen is the new one.
  const runId = labStore.getState().shownId;
  if (!runId) return null;
  return { runId, ended: nextEnding() };
}

/** The history's resume of a run a reload cut short (null when it cannot: nothing stored yet). */
async function resumeInExperiment(runId: string): Promise<StartedPoint | null> {
  const run = labStore.getState().runs.find((candidate) => candidate.id === runId);
  if (!run || !isResumable(run) || run.savedIterations === 0) return null;
  if (!(await historyActions.resume(runId))) return null;
  return { runId, ended: nextEnding() };
}

/** A second connection to the history's database, opened once: it writes env.sweep into point logs. */
let historyDb: Promise<HistoryDb | null> | null = null;

export const sweepStore = createSweepStore({
  db: openSweepDb(),
  experiment: {
    start: startInExperiment,
    resumeCut: resumeInExperiment,
    pause: () => runActions.pause(),
    resume: () => runActions.resume(),
    stop: () => runActions.stop(),
    async tag(runId, sweep, point) {
      historyDb ??= openHistoryDb().catch(() => null);
      const db = await historyDb;
      await db?.updateRun(runId, (run) =>
        run.log
          ? { ...run, log: { ...run.log, env: { ...run.log.env, sweep: sweep.id, sweepPoint: point.name } } }
          : run,
      );
      await historyActions.rename(runId, `${sweep.name} · ${point.name}`);
    },
  },
});

export const sweepActions = sweepStore.getState().actions;

export function useSweeps<T>(selector: (state: SweepState) => T): T {
  return useStore(sweepStore, selector);
}

/** Resolves once the history has read its runs (and marked the one a reload cut short as interrupted). */
function historyReady(): Promise<void> {
  if (labStore.getState().historyReady) return Promise.resolve();
  return new Promise((resolve) => {
    const unsubscribe = labStore.subscribe((state) => {
      if (state.historyReady) {
        unsubscribe();
        resolve();
      }
    });
  });
}

void historyReady().then(() => sweepActions.load());
