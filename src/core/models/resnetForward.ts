// The ResNet's forward pass over tensors fetched by name, shared by the trained model (masked
// convs, probes) and its compacted form (narrower block-internal convs).
import * as tf from "@tensorflow/tfjs";
import { batchNorm } from "./batchNorm";
import { linear } from "./layers";
import type { ConvSpec, ResNetLayout } from "./resnetStructure";

export interface ResNetTensors {
  /** The output of conv `spec` on x, before its batch norm. */
  conv(x: tf.Tensor4D, spec: ConvSpec): tf.Tensor4D;
  /** Batch-norm and classifier parameters by PyTorch name. */
  param(name: string): tf.Tensor;
  /** Running statistics by PyTorch name (assigned in training mode). */
  buffer(name: string): tf.Variable;
}

/** Logits [N, classes] of images x [N, H, W, C]. Caller owns the result (run inside a tidy). */
export function resnetLogits(
  x: tf.Tensor4D,
  layout: ResNetLayout,
  tensors: ResNetTensors,
  training: boolean,
): tf.Tensor2D {
  const convBn = (input: tf.Tensor4D, spec: ConvSpec) =>
    batchNorm(
      tensors.conv(input, spec),
      {
        weight: tensors.param(`${spec.bn}.weight`),
        bias: tensors.param(`${spec.bn}.bias`),
        runningMean: tensors.buffer(`${spec.bn}.running_mean`),
        runningVar: tensors.buffer(`${spec.bn}.running_var`),
      },
      training,
    );
  let h = tf.relu(convBn(x, layout.stem));
  for (const block of layout.blocks) {
    const inner = tf.relu(convBn(h, block.conv1));
    const residual = convBn(inner, block.conv2);
    const shortcut = block.downsample === null ? h : convBn(h, block.downsample);
    h = tf.relu(tf.add<tf.Tensor4D>(residual, shortcut));
  }
  const pooled = tf.mean(h, [1, 2]);
  return linear(pooled, tensors.param("fc.weight"), tensors.param("fc.bias")) as tf.Tensor2D;
}
