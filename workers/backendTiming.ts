// Times real training steps of the configured model on the active backend, for the chooser.
import * as tf from "@tensorflow/tfjs";
import { createModel } from "../src/core/models";
import { createOptimizer } from "../src/core/train/optimizer";
import { trainStep } from "../src/core/train/step";
import type { ExperimentConfig } from "../src/core/types";
import { disposeAll, onesMasks } from "../src/core/weights";

const TIMED_STEPS = 3;

/**
 * One warm-up step (it compiles shaders and pipelines, so it is not counted), then up to three
 * timed steps of a full batch while `budgetMs` lasts; ms per timed step. When the budget ends
 * after the warm-up, its time stands in, with the remark "first step only".
 */
export async function timeTrainingSteps(
  config: ExperimentConfig,
  imageShape: [number, number, number],
  numClasses: number,
  budgetMs: number,
): Promise<{ msPerStep: number; remark?: string }> {
  const started = performance.now();
  const model = createModel(config, imageShape, numClasses);
  const optimizer = createOptimizer(model.params, { name: config.optimizer, momentum: 0.9, weightDecay: 0 });
  const masks = onesMasks(model);
  const batchSize = Math.min(config.batchSize, config.trainSize);
  const x = tf.randomUniform([batchSize, ...imageShape]) as tf.Tensor4D;
  const y = tf.tensor1d(
    Array.from({ length: batchSize }, (_, i) => i % numClasses),
    "int32",
  );
  const step = async () => {
    const { loss, correct } = trainStep(model, masks, { x, y }, optimizer, 1e-3, null);
    const value = (await loss.data())[0]!;
    tf.dispose([loss, correct]);
    if (!Number.isFinite(value)) throw new Error(`a test step gave a loss of ${value}`);
  };
  try {
    await step();
    const warmUp = performance.now() - started;
    const timedFrom = performance.now();
    let steps = 0;
    while (steps < TIMED_STEPS && performance.now() - started < budgetMs) {
      await step();
      steps++;
    }
    if (steps === 0) return { msPerStep: warmUp, remark: "first step only" };
    return { msPerStep: (performance.now() - timedFrom) / steps };
  } finally {
    tf.dispose([x, y]);
    disposeAll(masks);
    optimizer.dispose();
    model.dispose();
  }
}
