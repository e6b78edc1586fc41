// Compaction of a ResNet. Only the channels of each block's conv1 can be removed: conv1's
// output channel c goes through bn1 and ReLU into conv2 alone, so it leaves conv1 (output
// channel), bn1 and conv2 (input channel). The output channels of conv2 and of the downsample
// conv meet the shortcut in the residual sum, which carries every channel on, so a dead channel
// there is not removable (its weights stay, as zeros of W ⊙ M).
//
// A removed conv1 channel is zero before bn1, which in evaluation mode turns it into the
// constant a_c = relu(β − μ·γ/√(σ² + eps)); that constant still reaches conv2, with the zero
// padding making its contribution differ at the borders. When some a_c ≠ 0 that contribution
// is computed once (conv2 of the constant planes) and added to conv2's output: exact, for the
// image size the model was compacted for.
import * as tf from "@tensorflow/tfjs";
import { batchNorm } from "../models/batchNorm";
import { type ResNetTensors, resnetLogits } from "../models/resnetForward";
import { type ConvSpec, type ResNetLayout, resnetLayout } from "../models/resnetStructure";
import type { MaskSet, Model } from "../types";
import { keptGroups, takeAlong } from "./kept";
import type { CompactModel } from "./types";

/** The model's layout, read off its parameters, for images of `imageShape`. */
function layoutOf(model: Model, imageShape: [number, number, number]): ResNetLayout {
  const stem = model.params["conv1.weight"];
  const fc = model.params["fc.weight"];
  if (stem === undefined || fc === undefined) throw new Error("compact: not a ResNet (no conv1 / fc weight)");
  const blocks = Object.keys(model.params).filter((name) =>
    /^layer\d+\.\d+\.conv1\.weight$/.test(name),
  ).length;
  const layout = resnetLayout(
    { depth: 2 * blocks + 2, width: stem.shape[3] ?? 0 },
    imageShape,
    fc.shape[0] ?? 0,
  );
  if (stem.shape[2] !== imageShape[2]) {
    throw new Error(`compact: the model takes ${stem.shape[2]} channels, the images have ${imageShape[2]}`);
  }
  return layout;
}

export const REMOVED_INPUT_OFFSET = "removed_input_offset";

/**
 * The contribution to conv2's output of conv1 channels that are zero before bn1: their
 * post-bn1-ReLU constants a_c as planes, through conv2's weights for those channels; null when
 * every a_c is 0. Caller owns the result.
 */
function removedInputOffset(
  model: Model,
  block: { conv1: ConvSpec; conv2: ConvSpec },
  removed: number[],
  conv2Weight: tf.Tensor,
): tf.Tensor | null {
  if (removed.length === 0) return null;
  const { conv1, conv2 } = block;
  const constants = tf.tidy(() => {
    const bn = (suffix: string) => {
      const t = model.params[`${conv1.bn}.${suffix}`] ?? model.buffers[`${conv1.bn}.${suffix}`];
      if (t === undefined) throw new Error(`compact: no ${conv1.bn}.${suffix}`);
      return takeAlong(t, 0, removed);
    };
    const zero = tf.zeros([1, 1, 1, removed.length]) as tf.Tensor4D;
    const state = {
      weight: bn("weight"),
      bias: bn("bias"),
      runningMean: tf.variable(bn("running_mean"), false),
      runningVar: tf.variable(bn("running_var"), false),
    };
    const a = tf.relu(batchNorm(zero, state, false));
    tf.dispose([state.runningMean, state.runningVar]);
    return tf.reshape(a, [removed.length]);
  });
  const values = constants.dataSync();
  if (values.every((v) => v === 0)) {
    constants.dispose();
    return null;
  }
  return tf.tidy(() => {
    const [height, width] = conv1.outSize;
    const planes = tf.mul(tf.ones([1, height, width, removed.length]), constants) as tf.Tensor4D;
    constants.dispose();
    return tf.conv2d(planes, takeAlong(conv2Weight, 2, removed) as tf.Tensor4D, conv2.stride, conv2.pad);
  });
}

/**
 * The ResNet without the conv1 channels that `masks` zero entirely, with W ⊙ M for every
 * conv. Its logits equal model.forward(x, { training: false, masks }) for images of
 * `imageShape` (the only size it accepts). Caller owns the result (dispose()).
 */
