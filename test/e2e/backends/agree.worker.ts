// One masked, pulled training step and a compaction of a tiny ViT and ResNet on the backend
// asked for, from the same seed and data on every backend: what the agreement test compares.
import * as tf from "@tensorflow/tfjs";
import { expose } from "comlink";
import { compactModel } from "../../../src/core/compact";
import { resolveConfig } from "../../../src/core/config";
import { createBatcher } from "../../../src/core/data/batches";
import { prepareDataset } from "../../../src/core/data/prepare";
import { groupIndicator, ownedMask } from "../../../src/core/groups";
import { createModel } from "../../../src/core/models";
import { createOptimizer } from "../../../src/core/train/optimizer";
import { trainStep } from "../../../src/core/train/step";
import type { MaskSet, Model } from "../../../src/core/types";
import { chooseBackend } from "../../../workers/backend";
import { masksWhere } from "../../unit/reference/fixtures";
import type { AgreementCheck, ModelFigures } from "./protocol";

const SHAPES = {
  vit: { arch: "vit", model: { depth: 1, embedDim: 16, numHeads: 4, mlpRatio: 2, patchSize: 4 } },
  resnet: { arch: "resnet", model: { depth: 8, width: 4 } },
};

/** A fixed 0/1 pattern (every fifth entry off, from `offset`), the same on every backend. */
function patterned(model: Model, offset: number): MaskSet {
  return masksWhere(model, (i) => (i + offset) % 5 !== 0);
}

const read = (t: tf.Tensor): number[] => Array.from(t.dataSync());

async function figures(shape: Record<string, unknown>): Promise<ModelFigures> {
  const resolved = resolveConfig({
    ...shape,
    dataset: "synthetic",
    trainSize: 16,
    testSize: 8,
    batchSize: 8,
    optimizer: "sgd",
    momentum: 0.9,
    weightDecay: 0.01,
    seed: 3,
  });
  if (!resolved.ok) throw new Error(resolved.errors.map((e) => e.message).join("; "));
  const config = resolved.config;
  const dataset = prepareDataset(config, {});
  const model = createModel(config, dataset.shape, dataset.numClasses);
  const batch = createBatcher(dataset).testBatch(0, 8);
  const masks = patterned(model, 0);
  const pull = patterned(model, 2);
  const logits = (m: MaskSet) =>
    tf.tidy(() => read(model.forward(batch.x, { training: false, masks: m }).logits));
  try {
    const logitsBefore = logits(masks);
    const optimizer = createOptimizer(model.params, { name: "sgd", momentum: 0.9, weightDecay: 0.01 });
    const step = trainStep(model, masks, batch, optimizer, 0.05, { lambda: 0.5, pull });
    const stepLoss = (await step.loss.data())[0]!;
    tf.dispose([step.loss, step.correct]);
    optimizer.dispose();
    const logitsAfter = logits(masks);
    // Every other group of every set cut, with what it owns.
    const alive = Object.fromEntries(
      model.groupSets.map((set) => [set.name, Array.from({ length: set.count }, (_, g) => g % 2 === 0)]),
    );
    const cut = tf.tidy(() => {
      const structure: MaskSet = { ...masks };
      for (const set of model.groupSets) {
        const dropped = groupIndicator(
          masks,
          set,
          alive[set.name]!.map((a) => !a),
        );
        for (const [name, indicator] of Object.entries(dropped)) {
          structure[name] = tf.mul(structure[name]!, tf.sub(1, indicator));
        }
      }
      return structure;
    });
    const owned = ownedMask(model.params, model.groupSets, alive);
    const cutLogits = logits({ ...cut, ...owned });
    const compact = compactModel(model, cut, dataset.shape);
    const compactLogits = tf.tidy(() => read(compact.forward(batch.x)));
    compact.dispose();
    tf.dispose([...Object.values(cut), ...Object.values(owned)]);
    return { logitsBefore, stepLoss, logitsAfter, compactLogits, cutLogits };
  } finally {
    tf.dispose([batch.x, batch.y, ...Object.values(masks), ...Object.values(pull)]);
    model.dispose();
  }
}

const check: AgreementCheck = {
  async compute(backend) {
    const name = backend === "webgl" || backend === "webgpu" || backend === "wasm" ? backend : null;
    if (name === null) throw new Error(`unknown backend "${backend}"`);
    // A fixed backend: nothing is timed, so the timing function is never called.
    await chooseBackend(
      name,
      async () => {},
      async () => ({ msPerStep: 0 }),
      "agreement",
    );
    return { backend: tf.getBackend(), vit: await figures(SHAPES.vit), resnet: await figures(SHAPES.resnet) };
  },
};

expose(check);
