// One tiny training step of the configured model: proves a backend can compile and run every
// kernel the experiment needs before a run is committed to it (WebGL shader compilation and
// WebGPU pipelines fail only when first used).
import * as tf from "@tensorflow/tfjs";
import { createModel } from "./models";
import { createOptimizer } from "./train/optimizer";
import { trainStep } from "./train/step";
import type { ExperimentConfig } from "./types";
import { disposeAll, onesMasks } from "./weights";

export async function smokeTest(
  config: ExperimentConfig,
  imageShape: [number, number, number],
  numClasses: number,
): Promise<void> {
  const model = createModel(config, imageShape, numClasses);
  const optimizer = createOptimizer(model.params, { name: config.optimizer, momentum: 0.9, weightDecay: 0 });
  const masks = onesMasks(model);
  const batch = {
    x: tf.zeros([2, ...imageShape]) as tf.Tensor4D,
    y: tf.tensor1d([0, 1 % numClasses], "int32"),
  };
  try {
    const { loss, correct } = trainStep(model, masks, batch, optimizer, 1e-3, null);
    const value = (await loss.data())[0]!;
    tf.dispose([loss, correct]);
    if (!Number.isFinite(value)) throw new Error(`a test step gave a loss of ${value}`);
  } finally {
    tf.dispose([batch.x, batch.y]);
    disposeAll(masks);
    optimizer.dispose();
    model.dispose();
  }
}
