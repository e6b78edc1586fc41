// The experiment loop of DESIGN.md §2: train → prune → (refill) → rewind, `pruningTimes` times.
import * as tf from "@tensorflow/tfjs";
import { type AttentionImageChoice, chooseAttentionImages } from "./analysis/attentionImages";
import { analyzeTrained, criterionAgreement } from "./analysis/iterationAnalysis";
import { evaluationBatchSize } from "./config";
import { RunCancelled, RunControl } from "./control";
import type { Batch } from "./data/batches";
import { errorMessage } from "./errorMessage";
import { aliveGroups, groupDensity, ownedMask } from "./groups";
import { measureImportance } from "./prune/criteria";
import { magnitudePrune, maskSparsity } from "./prune/magnitude";
import { refill, structuredCut } from "./prune/refill";
import { disposePull, measurePull, type RsstPull, rsstPullOf } from "./prune/rsst";
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
import { cloneMasks, disposeAll, restore, snapshot } from "./weights";

/** What an iteration leaves behind for a checkpoint writer, valid only during the callback. */
export interface IterationCheckpoint {
  kind: "iteration";
  iteration: number;
  model: Model;
  /** The mask the weights were trained with (export W ⊙ this). */
  trainedMasks: MaskSet;
  /** M after this iteration's magnitude pruning. */
  prunedMasks: MaskSet;
  /** R: this iteration's structure mask. */
  structureMask: MaskSet;
  /** What the groups cut by R own besides prunable weights (biases, BN γ/β): 0 where cut. */
  owned: MaskSet;
}

/** The final ticket as trained, valid only during the callback. */
export interface FinalCheckpoint {
  kind: "final";
  /** The iteration the final mask comes from (pruningTimes − 1). */
  iteration: number;
  model: Model;
  /** The final mask over the prunable weights; the weights are zero outside it. */
  masks: MaskSet;
  /** The owned entries of the cut groups, zero (masks of biases, BN γ/β). */
  owned: MaskSet;
}

export type RunCheckpoint = IterationCheckpoint | FinalCheckpoint;

export interface ExperimentOptions {
  onEvent: (event: ExperimentEvent) => void;
  control?: RunControl;
  env?: Record<string, string | number | boolean>;
  onCheckpoint?: (checkpoint: RunCheckpoint) => void | Promise<void>;
  /** Weights to start from instead of the initialization (init: "pretrained"), by parameter name. */
  initialWeights?: Record<string, tf.Tensor>;
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
  const session = createSession(config, dataset, options.initialWeights);
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
    const attentionImages = chooseAttentionImages(
      dataset.test,
      config.arch === "vit" ? config.attentionImages : 0,
    );
    for (iteration = resume?.nextIteration ?? 0; iteration < config.pruningTimes; iteration++) {
      const record = await runIteration(
        session,
        iteration,
        emit,
        control,
        options.onCheckpoint,
        attentionImages,
      );
      emit({ type: "iteration", record });
      await options.onResumePoint?.(await captureResumePoint(session, log!, iteration + 1));
    }
    iteration = config.pruningTimes;
    const final = await runFinalTicket(session, emit, control, options.onCheckpoint);
    await control.gate();
    emit({ type: "done", final });
    return log!;
  } catch (error) {
    if (error instanceof RunCancelled && log) return log;
    emit({ type: "error", message: errorMessage(error), iteration });
    throw error;
  } finally {
    disposeSession(session);
  }
}

type Emit = (event: ExperimentEvent) => void;

/**
 * One iteration. Pause and cancel take effect between training steps and at the start of
 * every phase; a cancel drops the iteration in progress unless it has reached rewinding, by
 * which point its record is complete. The last iteration keeps its trained weights: the
 * final ticket starts from them (finetune) or measures their hard cut before rewinding.
 */
