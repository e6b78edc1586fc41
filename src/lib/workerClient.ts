// The main thread's handle on the training worker (comlink). Each run gets a fresh worker,
// ended once the run settles, so no tensors or backend state outlive a run.
import * as Comlink from "comlink";
import { isDeviceLost } from "../../workers/deviceLoss";
import type { RunHandlers, RunOptions, TrainingWorkerApi } from "../../workers/protocol";
import type { ExperimentConfig, RunLog } from "../core/types";

export type { BackendReport, IterationSave, RunHandlers, RunOptions } from "../../workers/protocol";

/**
 * The training worker died (an uncaught error, or the browser killed it), or its WebGPU device
 * was lost: the run itself did not fail, and can resume, on another backend if need be.
 */
export class WorkerCrashedError extends Error {
  override name = "WorkerCrashedError";
}

const RESUME_HINT =
  "The run is kept: resume it from the list of runs, on another backend if this one fails again.";

/** Runs experiments somewhere other than the calling thread. */
export interface ExperimentRunner {
  /**
   * Resolves with the run log (also after cancel); rejects when the run fails, with a
   * WorkerCrashedError when the worker itself died.
   */
  start(config: ExperimentConfig, handlers: RunHandlers, options?: RunOptions): Promise<RunLog>;
  pause(): void;
  resume(): void;
  /** Runs to the end of the next phase and resolves once paused there (step mode). */
  step?(): Promise<void>;
  cancel(): void;
}

/** Rejects when the worker dies; comlink's pending calls would otherwise wait forever. */
function crashOf(worker: Worker): Promise<never> {
  return new Promise((_, reject) => {
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      reject(
        new WorkerCrashedError(
          `The training worker stopped: ${event.message || "it crashed"}. ${RESUME_HINT}`,
        ),
      );
    });
    worker.addEventListener("messageerror", () => {
      reject(
        new WorkerCrashedError(`The training worker sent a message that could not be read. ${RESUME_HINT}`),
      );
    });
  });
}

export function createWorkerRunner(): ExperimentRunner {
  let current: Comlink.Remote<TrainingWorkerApi> | null = null;

  return {
    async start(config, handlers, options = {}) {
      const worker = new Worker(new URL("../../workers/training.worker.ts", import.meta.url), {
        type: "module",
      });
      const remote = Comlink.wrap<TrainingWorkerApi>(worker);
      current = remote;
      try {
        // One proxy for the whole object: comlink carries a marked argument, not marked fields.
        const run = remote.start(
          config,
          Comlink.proxy<RunHandlers>({
            onEvent: (event) => handlers.onEvent(event),
            onBackend: (report) => handlers.onBackend(report),
            onSaved: (save) => handlers.onSaved(save),
            onCompacted: (result) => handlers.onCompacted(result),
          }),
          { resume: options.resume ?? null },
        );
        return await Promise.race([run, crashOf(worker)]);
      } catch (error) {
        throw isDeviceLost(error) ? new WorkerCrashedError(`${error.message} ${RESUME_HINT}`) : error;
      } finally {
        if (current === remote) current = null;
        remote[Comlink.releaseProxy]();
        worker.terminate();
      }
    },
    pause() {
      void current?.pause();
    },
    resume() {
      void current?.resume();
    },
    async step() {
      await current?.step();
    },
    cancel() {
      void current?.cancel();
    },
  };
}
