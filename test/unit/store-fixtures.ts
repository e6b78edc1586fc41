// Small hand-made events and logs for the store tests.
import { DEFAULT_CONFIG } from "../../src/core/config";
import type { ResumePoint } from "../../src/core/resume";
import { foldRunLog } from "../../src/core/runlog";
import type {
  ExperimentConfig,
  ExperimentEvent,
  IterationRecord,
  ModelSummary,
  RunLog,
} from "../../src/core/types";

export const CONFIG: ExperimentConfig = { ...DEFAULT_CONFIG, epochs: 2, pruningTimes: 2, finalEpochs: 2 };

export const MODEL: ModelSummary = {
  arch: "vit",
  prunableParams: 100,
  groups: [
    { name: "blocks.0.attn", kind: "head", count: 2 },
    { name: "blocks.1.attn", kind: "head", count: 2 },
  ],
};

/** 2 iterations × 2 epochs × 3 steps per epoch = 12 steps. */
export const STARTED: ExperimentEvent = {
  type: "started",
  config: CONFIG,
  env: { backend: "wasm", startedAt: "2024-01-01T00:00:00.000Z" },
  model: MODEL,
  totalSteps: 12,
  stepsPerEpoch: 3,
};

export function step(
  iteration: number,
  epoch: number,
  stepInEpoch: number,
  loss = 1,
  lambda = 0,
): ExperimentEvent {
  return {
    type: "step",
    iteration,
    epoch,
    step: stepInEpoch,
    globalStep: iteration * 6 + epoch * 3 + stepInEpoch + 1,
    totalSteps: 12,
    loss,
    lambda,
    lr: 0.001,
  };
}

export function iterationRecord(
  index: number,
  alive: [boolean[], boolean[]],
  importance: [number[], number[]] = [
    [1, 2],
    [3, 3],
  ],
): IterationRecord {
  return {
    index,
    epochs: [],
    sparsity: { overall: 0.2 * (index + 1), layers: { "blocks.0.attn.qkv.weight": 0.1 * (index + 1) } },
    // Iteration k trains under iteration k − 1's mask: each figure differs per iteration, so a
    // view that pairs an accuracy with the wrong sparsity, or the wrong iteration, shows it.
    trainedSparsity: 0.2 * index,
    structuredSparsity: 0.25 * (index + 1),
    testAccUnstructured: 0.9 - 0.05 * index,
    testAccStructured: 0.8 - 0.1 * index,
    groups: {
      "blocks.0.attn": { kind: "head", importance: importance[0], alive: alive[0], density: [0.5, 1] },
      "blocks.1.attn": { kind: "head", importance: importance[1], alive: alive[1], density: [1, 1] },
    },
    durationMs: 10,
  };
}

/** Lets the queued storage writes (memory: microtasks) and settled promises run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The log the run slice folds from these events. */
export function logAfter(events: ExperimentEvent[]): RunLog {
  const log = events.reduce<RunLog | null>(foldRunLog, null);
  if (!log) throw new Error("events without started");
  return log;
}

/** A resume point after `nextIteration` iterations, with one tiny stored tensor per part. */
export function resumePoint(log: RunLog, nextIteration: number): ResumePoint {
  return {
    nextIteration,
    log,
    rewindPoint: { "blocks.0.attn.qkv.weight": { shape: [2], data: Float32Array.of(0.5, -1) } },
    masks: { "blocks.0.attn.qkv.weight": { shape: [2], data: Float32Array.of(1, 0) } },
    refill: null,
    rngState: 12345,
    globalStep: 6 * nextIteration,
  };
}