export function compactResNet(
  model: Model,
  masks: MaskSet,
  imageShape: [number, number, number],
): CompactModel {
  const layout = layoutOf(model, imageShape);
  const params: Record<string, tf.Tensor> = {};
  const buffers: Record<string, tf.Tensor> = {};
  for (const [name, variable] of Object.entries(model.params)) {
    const mask = masks[name];
    params[name] = tf.tidy(() => (mask === undefined ? tf.clone(variable) : tf.mul(variable, mask)));
  }
  for (const [name, variable] of Object.entries(model.buffers)) buffers[name] = tf.clone(variable);

  const kept: Record<string, number[]> = {};
  for (const set of model.groupSets) kept[set.name] = Array.from({ length: set.count }, (_, c) => c);
  const offsets = new Map<string, tf.Tensor>();
  const narrow = (record: Record<string, tf.Tensor>, name: string, axis: number, indices: number[]) => {
    const before = record[name];
    if (before === undefined) throw new Error(`compact: no tensor "${name}"`);
    record[name] = tf.tidy(() => takeAlong(before, axis, indices));
    before.dispose();
  };
  for (const block of layout.blocks) {
    const set = model.groupSets.find((s) => s.name === block.conv1.name);
    if (set === undefined) continue;
    const keep = keptGroups(masks, set);
    const removed = Array.from({ length: set.count }, (_, c) => c).filter((c) => !keep.includes(c));
    kept[set.name] = keep;
    if (removed.length === 0) continue;
    const conv2Weight = params[`${block.conv2.name}.weight`];
    if (conv2Weight === undefined) throw new Error(`compact: no ${block.conv2.name}.weight`);
    const offset = removedInputOffset(model, block, removed, conv2Weight);
    narrow(params, `${block.conv1.name}.weight`, 3, keep);
    narrow(params, `${block.conv1.bn}.weight`, 0, keep);
    narrow(params, `${block.conv1.bn}.bias`, 0, keep);
    narrow(buffers, `${block.conv1.bn}.running_mean`, 0, keep);
    narrow(buffers, `${block.conv1.bn}.running_var`, 0, keep);
    narrow(params, `${block.conv2.name}.weight`, 2, keep);
    if (offset !== null) {
      offsets.set(block.conv2.name, offset);
      buffers[`${block.conv2.name}.${REMOVED_INPUT_OFFSET}`] = offset;
    }
  }
  return assemble(model, layout, imageShape, { params, buffers, kept, offsets });
}

function assemble(
  model: Model,
  layout: ResNetLayout,
  imageShape: [number, number, number],
  parts: {
    params: Record<string, tf.Tensor>;
    buffers: Record<string, tf.Tensor>;
    kept: Record<string, number[]>;
    offsets: Map<string, tf.Tensor>;
  },
): CompactModel {
  const { params, buffers, kept, offsets } = parts;
  const find = (record: Record<string, tf.Tensor>, name: string) => {
    const t = record[name];
    if (t === undefined) throw new Error(`compact ResNet: no tensor "${name}"`);
    return t;
  };
  // batchNorm reads running statistics from variables; evaluation never assigns them.
  const statistics = Object.fromEntries(
    Object.entries(buffers)
      .filter(([name]) => !name.endsWith(REMOVED_INPUT_OFFSET))
      .map(([name, t]) => [name, tf.variable(t, false)]),
  );
  const tensors: ResNetTensors = {
    conv(x, spec) {
      const out = tf.conv2d(x, find(params, `${spec.name}.weight`) as tf.Tensor4D, spec.stride, spec.pad);
      const offset = offsets.get(spec.name);
      return offset === undefined ? out : tf.add(out, offset);
    },
    param: (name) => find(params, name),
    buffer: (name) => {
      const v = statistics[name];
      if (v === undefined) throw new Error(`compact ResNet: no buffer "${name}"`);
      return v;
    },
  };
  const convMacs = (spec: ConvSpec) => {
    const [kh, kw, inChannels, outChannels] = find(params, `${spec.name}.weight`).shape;
    return spec.outSize[0] * spec.outSize[1] * (kh ?? 0) * (kw ?? 0) * (inChannels ?? 0) * (outChannels ?? 0);
  };
  const convs = [
    layout.stem,
    ...layout.blocks.flatMap((b) => [b.conv1, b.conv2, ...(b.downsample ? [b.downsample] : [])]),
  ];
  const fc = find(params, "fc.weight");
  return {
    arch: "resnet",
    params,
    buffers,
    kept,
    torchPermutation: { ...model.torchPermutation, ...offsetPermutations(offsets) },
    paramCount: Object.values(params).reduce((sum, t) => sum + t.size, 0),
    flopsPerSample: 2 * (convs.reduce((sum, spec) => sum + convMacs(spec), 0) + fc.size),
    forward(x) {
      const [, height, width] = x.shape;
      if (height !== imageShape[0] || width !== imageShape[1]) {
        throw new Error(
          `compact ResNet: built for ${imageShape[0]}×${imageShape[1]} images, got ${height}×${width}`,
        );
      }
      return tf.tidy(() => resnetLogits(x, layout, tensors, false));
    },
    dispose() {
      tf.dispose([...Object.values(params), ...Object.values(buffers), ...Object.values(statistics)]);
    },
  };
}

/** The offsets are NHWC [1, H, W, out]; PyTorch's layout is NCHW. */
function offsetPermutations(offsets: Map<string, tf.Tensor>): Record<string, number[]> {
  return Object.fromEntries(
    [...offsets.keys()].map((conv) => [`${conv}.${REMOVED_INPUT_OFFSET}`, [0, 3, 1, 2]]),
  );
}
