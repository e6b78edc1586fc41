// What compaction refuses, and the message that names why: a model that is not the arch it
// claims, images of another channel count, a compacted ResNet fed another image size.
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { compactModel } from "../../src/core/compact";
import { createResNet, createVit } from "../../src/core/models";
import type { MaskSet, Model } from "../../src/core/types";

await tf.setBackend("cpu");

const RESNET_IMAGE: [number, number, number] = [8, 8, 2];
const created: Model[] = [];
afterAll(() => {
  for (const model of created) model.dispose();
});

function allOnes(model: Model): MaskSet {
  return Object.fromEntries(model.prunable.map((name) => [name, tf.ones(model.params[name]!.shape)]));
}

/** The model with one parameter left out of `params` (the tensors stay owned by `model`). */
function without(model: Model, name: string): Model {
  const params = { ...model.params };
  delete params[name];
  return { ...model, params };
}

describe("compaction refuses what it cannot compact", () => {
  const resnet = createResNet({ depth: 8, width: 4 }, RESNET_IMAGE, 3, 1);
  const vit = createVit({ depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 }, [8, 8, 1], 3, 1);
  created.push(resnet, vit);

  it("a ResNet without its stem or its classifier is named as not a ResNet", () => {
    const masks = allOnes(resnet);
    expect(() => compactModel(without(resnet, "conv1.weight"), masks, RESNET_IMAGE)).toThrow(
      "compact: not a ResNet (no conv1 / fc weight)",
    );
    expect(() => compactModel(without(resnet, "fc.weight"), masks, RESNET_IMAGE)).toThrow(
      "compact: not a ResNet (no conv1 / fc weight)",
    );
    tf.dispose(Object.values(masks));
  });

  it("images of another channel count are refused with both counts", () => {
    const masks = allOnes(resnet);
    expect(() => compactModel(resnet, masks, [8, 8, 3])).toThrow(
      "compact: the model takes 2 channels, the images have 3",
    );
    tf.dispose(Object.values(masks));
  });

  it("a compacted ResNet takes only the image size it was built for", () => {
    const masks = allOnes(resnet);
    const compact = compactModel(resnet, masks, RESNET_IMAGE);
    const right = tf.zeros([1, 8, 8, 2]) as tf.Tensor4D;
    const wrongHeight = tf.zeros([1, 4, 8, 2]) as tf.Tensor4D;
    const wrongWidth = tf.zeros([1, 8, 4, 2]) as tf.Tensor4D;
    try {
      const logits = compact.forward(right);
      expect(logits.shape).toEqual([1, 3]);
      logits.dispose();
      expect(() => compact.forward(wrongHeight)).toThrow("compact ResNet: built for 8×8 images, got 4×8");
      expect(() => compact.forward(wrongWidth)).toThrow("compact ResNet: built for 8×8 images, got 8×4");
    } finally {
      tf.dispose([right, wrongHeight, wrongWidth, ...Object.values(masks)]);
      compact.dispose();
    }
  });

  it("a ViT without a parameter the layout is read from is refused by its name", () => {
    const masks = allOnes(vit);
    expect(() => compactModel(without(vit, "pos_embed"), masks, [8, 8, 1])).toThrow(
      'compact: the ViT has no parameter "pos_embed"',
    );
    expect(() => compactModel(without(vit, "patch_embed.proj.weight"), masks, [8, 8, 1])).toThrow(
      'compact: the ViT has no parameter "patch_embed.proj.weight"',
    );
    tf.dispose(Object.values(masks));
  });

  it("compaction leaves no tensor behind", () => {
    const masks = allOnes(resnet);
    const before = tf.memory().numTensors;
    const compact = compactModel(resnet, masks, RESNET_IMAGE);
    compact.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(masks));
  });
});
