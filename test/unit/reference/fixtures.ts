// What the cross-checks share on the lab's side: a seeded stream, parameters redrawn so none is a
// convenient 0 or 1, masks from a rule over flat indices, and tensors read out as float64.
import * as tf from "@tensorflow/tfjs";
import type { MaskSet, Model } from "../../../src/core/types";
import type { Params } from "./vit";

/** A seeded stream in [0, 1) (a linear congruential generator). */
export function stream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Every parameter and buffer redrawn from `random`: uniform in ±0.5, variances in [0.5, 1.5). */
export function scramble(model: Model, random: () => number): void {
  for (const [name, variable] of Object.entries({ ...model.params, ...model.buffers })) {
    const draw = name.endsWith("running_var") ? () => 0.5 + random() : () => random() - 0.5;
    variable.assign(tf.tensor(Array.from({ length: variable.size }, draw), variable.shape));
  }
}

/** 0/1 masks over the prunable weights: entry i of each is `keep(i)`. Caller owns them. */
export function masksWhere(model: Model, keep: (i: number) => boolean): MaskSet {
  return Object.fromEntries(
    model.prunable.map((name) => {
      const shape = model.params[name]!.shape;
      const size = shape.reduce((a, b) => a * b, 1);
      return [
        name,
        tf.tensor(
          Array.from({ length: size }, (_, i) => (keep(i) ? 1 : 0)),
          shape,
        ),
      ];
    }),
  );
}

export function toParams(tensors: Record<string, tf.Tensor>): Params {
  return Object.fromEntries(
    Object.entries(tensors).map(([name, t]) => [
      name,
      { shape: t.shape, data: Float64Array.from(t.dataSync()) },
    ]),
  );
}
