// The lab's ResNet against a plain float64 re-implementation (test/unit/reference/resnet.ts):
// logits in evaluation mode under a mask with cut channels' owned entries zeroed, the l1/l2
// criteria of every channel set (block and residual-stream sets), and one masked, RSST-pulled
// SGD and AdamW step in training mode (batch statistics), to 1e-5.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { aliveGroups, ownedMask } from "../../src/core/groups";
import { createModel } from "../../src/core/models";
import { measureImportance } from "../../src/core/prune/criteria";
import type { MaskSet, Model } from "../../src/core/types";
import { masksWhere, scramble, stream, toParams } from "./reference/fixtures";
import { forEachEntry, labStep } from "./reference/labStep";
import { resnetForward } from "./reference/resnet";
import { crossEntropy, masked, numericGradient, type Params } from "./reference/vit";

const IMAGE: [number, number, number] = [8, 8, 2];

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function tinyResNet(): Model {
  const resolved = resolveConfig({ arch: "resnet", dataset: "synthetic", model: { depth: 8, width: 4 } });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
  const model = createModel(resolved.config, IMAGE, 3);
  scramble(model, stream(21));
  return model;
}

describe("the ResNet against its float64 reference", () => {
  it("gives the same logits and l1/l2 criteria under a mask with a cut channel", () => {
    const model = tinyResNet();
    const random = stream(8);
    const masks = masksWhere(model, () => random() >= 0.2);
    // Cut residual channel 1 of stage 1 and inner channel 0 of layer2.0 whole, with what they own.
    const cutSets = model.groupSets.filter((set) => set.name === "layer1" || set.name === "layer2.0.conv1");
    const alive = aliveGroups(masks, cutSets);
    alive.layer1![1] = false;
    alive["layer2.0.conv1"]![0] = false;
    const owned = ownedMask(model.params, cutSets, alive);
    const cut = tf.tidy(() => {
      const structure: MaskSet = { ...masks };
      for (const set of cutSets) {
        for (const slice of set.slices) {
          const dead = alive[set.name]!.map((a) => (a ? 1 : 0));
          const shape = model.params[slice.param]!.shape.map((length, axis) =>
            axis === slice.axis ? length : 1,
          );
          const vector = tf.tensor(
            Array.from({ length: shape[slice.axis]! }, (_, i) => dead[i - slice.offset] ?? 1),
            shape,
          );
          structure[slice.param] = tf.mul(structure[slice.param]!, vector);
        }
      }
      return structure;
    });
    const all = { ...cut, ...owned };
    const x = tf.tidy(() => tf.randomNormal([2, ...IMAGE], 0, 1, "float32", 3) as tf.Tensor4D);
    const logits = tf.tidy(() => model.forward(x, { training: false, masks: all }).logits.arraySync());
    const effective = masked(toParams({ ...model.params, ...model.buffers }), toParams(all));
    const reference = resnetForward(x.arraySync(), effective);
    logits.forEach((row, b) => {
      row.forEach((v, c) => {
        expect(v).toBeCloseTo(reference.logits[b]![c]!, 5);
      });
    });

    const y = tf.tensor1d([0, 2], "int32");
    for (const criterion of ["l1", "l2"] as const) {
      const measured = measureImportance(model, all, model.groupSets, criterion, [{ x, y }]);
      for (const set of model.groupSets) {
        const activation = reference.activations[set.name]!;
        const perChannel = (c: number) => activation.flatMap((i) => i.flatMap((r) => r.map((px) => px[c]!)));
        measured[set.name]!.forEach((value, c) => {
          const values = perChannel(c);
          const expected =
            criterion === "l1"
              ? values.reduce((s, v) => s + Math.abs(v), 0) / values.length
              : Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
          expect(value).toBeCloseTo(expected, 5);
        });
      }
      // A cut residual channel is exactly zero in its stage's output.
      expect(measured.layer1![1]).toBe(0);
    }
    model.dispose();
    tf.dispose([
      x,
      y,
      ...Object.values(masks),
      ...Object.values(cut).filter((t) => !Object.values(masks).includes(t)),
      ...Object.values(owned),
    ]);
  });
});

describe("one ResNet training step against the reference", () => {
  it.each(["sgd", "adamw"] as const)(
    "takes the same masked, pulled %s step (batch statistics)",
    (optimizerName) => {
      const resolved = resolveConfig({ arch: "resnet", dataset: "synthetic", model: { depth: 8, width: 2 } });
      if (!resolved.ok) throw new Error(JSON.stringify(resolved.errors));
      const image: [number, number, number] = [4, 4, 1];
      const model = createModel(resolved.config, image, 3);
      scramble(model, stream(33));
      const pattern = (offset: number): MaskSet => masksWhere(model, (i) => (i + offset) % 4 !== 0);
      const masks = pattern(0);
      const pull = tf.tidy(() =>
        Object.fromEntries(Object.entries(pattern(1)).map(([name, p]) => [name, tf.mul(p, masks[name]!)])),
      );
      const x = tf.tidy(() => tf.randomNormal([3, ...image], 0, 1, "float32", 4) as tf.Tensor4D);
      const labels = [0, 2, 1];
      const y = tf.tensor1d(labels, "int32");
      const nested = x.arraySync();
      const lr = 0.01;
      const lambda = 0.5;
      const weightDecay = 0.05;
      const buffers = toParams(model.buffers);
      const step = labStep(
        model,
        masks,
        pull,
        { x, y },
        { optimizer: optimizerName, lr, lambda, weightDecay },
      );
      const { before, after, maskParams } = step;

      const loss = (q: Params) =>
        crossEntropy(resnetForward(nested, masked({ ...q, ...buffers }, maskParams), true).logits, labels);
      const grads = numericGradient(structuredClone(before), loss);
      let compared = 0;
      forEachEntry(step, grads, model, ({ name, i, value, g, p, decay }) => {
        if (optimizerName === "sgd") {
          compared++;
          expect(after[name]!.data[i]).toBeCloseTo(value - lr * (g + decay * value + lambda * value * p), 5);
          return;
        }
        // Adam's lr·g/(|g| + ε) is ill-conditioned near g = 0 (see the ViT's cross-check).
        if (maskParams[name]?.data[i] !== 0 && Math.abs(g) < 1e-7) return;
        compared++;
        const stepped = value - lr * decay * value - (lr * g) / (Math.abs(g) + 1e-8);
        expect(after[name]!.data[i]).toBeCloseTo(stepped - lr * lambda * stepped * p, 5);
      });
      // SGD compares every entry. On 4×4 images the last stage sees 1×1 maps and most of its
      // gradients are below 1e-7, where Adam's ratio is ill-conditioned: about half is compared.
      const entries = Object.values(before).reduce((n, t) => n + t.data.length, 0);
      expect(compared).toBeGreaterThan((optimizerName === "sgd" ? 0.999 : 0.45) * entries);
      model.dispose();
      tf.dispose([x, y, ...Object.values(masks), ...Object.values(pull)]);
    },
  );
});
