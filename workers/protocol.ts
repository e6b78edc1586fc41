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

/** What a run reports to the page besides returning its log; comlink proxies the object whole. */
export interface RunHandlers {
  /** The experiment's events (step events throttled). */
  onEvent(event: ExperimentEvent): void;
  /** Once, when the backend is chosen. */
  onBackend(report: BackendReport): void;
  /** After every completed iteration; the run waits for the returned promise. */
  onSaved(save: IterationSave): Promise<void>;
  /** Once, after the last iteration's training: the pruned model compacted and measured. */
  onCompacted(result: CompactionResult): void;
}

export interface RunOptions {
  /** Continue an interrupted run from here (same config). */
  resume?: ResumePoint | null;
}

export interface TrainingWorkerApi {
  /**
   * Validates `config`, picks the backend, loads the data and runs the experiment, reporting
   * to `handlers`. Resolves with the run log (also after a cancel); rejects when the run fails
   * or the forced backend is unavailable. With `options.resume` it continues an interrupted
   * run from its resume point. After every completed iteration it awaits `onSaved`, so that
   * what the iteration leaves is stored before the next begins.
   */
  start(config: ExperimentConfig, handlers: RunHandlers, options?: RunOptions): Promise<RunLog>;
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
