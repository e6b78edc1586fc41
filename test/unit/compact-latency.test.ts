// The latency protocol of the compaction summary: the median of hand-made timings, and how many
// passes of each model it makes (warm-up passes, then timed ones alternating), counted.
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { compactModel } from "../../src/core/compact";
import { measureCompaction, median } from "../../src/core/compact/summary";
import { createVit } from "../../src/core/models";
import { disposeAll, onesMasks } from "../../src/core/weights";

const IMAGE: [number, number, number] = [8, 8, 1];

describe("compaction latency", () => {
  it("takes the median: the middle value, or the mean of the two middle ones", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 10, 2])).toBe(3);
    expect(median([7])).toBe(7);
  });

  it("runs each model warmup + repeats times, alternating, on a batch of the asked size", async () => {
    const model = createVit({ depth: 1, embedDim: 8, numHeads: 2, mlpRatio: 2, patchSize: 4 }, IMAGE, 3, 1);
    const masks = onesMasks(model);
    const compact = compactModel(model, masks, IMAGE);
    const calls: string[] = [];
    const forward = model.forward.bind(model);
    model.forward = (x, options) => {
      calls.push(`masked ${x.shape[0]}`);
      return forward(x, options);
    };
    const compactForward = compact.forward.bind(compact);
    compact.forward = (x) => {
      calls.push(`compact ${x.shape[0]}`);
      return compactForward(x);
    };
    const before = tf.memory().numTensors;
    const summary = await measureCompaction(model, masks, compact, IMAGE, {
      batchSize: 3,
      warmup: 2,
      repeats: 3,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(calls).toEqual(Array.from({ length: 5 }, () => ["masked 3", "compact 3"]).flat());
    expect(summary.latency.batchSize).toBe(3);
    compact.dispose();
    disposeAll(masks);
    disposeAll(model.params);
  });
});
