// Pure rules of the run history: what a stored run shows in the list, when it can be resumed,
// how a run's end maps to its stored status, and the names runs get.
import { errorMessage } from "../core/errorMessage";
import type { ExperimentConfig, RunLog } from "../core/types";
import type { StoredRun, StoredRunStatus } from "../lib/historyRecord";

export interface RunSummary {
  /** Structured test accuracy at the end (or after the last completed iteration). */
  accuracy: number | null;
  sparsity: number | null;
  iterationsDone: number;
  iterationsPlanned: number;
}

export function summarize(run: StoredRun): RunSummary {
  const last = run.log?.iterations.at(-1);
  return {
    accuracy: run.log?.final?.testAcc ?? last?.testAccStructured ?? null,
    sparsity: run.log?.final?.sparsity ?? last?.sparsity.overall ?? null,
    iterationsDone: run.log?.iterations.length ?? 0,
    iterationsPlanned: run.config.pruningTimes,
  };
}

/**
 * A run made here that did not finish, because its page went away or the user stopped it,
 * can continue: from its last saved iteration, or afresh when none was saved. A failed run
 * would fail again the same way.
 */
export function isResumable(run: StoredRun): boolean {
  const unfinished = run.status === "interrupted" || run.status === "stopped";
  return unfinished && run.origin === "lab" && run.savedIterations < run.config.pruningTimes;
}

export type RunEnding = { log: RunLog } | { error: unknown; crashed: boolean };

/** The stored status of a run that has settled. */
export function endingStatus(ending: RunEnding): StoredRunStatus {
  if ("log" in ending) return ending.log.final ? "done" : "stopped";
  return ending.crashed ? "interrupted" : "error";
}

export function endingMessage(ending: RunEnding): string | null {
  if ("log" in ending) return null;
  return errorMessage(ending.error);
}

/** The status an imported log stands for: it cannot run here, so it is done or stopped short. */
export function importedStatus(log: RunLog): StoredRunStatus {
  if (log.final) return "done";
  return typeof log.env.error === "string" ? "error" : "stopped";
}

export function defaultRunName(config: ExperimentConfig): string {
  return `${config.struct} · ${config.arch} · ${config.dataset}`;
}

/** "vit-rsst.run.json" → "vit-rsst"; a nameless file gets the run's default name. */
export function nameFromFile(fileName: string, log: RunLog): string {
  const base = fileName.replace(/(\.run)?\.json$/i, "").trim();
  return base || defaultRunName(log.config);
}

/** Keeps the log with more completed iterations, so that a resumed run's replay never shrinks what is stored. */
export function fullerLog(stored: RunLog | null, incoming: RunLog | null): RunLog | null {
  if (!incoming) return stored;
  if (!stored) return incoming;
  return incoming.iterations.length >= stored.iterations.length ? incoming : stored;
}

/** Newest first. */
export function byNewest(runs: StoredRun[]): StoredRun[] {
  return [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Replaces the run with the same id, or adds it; keeps the newest-first order. */
export function upsertRun(runs: StoredRun[], run: StoredRun): StoredRun[] {
  return byNewest([...runs.filter((r) => r.id !== run.id), run]);
}

export const INTERRUPTED_MESSAGE =
  "The page that was running it was reloaded or closed before the run ended.";

/** The runs stored as running that no open page is training: their page went away. */
export function orphanedRuns(runs: StoredRun[], live: Set<string> | null, own: Set<string>): StoredRun[] {
  return runs.filter((run) => run.status === "running" && !own.has(run.id) && !live?.has(run.id));
}
