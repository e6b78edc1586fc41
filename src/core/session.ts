// Everything one experiment holds while it runs, created and disposed in one place.
import type * as tf from "@tensorflow/tfjs";
import { stepsPerEpoch, totalSteps } from "./config";
import { type Batcher, createBatcher } from "./data/batches";
import { createModel } from "./models";
import { createRng, type Rng } from "./rng";
import { createOptimizer, type Optimizer } from "./train/optimizer";
import type { Dataset, ExperimentConfig, GroupSet, MaskSet, Model, ModelSummary } from "./types";
import { disposeAll, onesMasks, prunableCount, type Snapshot, snapshot } from "./weights";

export interface Session {
  config: ExperimentConfig;
  model: Model;
  batcher: Batcher;
  optimizer: Optimizer;
  rng: Rng;
  /** The group sets refill acts on (vitPruneTarget for ViT, every channel set for ResNet). */
  targets: GroupSet[];
  /** M: the unstructured mask the next iteration trains with. */
  masks: MaskSet;
  /** R of the last iteration (RSST regularizes toward it), null before the first. */
  structureMask: MaskSet | null;
  /**
   * Masks over what Refill's cut groups own (biases, BN γ/β), held at zero with them while the
   * next iteration trains inside R; empty for IMP and RSST, whose training mask is M.
   */
  owned: MaskSet;
  /** θ0: the weights every iteration rewinds to. */
  rewindPoint: Snapshot | null;
  stepsPerEpoch: number;
  counter: { globalStep: number; totalSteps: number };
}

export function createSession(
  config: ExperimentConfig,
  dataset: Dataset,
  initialWeights?: Record<string, tf.Tensor>,
): Session {
  const model = createModel(config, dataset.shape, dataset.numClasses);
  if (initialWeights) loadInitialWeights(model, initialWeights);
  return {
    config,
    model,
    batcher: createBatcher(dataset),
    optimizer: createOptimizer(model.params, {
      name: config.optimizer,
      momentum: config.momentum,
      weightDecay: config.weightDecay,
    }),
    rng: sessionRng(config),
    targets: refillTargets(config, model),
    masks: onesMasks(model),
    structureMask: null,
    owned: {},
    rewindPoint: config.rewindEpoch === 0 ? snapshot(model) : null,
    stepsPerEpoch: stepsPerEpoch(config),
    counter: { globalStep: 0, totalSteps: totalSteps(config) },
  };
}

/**
 * Starts the model from given weights (a pretrained model): every parameter and buffer must be
 * there with the model's shape, so a mismatch fails before training, naming the tensor.
 */
function loadInitialWeights(model: Model, weights: Record<string, tf.Tensor>): void {
  for (const [name, variable] of Object.entries({ ...model.params, ...model.buffers })) {
    const given = weights[name];
    if (given === undefined) throw new Error(`the initial weights have no "${name}"`);
    if (given.shape.join(",") !== variable.shape.join(",")) {
      throw new Error(
        `the initial weights' "${name}" is [${given.shape.join(", ")}], the model's is [${variable.shape.join(", ")}]`,
      );
    }
    variable.assign(given);
  }
}

/** The stream behind data order and augmentation; `state` continues an interrupted one. */
export function sessionRng(config: ExperimentConfig, state?: number): Rng {
  return createRng(config.seed ^ 0x5eed, state);
}

export function refillTargets(config: ExperimentConfig, model: Model): GroupSet[] {
  if (config.struct === "imp") return [];
  if (config.arch === "resnet") return model.groupSets.filter((set) => set.kind === "channel");
  const kinds = { head: ["head"], mlp: ["neuron"], both: ["head", "neuron"] }[config.vitPruneTarget];
  return model.groupSets.filter((set) => kinds.includes(set.kind));
}

export function summarizeModel(model: Model): ModelSummary {
  return {
    arch: model.arch,
    prunableParams: prunableCount(model),
    groups: model.groupSets.map(({ name, kind, count }) => ({ name, kind, count })),
  };
}

export function disposeSession(session: Session): void {
  disposeAll(session.masks);
  disposeAll(session.structureMask);
  disposeAll(session.owned);
  disposeAll(session.rewindPoint);
  session.optimizer.dispose();
  session.model.dispose();
}