async function runIteration(
  session: Session,
  index: number,
  emit: Emit,
  control: RunControl,
  onCheckpoint: ExperimentOptions["onCheckpoint"],
  attentionImages: AttentionImageChoice,
): Promise<IterationRecord> {
  const { config, model } = session;
  const started = Date.now();
  const enter = async (phase: Phase) => {
    await control.boundary();
    emit({ type: "phase", iteration: index, phase });
  };

  // The mask this iteration trains under: M (IMP, RSST) or R (Refill) of the last iteration,
  // with what Refill's dead groups own held at zero too.
  const trainingMasks = { ...session.masks, ...session.owned };
  const trainedSparsity = maskSparsity(session.masks).overall;

  await enter("training");
  const pull =
    config.struct === "rsst" && session.structureMask ? pullToward(session, session.structureMask) : null;
  const epochs: EpochRecord[] = [];
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const summary = await trainEpoch({
        ...session,
        masks: trainingMasks,
        control,
        iteration: index,
        epoch,
        pull: pull?.coefficient ?? null,
        emit: pull ? withPullFigures(emit, pull, session) : emit,
      });
      if (index === 0 && epoch + 1 === config.rewindEpoch) session.rewindPoint = snapshot(model);
      const testAcc = await evaluate(
        model,
        trainingMasks,
        session.batcher.testBatches(evaluationBatchSize(config)),
      );
      const record: EpochRecord = { epoch, ...summary, testAcc };
      if (pull) record.pull = measurePull(model.params, pull);
      epochs.push(record);
      emit({ type: "epoch", iteration: index, record });
      if (epoch + 1 < config.epochs) await control.boundary();
    }
  } finally {
    if (pull) disposePull(pull);
  }
  const testAccUnstructured = epochs.at(-1)!.testAcc;

  await enter("pruning");
  // This iteration's new masks, disposed on the way out unless the session has taken them over.
  const unowned: MaskSet[] = [];
  const evaluationBatches: Batch[] = [];
  try {
    const weights = Object.fromEntries(model.prunable.map((name) => [name, model.params[name]!]));
    const pruned = magnitudePrune(weights, session.masks, config.rate, config.sortingMode);
    unowned.push(pruned);

    await enter("refilling");
    // The criteria and the ablation see the same batches: made once, freed on the way out.
    evaluationBatches.push(...firstTrainBatches(session, config.criteriaBatches));
    const importance = measureImportance(
      model,
      { ...pruned, ...session.owned },
      model.groupSets,
      config.criteria,
      evaluationBatches,
    );
    const refillResult = refill(pruned, session.targets, importance, {
      rate: config.rate,
      fillbackRate: config.fillbackRate,
      headBudget: config.headBudget,
    });
    unowned.push(refillResult.structureMask);
    const owned = ownedMask(model.params, session.targets, refillResult.alive);
    unowned.push(owned);

    await enter("evaluating");
    // The hard cut: the trained weights under their training mask, every group outside R zeroed.
    const cut = structuredCut(session.masks, refillResult.structureMask);
    unowned.push(cut);
    const cutOwned = multiplyMasks(session.owned, owned);
    unowned.push(cutOwned);
    const testAccStructured = await evaluate(
      model,
      { ...cut, ...cutOwned },
      session.batcher.testBatches(evaluationBatchSize(config)),
    );
    const structuredSparsity = maskSparsity(cut).overall;
    // Ablation and attention of the weights as trained: pruning has changed only the masks.
    const analysis = analyzeTrained(
      model,
      trainingMasks,
      evaluationBatches,
      session.batcher,
      attentionImages,
      {
        ablateAll: config.ablateAll,
        // IMP ranks no groups: then every set within the limit is ablated.
        targeted: session.targets.length > 0 ? new Set(session.targets.map((set) => set.name)) : undefined,
      },
    );

    await enter("rewinding");
    await onCheckpoint?.({
      kind: "iteration",
      iteration: index,
      model,
      trainedMasks: trainingMasks,
      prunedMasks: pruned,
      structureMask: refillResult.structureMask,
      owned,
    });

    const groups: Record<string, GroupRecord> = {};
    for (const set of model.groupSets) {
      const density = refillResult.density[set.name] ?? groupDensity(pruned, set);
      groups[set.name] = {
        kind: set.kind,
        importance: importance[set.name] ?? [],
        alive: refillResult.alive[set.name] ?? density.map((d) => d > 0),
        density,
        ...(analysis.ablation[set.name] && { ablation: analysis.ablation[set.name] }),
      };
    }
    const record: IterationRecord = {
      index,
      epochs,
      sparsity: maskSparsity(pruned),
      trainedSparsity,
      structuredSparsity,
      testAccUnstructured,
      testAccStructured,
      groups,
      criterionAgreement: criterionAgreement(groups),
      ...(analysis.attention && { attention: analysis.attention }),
      refilled: refilledEntries(pruned, refillResult.structureMask),
      durationMs: 0,
    };

    // Refill trains the next iteration inside the structure; RSST and IMP keep the unstructured
    // mask and (for RSST) pull toward R instead.
    disposeAll(session.masks);
    disposeAll(session.structureMask);
    disposeAll(session.owned);
    if (config.struct === "refill") {
      session.masks = refillResult.structureMask;
      session.structureMask = cloneMasks(refillResult.structureMask);
      session.owned = owned;
      disposeAll(pruned);
    } else {
      session.masks = pruned;
      session.structureMask = refillResult.structureMask;
      session.owned = {};
      disposeAll(owned);
    }
    disposeAll(cut);
    disposeAll(cutOwned);
    unowned.length = 0;

    if (index + 1 < config.pruningTimes) restore(model, session.rewindPoint!);
    session.optimizer.reset();
    record.durationMs = Date.now() - started;
    return record;
  } finally {
    for (const masks of unowned) disposeAll(masks);
    for (const batch of evaluationBatches) tf.dispose([batch.x, batch.y]);
  }
}

