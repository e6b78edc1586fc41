// The pretrained starting points of `init: "pretrained"`: one safetensors file per arch in
// public/models, written by `npm run pretrain` (scripts/pretrain.ts). Tensors are stored by
// their PyTorch names in PyTorch layout (ResNet convs OIHW), like the run's checkpoints.
import * as tf from "@tensorflow/tfjs";
import { decodeSafetensors, encodeSafetensors, type SafetensorsTensor } from "./io/safetensors";
import { createModel } from "./models";
import type { Arch, ExperimentConfig, Model } from "./types";

/** The file of each arch's pretrained model, relative to public/ (the browser fetches `/models/…`). */
export const PRETRAINED_FILES: Record<Arch, string> = {
  vit: "models/vit-mnist.safetensors",
  resnet: "models/resnet-mnist.safetensors",
};

/** Every parameter and buffer of `model` in PyTorch layout, as one safetensors file. */
export async function encodePretrained(model: Model, metadata: Record<string, string>): Promise<Uint8Array> {
  const entries: SafetensorsTensor[] = [];
  for (const [name, variable] of Object.entries({ ...model.params, ...model.buffers })) {
    const permutation = model.torchPermutation[name];
    const tensor = permutation ? tf.transpose(variable, permutation) : tf.clone(variable);
    const data = Float32Array.from(await tensor.data());
    entries.push({ name, dtype: "F32", shape: tensor.shape, data });
    tensor.dispose();
  }
  return encodeSafetensors(entries, { format: "pt", arch: model.arch, ...metadata });
}

/**
 * The initial weights for `model` from a pretrained file, in the model's own layout (each
 * PyTorch-layout tensor transposed back by the inverse of its torchPermutation). The caller
 * owns the returned tensors. Only F32 tensors are read; createSession checks names and shapes.
 */
export function pretrainedWeights(
  bytes: Uint8Array,
  model: Pick<Model, "torchPermutation">,
): Record<string, tf.Tensor> {
  const { tensors } = decodeSafetensors(bytes);
  const weights: Record<string, tf.Tensor> = {};
  for (const [name, stored] of Object.entries(tensors)) {
    if (stored.dtype !== "F32") continue;
    const permutation = model.torchPermutation[name];
    weights[name] = tf.tidy(() => {
      const torchLayout = tf.tensor(stored.data, stored.shape, "float32");
      return permutation ? tf.transpose(torchLayout, inversePermutation(permutation)) : torchLayout;
    });
  }
  return weights;
}

/** The permutation q with q[p[i]] = i: transposing by p then by q gives back the input. */
export function inversePermutation(permutation: readonly number[]): number[] {
  const inverse = new Array<number>(permutation.length);
  permutation.forEach((axis, i) => {
    inverse[axis] = i;
  });
  return inverse;
}

/** pretrainedWeights for the model `config` describes (built once to read its layouts, then disposed). */
export function pretrainedWeightsFor(
  bytes: Uint8Array,
  config: ExperimentConfig,
  imageShape: [number, number, number],
  numClasses: number,
): Record<string, tf.Tensor> {
  const model = createModel(config, imageShape, numClasses);
  try {
    return pretrainedWeights(bytes, model);
  } finally {
    model.dispose();
  }
}
