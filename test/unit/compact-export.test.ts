// The compacted model's safetensors: a ResNet's permuted (OIHW) copies are freed and its own
// tensors are not, the pinned metadata strings, and withMetadata's precedence.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { compactModel } from "../../src/core/compact";
import { compactEntries, encodeCompact, withMetadata } from "../../src/core/compact/export";
import { decodeSafetensors } from "../../src/core/io/safetensors";
import { createResNet } from "../../src/core/models";
import { disposeAll, onesMasks } from "../../src/core/weights";

const IMAGE: [number, number, number] = [8, 8, 2];

describe("compacted export", () => {
  it("frees the OIHW copies it makes and only those, and pins format, arch and compacted", () => {
    const model = createResNet({ depth: 8, width: 4 }, IMAGE, 3, 1);
    const masks = onesMasks(model);
    const compact = compactModel(model, masks, IMAGE);
    const x = tf.ones([1, ...IMAGE]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const { tensors, metadata } = compactEntries(compact);
    expect(tf.memory().numTensors).toBe(before);
    // The compact model still runs: its own tensors were not the ones disposed.
    const logits = compact.forward(x);
    expect(logits.shape).toEqual([1, 3]);
    const conv = tensors.find((t) => t.name === "conv1.weight");
    const [h, w, i, o] = compact.params["conv1.weight"]!.shape;
    expect(conv?.shape).toEqual([o, i, h, w]);
    expect(metadata).toMatchObject({ format: "pt", arch: "resnet", compacted: "true" });
    tf.dispose([x, logits]);
    compact.dispose();
    disposeAll(masks);
    disposeAll(model.params);
  });

  it("adds metadata without overwriting the file's own keys", () => {
    const model = createResNet({ depth: 8, width: 4 }, IMAGE, 3, 1);
    const masks = onesMasks(model);
    const compact = compactModel(model, masks, IMAGE);
    const bytes = encodeCompact(compact, { note: "a" });
    const again = decodeSafetensors(withMetadata(bytes, { compacted: "false", extra: "b" }));
    expect(again.metadata).toMatchObject({ note: "a", extra: "b", compacted: "true" });
    expect(Object.keys(again.tensors).sort()).toEqual(Object.keys(decodeSafetensors(bytes).tensors).sort());
    compact.dispose();
    disposeAll(masks);
    disposeAll(model.params);
  });
});