/**
 * The final ticket (DESIGN.md §2 "finalTrain"): the last iteration's structured mask —
 * R for Refill, M ⊙ R for RSST, M for IMP — with the owned entries of its cut groups, measured
 * as a hard cut of the last trained weights, then retrained from θ0 ("rewind"), fine-tuned from
 * the cut ("finetune") or kept as it is ("none").
 */
async function runFinalTicket(
  session: Session,
  emit: Emit,
  control: RunControl,
  onCheckpoint: ExperimentOptions["onCheckpoint"],
): Promise<FinalRecord> {
  const { config, model } = session;
  const index = config.pruningTimes;
  await control.boundary();
  emit({ type: "phase", iteration: index, phase: "finalizing" });
  const masks =
    config.struct === "rsst" && session.structureMask
      ? structuredCut(session.masks, session.structureMask)
      : cloneMasks(session.masks);
  const owned =
    config.struct === "imp"
      ? {}
      : ownedMask(model.params, session.targets, aliveGroups(masks, session.targets));
  try {
    const ticketMasks = { ...masks, ...owned };
    const testBatches = () => session.batcher.testBatches(evaluationBatchSize(config));
    const testAccCut = await evaluate(model, ticketMasks, testBatches());
    const epochs: EpochRecord[] = [];
    let testAcc = testAccCut;
    if (config.finalTrain !== "none") {
      if (config.finalTrain === "rewind") restore(model, session.rewindPoint!);
      session.optimizer.reset();
      const ticketConfig = { ...config, epochs: config.finalEpochs };
      for (let epoch = 0; epoch < config.finalEpochs; epoch++) {
        const summary = await trainEpoch({
          ...session,
          config: ticketConfig,
          masks: ticketMasks,
          control,
          iteration: index,
          epoch,
          pull: null,
          emit,
        });
        testAcc = await evaluate(model, ticketMasks, testBatches());
        const record: EpochRecord = { epoch, ...summary, testAcc };
        epochs.push(record);
        emit({ type: "final-epoch", record });
        if (epoch + 1 < config.finalEpochs) await control.boundary();
      }
    }
    await onCheckpoint?.({ kind: "final", iteration: index - 1, model, masks, owned });
    const aliveCount: Partial<Record<GroupKind, number>> = {};
    const alive = aliveGroups(masks, model.groupSets);
    for (const set of model.groupSets) {
      aliveCount[set.kind] = (aliveCount[set.kind] ?? 0) + alive[set.name]!.filter(Boolean).length;
    }
    return {
      testAcc,
      sparsity: maskSparsity(masks).overall,
      testAccCut,
      finalTrain: config.finalTrain,
      epochs,
      aliveGroups: aliveCount,
    };
  } finally {
    disposeAll(masks);
    disposeAll(owned);
  }
}

/** The entrywise product of two mask sets over the union of their names (absent = ones). Caller owns. */
function multiplyMasks(a: MaskSet, b: MaskSet): MaskSet {
  return tf.tidy(() => {
    const product: MaskSet = {};
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const left = a[name];
      const right = b[name];
      product[name] = left && right ? tf.mul(left, right) : tf.clone((left ?? right)!);
    }
    return product;
  });
}

/** RSST's pull toward R for the coming iteration, over the prunable weights and what R's cut groups own. */
function pullToward(session: Session, structure: MaskSet): RsstPull {
  const owned = ownedMask(session.model.params, session.targets, aliveGroups(structure, session.targets));
  try {
    return rsstPullOf(session.masks, structure, owned);
  } finally {
    disposeAll(owned);
  }
}

/** Adds the pull figures to about ten step events per epoch (each costs a reduction and a read). */
function withPullFigures(emit: Emit, pull: RsstPull, session: Session): Emit {
  const every = Math.max(1, Math.floor(session.stepsPerEpoch / 10));
  return (event) => {
    if (event.type === "step" && (event.step + 1) % every === 0) {
      emit({ ...event, pull: measurePull(session.model.params, pull) });
    } else emit(event);
  };
}

/** Entries refill restored: R = 1 where M = 0. */
function refilledEntries(masks: MaskSet, structure: MaskSet): number {
  // stack, not addN: WebGPU's AddN of many inputs exceeds the shader's buffer bindings.
  const total = tf.tidy(() =>
    tf.sum(
      tf.stack(Object.keys(masks).map((name) => tf.sum(tf.mul(structure[name]!, tf.sub(1, masks[name]!))))),
    ),
  );
  const value = total.dataSync()[0]!;
  total.dispose();
  return Math.round(value);
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
