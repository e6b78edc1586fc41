// Everything one experiment holds while it runs, created and disposed in one place.
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
  refill: MaskSet | null;
  /** θ0: the weights every iteration rewinds to. */
  rewindPoint: Snapshot | null;
  stepsPerEpoch: number;
  counter: { globalStep: number; totalSteps: number };
}

export function createSession(config: ExperimentConfig, dataset: Dataset): Session {
  const model = createModel(config, dataset.shape, dataset.numClasses);
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
    refill: null,
    rewindPoint: config.rewindEpoch === 0 ? snapshot(model) : null,
    stepsPerEpoch: stepsPerEpoch(config),
    counter: { globalStep: 0, totalSteps: totalSteps(config) },
  };
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
  disposeAll(session.refill);
  disposeAll(session.rewindPoint);
  session.optimizer.dispose();
  session.model.dispose();
}
