// The main thread's handle on the training worker (comlink). Each run gets a fresh worker,
// ended once the run settles, so no tensors or backend state outlive a run.
import * as Comlink from "comlink";
import type { BackendReport, TrainingWorkerApi } from "../../workers/protocol";
import type { ExperimentConfig, ExperimentEvent, RunLog } from "../core/types";

export type { BackendReport } from "../../workers/protocol";

export interface RunHandlers {
  onEvent(event: ExperimentEvent): void;
  onBackend(report: BackendReport): void;
}

/** Runs experiments somewhere other than the calling thread. */
export interface ExperimentRunner {
  /** Resolves with the run log (also after cancel); rejects when the run fails. */
  start(config: ExperimentConfig, handlers: RunHandlers): Promise<RunLog>;
  pause(): void;
  resume(): void;
  cancel(): void;
}

export function createWorkerRunner(): ExperimentRunner {
  let current: Comlink.Remote<TrainingWorkerApi> | null = null;

  return {
    async start(config, handlers) {
      const worker = new Worker(new URL("../../workers/training.worker.ts", import.meta.url), {
        type: "module",
      });
      const remote = Comlink.wrap<TrainingWorkerApi>(worker);
      current = remote;
      try {
        return await remote.start(
          config,
          Comlink.proxy((event: ExperimentEvent) => handlers.onEvent(event)),
          Comlink.proxy((report: BackendReport) => handlers.onBackend(report)),
        );
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
    cancel() {
      void current?.cancel();
    },
  };
}
