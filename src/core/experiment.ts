// The experiment loop of DESIGN.md §2: train → prune → (refill) → rewind, `pruningTimes` times.
import * as tf from "@tensorflow/tfjs";
import { evaluationBatchSize } from "./config";
import { RunCancelled, RunControl } from "./control";
import type { Batch } from "./data/batches";
import { errorMessage } from "./errorMessage";
import { groupDensity } from "./groups";
import { measureImportance } from "./prune/criteria";
import { magnitudePrune, maskSparsity } from "./prune/magnitude";
import { refill, structuredCut } from "./prune/refill";
import { rsstPullMask } from "./prune/rsst";
import { applyResumePoint, captureResumePoint, type ResumePoint } from "./resume";
import { foldRunLog } from "./runlog";
import { createSession, disposeSession, type Session, sessionRng, summarizeModel } from "./session";
import { trainEpoch } from "./train/epoch";
import { evaluate } from "./train/step";
import type {
  Dataset,
  EpochRecord,
  ExperimentConfig,
  ExperimentEvent,
  FinalRecord,
  GroupKind,
  GroupRecord,
  IterationRecord,
  MaskSet,
  Model,
  Phase,
  RunLog,
} from "./types";
import { disposeAll, restore, snapshot } from "./weights";

/** What an iteration leaves behind for a checkpoint writer, valid only during the callback. */
export interface IterationCheckpoint {
  iteration: number;
  model: Model;
  /** The mask the weights were trained with (export W ⊙ this). */
  trainedMasks: MaskSet;
  /** M after this iteration's magnitude pruning. */
  prunedMasks: MaskSet;
  /** R: this iteration's structured mask. */
  refill: MaskSet;
}

export interface ExperimentOptions {
  onEvent: (event: ExperimentEvent) => void;
  control?: RunControl;
  env?: Record<string, string | number | boolean>;
  onCheckpoint?: (checkpoint: IterationCheckpoint) => void | Promise<void>;
  /** Called after every completed iteration with what a later run needs to continue from it. */
  onResumePoint?: (point: ResumePoint) => void | Promise<void>;
  /** Continue an interrupted run instead of starting afresh (same config and dataset). */
  resume?: ResumePoint;
}

/**
 * Runs the experiment to the end and resolves with its run log. A cancelled run resolves
 * with the iterations completed so far; a failed one emits an "error" event and rejects.
 */
export async function runExperiment(
  config: ExperimentConfig,
  dataset: Dataset,
  options: ExperimentOptions,
): Promise<RunLog> {
  const control = options.control ?? new RunControl();
  let log: RunLog | null = null;
  let iteration: number | null = null;
  const emit = (event: ExperimentEvent): void => {
    log = foldRunLog(log, event);
    options.onEvent(event);
  };
  const session = createSession(config, dataset);
  const { resume } = options;
  try {
    if (resume) applyResumePoint(session, resume, sessionRng(config, resume.rngState));
    const env = { backend: tf.getBackend(), startedAt: new Date().toISOString(), ...options.env };
    emit({
      type: "started",
      config,
      env: resume
        ? { ...resume.log.env, ...env, startedAt: resume.log.env.startedAt, resumedAt: env.startedAt }
        : env,
      model: summarizeModel(session.model),
      totalSteps: session.counter.totalSteps,
      stepsPerEpoch: session.stepsPerEpoch,
    });
    // Replaying the completed iterations lets every listener rebuild the same log.
    for (const record of resume?.log.iterations ?? []) emit({ type: "iteration", record });
    for (iteration = resume?.nextIteration ?? 0; iteration < config.pruningTimes; iteration++) {
      const record = await runIteration(session, iteration, emit, control, options.onCheckpoint);
      emit({ type: "iteration", record });
      await options.onResumePoint?.(await captureResumePoint(session, log!, iteration + 1));
    }
    await control.checkpoint();
    emit({ type: "done", final: finalRecord(log!) });
    return log!;
  } catch (error) {
    if (error instanceof RunCancelled && log) return log;
    emit({ type: "error", message: errorMessage(error), iteration });
    throw error;
  } finally {
    disposeSession(session);
  }
}

/**
 * One iteration. Pause and cancel take effect between training steps and at the start of
 * every phase; a cancel drops the iteration in progress unless it has reached rewinding, by
 * which point its record is complete.
 */
