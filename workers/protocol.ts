// What the training worker exposes through comlink, and what it reports besides the
// experiment's own events. Types only: the main thread imports this without pulling tfjs.
import type { BackendName, ExperimentConfig, ExperimentEvent, RunLog } from "../src/core/types";

/** The backend the worker trains on, and why each backend tried before it was passed over. */
export interface BackendReport {
  backend: BackendName;
  fallbacks: BackendFallback[];
}

export interface BackendFallback {
  backend: BackendName;
  reason: string;
}

export interface TrainingWorkerApi {
  /**
   * Validates `config`, picks the backend, loads the data and runs the experiment, streaming
   * its events to `onEvent` (step events throttled). Resolves with the run log (also after a
   * cancel); rejects when the run fails or the forced backend is unavailable.
   */
  start(
    config: ExperimentConfig,
    onEvent: (event: ExperimentEvent) => void,
    onBackend: (report: BackendReport) => void,
  ): Promise<RunLog>;
  pause(): void;
  resume(): void;
  cancel(): void;
}
