// The criteria against the real models' layouts: group-set activations, probes and masks.
import * as tf from "@tensorflow/tfjs";
import { afterAll, describe, expect, it } from "vitest";
import { createResNet, createVit } from "../../src/core/models";
import { measureImportance } from "../../src/core/prune";
import type { MaskSet, Model } from "../../src/core/types";

function onesMasks(model: Model): MaskSet {
  return Object.fromEntries(model.prunable.map((name) => [name, tf.onesLike(model.params[name]!)]));
}

/** Replaces masks[name] by a copy with the given indices along `axis` set to zero. */
function zeroAlong(masks: MaskSet, name: string, axis: number, indices: number[]): void {
  const old = masks[name]!;
  const buffer = old.bufferSync();
  const shape = old.shape;
  for (let flat = 0; flat < old.size; flat++) {
    const location = buffer.indexToLoc(flat);
    if (indices.includes(location[axis]!)) buffer.set(0, ...location);
  }
  masks[name] = buffer.toTensor();
  expect(masks[name]!.shape).toEqual(shape);
  old.dispose();
}

const images = tf.randomNormal([4, 8, 8, 1], 0, 1, "float32", 3) as tf.Tensor4D;
const labels = tf.tensor1d([0, 1, 2, 0], "int32");
const batches = [{ x: images, y: labels }];
afterAll(() => tf.dispose([images, labels]));

describe("criteria on the ViT", () => {
  const model = createVit(
    { depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 },
    [8, 8, 1],
    3,
    11,
  );
  afterAll(() => model.dispose());

  it("saliency is exactly 0 for a head whose proj columns and a neuron whose fc2 column are masked", () => {
    const masks = onesMasks(model);
    zeroAlong(masks, "blocks.0.attn.proj.weight", 1, [4, 5, 6, 7]); // head 1 (d = 4)
    zeroAlong(masks, "blocks.0.mlp.fc2.weight", 1, [0]); // neuron 0
    const before = tf.memory().numTensors;
    const saliency = measureImportance(model, masks, model.groupSets, "saliency", batches);
    expect(tf.memory().numTensors).toBe(before);
    const heads = saliency["blocks.0.attn"]!;
    const neurons = saliency["blocks.0.mlp"]!;
    expect(heads[1]).toBe(0);
    expect(heads[0]).toBeGreaterThan(0);
    expect(neurons).toHaveLength(16);
    expect(neurons[0]).toBe(0);
    expect(neurons.slice(1).every((value) => value > 0)).toBe(true);
    tf.dispose(Object.values(masks));
  });

  it("l1 of a head is mean |a| over batch, tokens and that head's d channels", () => {
    const masks = onesMasks(model);
    const l1 = measureImportance(model, masks, model.groupSets, "l1", batches)["blocks.0.attn"]!;
    // Direct: the head activation is [B, T, E] with head h on channels h·4 .. h·4 + 3.
    const expected = tf.tidy(() => {
      const { activations } = model.forward(images, { training: false, masks, collect: true });
      const a = activations["blocks.0.attn"]!.arraySync() as number[][][];
      return [0, 1].map((h) => {
        let sum = 0;
        let n = 0;
        for (const token of a.flat()) {
          for (let c = h * 4; c < h * 4 + 4; c++) {
            sum += Math.abs(token[c]!);
            n++;
          }
        }
        return sum / n;
      });
    });
    expect(l1[0]).toBeCloseTo(expected[0]!, 5);
    expect(l1[1]).toBeCloseTo(expected[1]!, 5);
    tf.dispose(Object.values(masks));
  });
});

describe("criteria on the ResNet", () => {
  const model = createResNet({ depth: 8, width: 2 }, [8, 8, 1], 3, 11);
  afterAll(() => model.dispose());

  it("saliency is exactly 0 for a conv1 channel that conv2 no longer reads (HWIO input axis)", () => {
    const masks = onesMasks(model);
    zeroAlong(masks, "layer1.0.conv2.weight", 2, [1]);
    const before = tf.memory().numTensors;
    const saliency = measureImportance(model, masks, model.groupSets, "saliency", batches);
    expect(tf.memory().numTensors).toBe(before);
    const channels = saliency["layer1.0.conv1"]!;
    expect(channels).toHaveLength(2);
    expect(channels[1]).toBe(0);
    expect(channels[0]).toBeGreaterThan(0);
    tf.dispose(Object.values(masks));
  });
});
