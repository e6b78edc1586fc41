// The run log of DESIGN.md §4, folded from the experiment's events. Pure: the CLI, the
// worker and the UI store all build the same log from the same event stream.
import type { ExperimentEvent, RunLog } from "./types";

export const RUN_LOG_FORMAT = "pruning-lab.run";
export const RUN_LOG_VERSION = 1;

/** Returns a new log when the event changes it, the same object otherwise. */
export function foldRunLog(log: RunLog | null, event: ExperimentEvent): RunLog | null {
  switch (event.type) {
    case "started":
      return {
        format: RUN_LOG_FORMAT,
        version: RUN_LOG_VERSION,
        config: event.config,
        env: event.env,
        model: event.model,
        iterations: [],
        final: null,
      };
    case "iteration":
      if (!log) return log;
      return {
        ...log,
        iterations: [...log.iterations.filter((it) => it.index !== event.record.index), event.record],
      };
    case "done":
      if (!log) return log;
      return { ...log, final: event.final };
    case "error":
      if (!log) return log;
      return { ...log, env: { ...log.env, error: event.message } };
    default:
      return log;
  }
}
