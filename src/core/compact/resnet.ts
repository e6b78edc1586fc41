// Compaction of a ResNet: every channel group that `masks` zero entirely leaves every tensor it
// touches. A block-internal channel leaves conv1 (output), bn1 and conv2 (input); a residual
// channel of a stage leaves the stream everywhere: the stem (stage 1), every conv2 and
// downsample output of the stage with their BNs, the input of every conv that reads the
// stream and, for the last stage, the classifier's input column (the sets' `slices` and
// `owned`, models/resnet.ts).
//
// Exact against the masked model with the dead groups' owned entries zeroed (ownedMask), as
// the run loop evaluates a cut: a dead channel's conv weights and BN γ, β are all 0, so its
// BN output is 0 whatever its running statistics, and it adds nothing downstream.
import * as tf from "@tensorflow/tfjs";
import {
  type ConvSpec,
  type ResNetLayout,
  type ResNetTensors,
  resnetLayout,
  resnetLogits,
} from "../models/resnet";
import type { MaskSet, Model } from "../types";
import { keptGroups, keptIndices, takeAlong } from "./kept";
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

const RUNNING_STATISTICS = /\.(running_mean|running_var)$/;

/** t narrowed to `indices` along each listed axis. Caller owns the result. */
function narrowed(t: tf.Tensor, byAxis: Map<number, number[]> | undefined): tf.Tensor {
  let out = tf.clone(t);
  for (const [axis, indices] of byAxis ?? []) {
    const next = takeAlong(out, axis, indices);
    out.dispose();
    out = next;
  }
  return out;
}

/**
 * The ResNet without the channel groups that `masks` zero entirely, with W ⊙ M for every
 * masked parameter. Its logits equal model.forward(x, { training: false, masks: masks ∪ the
 * dead groups' owned masks }) for images of `imageShape` (the only size it accepts). Caller
 * owns the result (dispose()).
 */
export function compactResNet(
  model: Model,
  masks: MaskSet,
  imageShape: [number, number, number],
): CompactModel {
  const layout = layoutOf(model, imageShape);
  const kept = Object.fromEntries(model.groupSets.map((set) => [set.name, keptGroups(masks, set)]));
  // What a group owns is narrowed with it, like its slices.
  const indices = keptIndices(
    model.groupSets.map((set) => ({ ...set, slices: [...set.slices, ...(set.owned ?? [])] })),
    kept,
  );
  const params: Record<string, tf.Tensor> = {};
  for (const [name, variable] of Object.entries(model.params)) {
    const mask = masks[name];
    const weight = mask === undefined ? variable : tf.mul(variable, mask);
    params[name] = narrowed(weight, indices.get(name));
    if (weight !== variable) weight.dispose();
  }
  // A BN's running statistics go with its γ.
  const buffers: Record<string, tf.Tensor> = {};
  for (const [name, variable] of Object.entries(model.buffers)) {
    buffers[name] = narrowed(variable, indices.get(name.replace(RUNNING_STATISTICS, ".weight")));
  }
  return assemble(model, layout, imageShape, { params, buffers, kept });
}

function assemble(
  model: Model,
  layout: ResNetLayout,
  imageShape: [number, number, number],
  parts: {
    params: Record<string, tf.Tensor>;
    buffers: Record<string, tf.Tensor>;
    kept: Record<string, number[]>;
  },
): CompactModel {
  const { params, buffers, kept } = parts;
  const find = (record: Record<string, tf.Tensor>, name: string) => {
    const t = record[name];
    if (t === undefined) throw new Error(`compact ResNet: no tensor "${name}"`);
    return t;
  };
  // batchNorm reads running statistics from variables; evaluation never assigns them.
  const statistics = Object.fromEntries(
    Object.entries(buffers).map(([name, t]) => [name, tf.variable(t, false)]),
  );
  const tensors: ResNetTensors = {
    conv: (x, spec) =>
      tf.conv2d(x, find(params, `${spec.name}.weight`) as tf.Tensor4D, spec.stride, spec.pad),
    param: (name) => find(params, name),
    buffer: (name) => {
      const v = statistics[name];
      if (v === undefined) throw new Error(`compact ResNet: no buffer "${name}"`);
      return v;
    },
    stageOutput: (_, h) => h,
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
    torchPermutation: model.torchPermutation,
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
