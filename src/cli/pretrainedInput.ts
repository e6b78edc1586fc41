// `init: "pretrained"` on the CLI: the weights come from public/models, made by `npm run pretrain`.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as tf from "@tensorflow/tfjs";
import { PRETRAINED_FILES, pretrainedWeightsFor } from "../core/pretrained";
import type { Dataset, ExperimentConfig } from "../core/types";
import { UsageError } from "./errors";

const publicPath = (file: string) => fileURLToPath(new URL(`../../public/${file}`, import.meta.url));

/** The run's initial weights (the caller disposes them), or undefined when it starts from scratch. */
export function cliInitialWeights(
  config: ExperimentConfig,
  dataset: Pick<Dataset, "shape" | "numClasses">,
  path = publicPath(PRETRAINED_FILES[config.arch]),
): Record<string, tf.Tensor> | undefined {
  if (config.init !== "pretrained") return undefined;
  if (!existsSync(path)) {
    throw new UsageError(
      `init "pretrained": ${path} is missing; \`npm run pretrain -- ${config.arch}\` makes it`,
    );
  }
  return pretrainedWeightsFor(new Uint8Array(readFileSync(path)), config, dataset.shape, dataset.numClasses);
}