async function runIteration(
  session: Session,
  index: number,
  emit: (event: ExperimentEvent) => void,
  control: RunControl,
  onCheckpoint: ExperimentOptions["onCheckpoint"],
): Promise<IterationRecord> {
  const { config, model } = session;
  const started = Date.now();
  const enter = async (phase: Phase) => {
    await control.checkpoint();
    emit({ type: "phase", iteration: index, phase });
  };

  await enter("training");
  const pull =
    config.struct === "rsst" && session.refill ? rsstPullMask(session.masks, session.refill) : null;
  const epochs: EpochRecord[] = [];
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const summary = await trainEpoch({ ...session, control, iteration: index, epoch, pull, emit });
      if (index === 0 && epoch + 1 === config.rewindEpoch) session.rewindPoint = snapshot(model);
      const testAcc = await evaluate(
        model,
        session.masks,
        session.batcher.testBatches(evaluationBatchSize(config)),
      );
      const record = { epoch, ...summary, testAcc };
      epochs.push(record);
      emit({ type: "epoch", iteration: index, record });
    }
  } finally {
    disposeAll(pull);
  }
  const testAccUnstructured = epochs.at(-1)!.testAcc;

  await enter("pruning");
  // This iteration's new masks, disposed on the way out unless the session has taken them over.
  const unowned: MaskSet[] = [];
  try {
    const weights = Object.fromEntries(model.prunable.map((name) => [name, model.params[name]!]));
    const pruned = magnitudePrune(weights, session.masks, config.rate, config.sortingMode);
    unowned.push(pruned);

    await enter("refilling");
    const criteriaBatches = firstTrainBatches(session, config.criteriaBatches);
    const importance = measureImportance(model, pruned, model.groupSets, config.criteria, criteriaBatches);
    for (const batch of criteriaBatches) tf.dispose([batch.x, batch.y]);
    const structure = refill(pruned, session.targets, importance, {
      rate: config.rate,
      fillbackRate: config.fillbackRate,
      headBudget: config.headBudget,
    });
    unowned.push(structure.refill);

    await enter("evaluating");
    const cut = structuredCut(session.masks, structure.refill);
    const testAccStructured = await evaluate(
      model,
      cut,
      session.batcher.testBatches(evaluationBatchSize(config)),
    );
    disposeAll(cut);

    await enter("rewinding");
    await onCheckpoint?.({
      iteration: index,
      model,
      trainedMasks: session.masks,
      prunedMasks: pruned,
      refill: structure.refill,
    });

    const groups: Record<string, GroupRecord> = {};
    for (const set of model.groupSets) {
      const density = structure.density[set.name] ?? groupDensity(pruned, set);
      groups[set.name] = {
        kind: set.kind,
        importance: importance[set.name] ?? [],
        alive: structure.alive[set.name] ?? density.map((d) => d > 0),
        density,
      };
    }

    // Refill trains the next iteration inside the structure; RSST and IMP keep the unstructured
    // mask and (for RSST) pull toward R instead.
    disposeAll(session.masks);
    disposeAll(session.refill);
    if (config.struct === "refill") {
      session.masks = structure.refill;
      session.refill = cloneMasks(structure.refill);
      disposeAll(pruned);
    } else {
      session.masks = pruned;
      session.refill = structure.refill;
    }
    unowned.length = 0;

    restore(model, session.rewindPoint!);
    session.optimizer.reset();

    return {
      index,
      epochs,
      sparsity: maskSparsity(session.masks),
      structuredSparsity: maskSparsity(session.refill).overall,
      testAccUnstructured,
      testAccStructured,
      groups,
      durationMs: Date.now() - started,
    };
  } finally {
    for (const masks of unowned) disposeAll(masks);
  }
}

function cloneMasks(masks: MaskSet): MaskSet {
  return Object.fromEntries(Object.entries(masks).map(([name, m]) => [name, tf.clone(m)]));
}

/** The evaluation batches of the importance criteria: the first training images, unshifted. */
function firstTrainBatches(session: Session, count: number): Batch[] {
  const { trainSize, batchSize } = session.config;
  const batches: Batch[] = [];
  for (let b = 0; b < count && b * batchSize < trainSize; b++) {
    const indices = Int32Array.from(
      { length: Math.min(batchSize, trainSize - b * batchSize) },
      (_, i) => b * batchSize + i,
    );
    batches.push(session.batcher.trainBatch(indices, false, session.rng));
  }
  return batches;
}

/** The accuracy of the last trained weights cut to the final structure, at its sparsity. */
function finalRecord(log: RunLog): FinalRecord {
  const last = log.iterations.at(-1)!;
  const aliveGroups: Partial<Record<GroupKind, number>> = {};
  for (const group of Object.values(last.groups)) {
    aliveGroups[group.kind] = (aliveGroups[group.kind] ?? 0) + group.alive.filter(Boolean).length;
  }
  return { testAcc: last.testAccStructured, sparsity: last.sparsity.overall, aliveGroups };
}
