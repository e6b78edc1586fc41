// A runner that records every run it starts in the history: it passes the worker's events
// and per-iteration saves to a recording session, and tells the session how the run ended.
import type { ExperimentRunner } from "../lib/workerClient";
import { WorkerCrashedError } from "../lib/workerClient";
import type { StartOptions } from "./experimentStore";
import type { RunRecorder } from "./historyStore";

export function createRecordingRunner(inner: ExperimentRunner, recorder: RunRecorder): ExperimentRunner {
  return {
    async start(config, handlers, options: StartOptions = {}) {
      const session = recorder.begin(config, options.historyId ?? null);
      try {
        const log = await inner.start(
          config,
          {
            ...handlers,
            onEvent: (event) => {
              session.event(event);
              handlers.onEvent(event);
            },
            onSaved: (save) => session.save(save),
          },
          options,
        );
        await session.end({ log });
        return log;
      } catch (error) {
        await session.end({ error, crashed: error instanceof WorkerCrashedError });
        throw error;
      }
    },
    pause: () => inner.pause(),
    resume: () => inner.resume(),
    step: () => inner.step?.() ?? Promise.resolve(),
    cancel: () => inner.cancel(),
  };
}
