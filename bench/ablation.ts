// What the ablation ground truth and the attention maps add to an iteration of the default
// ViT: the whole analysis of one iteration (every head and MLP neuron zeroed in turn on one
// batch of 64, criteriaBatches = 1, on stacked copies; and the class-token attention of 4 test
// images), against
// an iteration's training: epochs × ⌈trainSize / batchSize⌉ steps of the measured step.
import * as tf from "@tensorflow/tfjs";
import { chooseAttentionImages } from "../src/core/analysis/attentionImages";
import { analyzeTrained } from "../src/core/analysis/iterationAnalysis";
import { DEFAULT_CONFIG } from "../src/core/config";
import { onesMasks } from "../src/core/weights";
import type { BenchRecord } from "./record";
import { BATCH_SIZE, createTrainingRig } from "./reference";
import { timeRuns } from "./stats";
import { rowFromTiming } from "./training";

export interface AblationReport {
  record: BenchRecord;
  /** Analysis ms / training ms of one default iteration. */
  shareOfIteration: number;
}

export async function benchAblation(
  backend: string,
  stepMs: number,
  runs: { warmup: number; samples: number },
): Promise<AblationReport> {
  const rig = createTrainingRig("vit");
  const masks = onesMasks(rig.model);
  const batch = rig.batcher.testBatch(0, BATCH_SIZE);
  const test = { images: new Uint8Array(0), labels: new Uint8Array(0), count: BATCH_SIZE };
  const images = chooseAttentionImages(test, DEFAULT_CONFIG.attentionImages);
  try {
    const timing = await timeRuns(
      async () => {
        // Every set counts as targeted (vitPruneTarget "both"): the most the loop ablates.
        analyzeTrained(rig.model, masks, [batch], rig.batcher, images, { ablateAll: false });
      },
      Math.min(1, runs.warmup),
      Math.max(3, Math.floor(runs.samples / 5)),
    );
    const stepsPerIteration =
      DEFAULT_CONFIG.epochs * Math.ceil(DEFAULT_CONFIG.trainSize / DEFAULT_CONFIG.batchSize);
    const iterationMs = stepsPerIteration * stepMs;
    const shareOfIteration = timing.wall.median / iterationMs;
    const groups = rig.model.groupSets.reduce((sum, set) => sum + set.count, 0);
    const record: BenchRecord = {
      ...rowFromTiming("vit-tiny-ablation", backend, timing, 0, 0, 0),
      note:
        `ablation of ${groups} groups on ${BATCH_SIZE} images (copies stacked up to 512 images a pass) + attention of ` +
        `${images.testIndices.length} images: ${(100 * shareOfIteration).toFixed(1)}% of an iteration's training ` +
        `(${stepsPerIteration} steps × ${stepMs.toFixed(1)} ms); target < 20%`,
    };
    return { record, shareOfIteration };
  } finally {
    tf.dispose([...Object.values(masks), batch.x, batch.y]);
    rig.dispose();
  }
}
