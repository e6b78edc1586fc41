// The shipped pretrained models (public/models) load into the preset's model and are as
// accurate on held-out test digits as their run logs say (ViT 93.65%, ResNet-8 94.35% on 2,000).
import { existsSync, readFileSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { prepareDataset } from "../../src/core/data/prepare";
import { presetConfig } from "../../src/core/presets";
import { PRETRAINED_FILES, pretrainedWeightsFor } from "../../src/core/pretrained";
import { createSession, disposeSession } from "../../src/core/session";
import { evaluate } from "../../src/core/train/step";

const mnistFile = new URL("../../public/data/mnist.bin", import.meta.url);
const publicFile = (file: string) => new URL(`../../public/${file}`, import.meta.url);

describe.each([
  ["pretrained-vit-mnist", "vit"],
  ["pretrained-resnet-mnist", "resnet"],
] as const)("%s's starting point", (preset, arch) => {
  const file = publicFile(PRETRAINED_FILES[arch]);
  it.skipIf(!existsSync(file) || !existsSync(mnistFile))(
    "is well under 1 MB and scores ≥ 90% on 300 of the preset's test digits",
    async () => {
      const bytes = new Uint8Array(readFileSync(file));
      expect(bytes.length).toBeLessThan(700_000);
      const resolved = resolveConfig({ ...presetConfig(preset), testSize: 300 });
      if (!resolved.ok) throw new Error(`${preset} invalid`);
      const config = resolved.config;
      const dataset = prepareDataset(config, { mnist: new Uint8Array(readFileSync(mnistFile)) });
      const weights = pretrainedWeightsFor(bytes, config, dataset.shape, dataset.numClasses);
      const session = createSession(config, dataset, weights);
      try {
        const accuracy = await evaluate(session.model, session.masks, session.batcher.testBatches(100));
        expect(accuracy).toBeGreaterThanOrEqual(0.9);
      } finally {
        tf.dispose(Object.values(weights));
        disposeSession(session);
      }
    },
    120_000,
  );
});
