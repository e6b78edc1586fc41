// The ResNet's forward pass over tensors fetched by name, shared by the trained model (masked
// parameters, probes) and its compacted form (narrower convs, BNs and classifier).
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
  /** The residual stream at the end of `stage` (after its last block's ReLU), as it flows on. */
  stageOutput(stage: string, h: tf.Tensor4D): tf.Tensor4D;
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
  layout.blocks.forEach((block, index) => {
    const inner = tf.relu(convBn(h, block.conv1));
    const residual = convBn(inner, block.conv2);
    const shortcut = block.downsample === null ? h : convBn(h, block.downsample);
    h = tf.relu(tf.add<tf.Tensor4D>(residual, shortcut));
    if (layout.blocks[index + 1]?.stage !== block.stage) h = tensors.stageOutput(block.stage, h);
  });
  const pooled = tf.mean(h, [1, 2]);
  return linear(pooled, tensors.param("fc.weight"), tensors.param("fc.bias")) as tf.Tensor2D;
}
