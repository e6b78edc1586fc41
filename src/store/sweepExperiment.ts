// The sweeps' experiment over a lab store: a point runs as the lab's run (so it trains in the
// worker and is stored in the history), and is tagged with its sweep once it finished.
import type { PointEnding } from "../core/sweep";
import type { HistoryDb } from "../lib/historyRecord";
import type { LabStore } from "./labState";
import { pointEndingOf } from "./sweepPointEnding";
import type { StartedPoint, SweepExperimentPort } from "./sweepStore";

/** Resolves once the lab's history has read its runs (and marked the one a reload cut short). */
export function historyReady(lab: LabStore): Promise<void> {
  if (lab.getState().historyReady) return Promise.resolve();
  return new Promise((resolve) => {
    const unsubscribe = lab.subscribe((state) => {
      if (state.historyReady) {
        unsubscribe();
        resolve();
      }
    });
  });
}

/**
 * openHistory: a second connection to the history's database, opened at the first tag (it
 * writes env.sweep into the point's stored log).
 */
export function labSweepExperiment(
  lab: LabStore,
  openHistory: () => Promise<HistoryDb>,
): SweepExperimentPort {
  const { runActions, historyActions } = lab.getState();
  let historyDb: Promise<HistoryDb | null> | null = null;

  /** How the run the lab has just begun ends. */
  const nextEnding = (): Promise<PointEnding> =>
    new Promise((resolve) => {
      const unsubscribe = lab.subscribe((state) => {
        const ending = pointEndingOf(state.run);
        if (ending) {
          unsubscribe();
          resolve(ending);
        }
      });
    });

  return {
    start(config): StartedPoint | null {
      if (!runActions.runWith(config, {})) return null;
      // The recorder has begun the run synchronously: the run on screen is the new one.
      const runId = lab.getState().shownId;
      if (!runId) return null;
      return { runId, ended: nextEnding() };
    },
    /**
     * The history's resume of a run a reload cut short; null when it cannot (the history refuses
     * it) or when the run stored no iteration yet (the history would restart it: the sweep runs
     * the point afresh instead).
     */
    async resumeCut(runId) {
      const run = lab.getState().runs.find((candidate) => candidate.id === runId);
      if (!run || run.savedIterations === 0) return null;
      if (!(await historyActions.resume(runId))) return null;
      return { runId, ended: nextEnding() };
    },
    pause: () => runActions.pause(),
    resume: () => runActions.resume(),
    stop: () => runActions.stop(),
    async tag(runId, sweep, point) {
      historyDb ??= openHistory().catch(() => null);
      const db = await historyDb;
      await db?.updateRun(runId, (run) =>
        run.log
          ? { ...run, log: { ...run.log, env: { ...run.log.env, sweep: sweep.id, sweepPoint: point.name } } }
          : run,
      );
      await historyActions.rename(runId, `${sweep.name} · ${point.name}`);
    },
  };
}
