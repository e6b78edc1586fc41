// The models of DESIGN.md §2, built from an experiment config.
import type { ExperimentConfig, Model } from "../types";
import { countEntries } from "./params";
import { createResNet } from "./resnet";
import { createVit } from "./vit";

export { createResNet } from "./resnet";
export { createVit } from "./vit";

/** A freshly initialized model; the same config.seed gives the same weights on a backend. */
export function createModel(
  config: ExperimentConfig,
  imageShape: [number, number, number],
  numClasses: number,
): Model {
  switch (config.arch) {
    case "vit":
      return createVit(config.model, imageShape, numClasses, config.seed);
    case "resnet":
      return createResNet(config.model, imageShape, numClasses, config.seed);
  }
}

/** Trainable parameter entries (buffers not counted). */
export function countParams(model: Model): number {
  return countEntries(model.params);
}

/** Entries of the prunable weights: the denominator of sparsity. */
export function countPrunable(model: Model): number {
  return model.prunable.reduce((sum, name) => sum + (model.params[name]?.size ?? 0), 0);
}
