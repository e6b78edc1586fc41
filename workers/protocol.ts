// What the workers expose through comlink: the training worker (and what it reports besides
// the experiment's own events) and the dataset worker. Types only: the main thread
// imports this without pulling tfjs.
import type { CompactionResult } from "../src/core/compact/summary";
import type { Cifar100Label } from "../src/core/data/readers";
import type { DatasetSummary } from "../src/core/data/summary";
import type { ResumePoint } from "../src/core/resume";
import type { BackendName, ExperimentConfig, ExperimentEvent, RunLog } from "../src/core/types";
import type { BackendTiming } from "./backendChooser";

/** The backend the worker trains on, and why each backend tried before it was passed over. */
export interface BackendReport {
  backend: BackendName;
  fallbacks: BackendFallback[];
  /** "auto" only: the ms per step each backend took (null where it could not run). */
  timings?: BackendTiming[];
  /** "auto" only: the timings in one line, for the badge's tooltip. */
  summary?: string;
}

export interface BackendFallback {
  backend: BackendName;
  reason: string;
}

/** What a completed iteration leaves for the run history. */
export interface IterationSave {
  /** Where a resumed run continues from. */
  point: ResumePoint;
  /** The iteration's safetensors checkpoint (src/core/checkpoint.ts), as the CLI writes it. */
  checkpoint: Uint8Array | null;
}

export interface TrainingWorkerApi {
  /**
   * Validates `config`, picks the backend, loads the data and runs the experiment, streaming
   * its events to `onEvent` (step events throttled). Resolves with the run log (also after a
   * cancel); rejects when the run fails or the forced backend is unavailable. With `resume`
   * it continues an interrupted run from its resume point. After every completed iteration
   * it awaits `onSaved`, so that what the iteration leaves is stored before the next begins.
   * After training the last iteration it sends `onCompacted` the structured model compacted.
   */
  start(
    config: ExperimentConfig,
    onEvent: (event: ExperimentEvent) => void,
    onBackend: (report: BackendReport) => void,
    resume?: ResumePoint | null,
    onSaved?: (save: IterationSave) => Promise<void>,
    onCompacted?: (result: CompactionResult) => void,
  ): Promise<RunLog>;
  pause(): void;
  resume(): void;
  /** Step mode: runs to the end of the next phase (or epoch) and resolves once paused there. */
  step(): Promise<void>;
  /** Forgets the remembered "auto" backend choices: the next run measures again. */
  forgetBackendChoices(): Promise<void>;
  cancel(): void;
}

export interface LoadOptions {
  cifar100Label: Cifar100Label;
}

export type LoadStage = "reading" | "parsing" | "saving";

export interface LoadProgress {
  stage: LoadStage;
  /** Of the whole load, in [0, 1]. */
  fraction: number;
}

export type LoadOutcome = { ok: true; summary: DatasetSummary } | { ok: false; errors: string[] };

/** What the dataset worker exposes through comlink. */
export interface DatasetWorkerApi {
  load(
    files: File[],
    options: LoadOptions,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<LoadOutcome>;
}
