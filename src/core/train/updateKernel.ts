// The flat optimizer update as one WASM kernel: AdamW or SGD over every parameter at once,
// reading each weight and gradient where it lies on the heap and writing new weights and
// moments (new tensors; nothing is updated in place). It replaces ~190 kernels per reference
// ViT step (a Reshape per parameter each way, two concats, a dozen elementwise ops, a split).
import type * as tf from "@tensorflow/tfjs";
import { registerHeapKernel } from "../models/fused/heapKernel";

export const ADAMW_KERNEL = "LabFlatAdamW";
export const SGD_KERNEL = "LabFlatSgd";

export interface AdamWStep {
  beta1: number;
  beta2: number;
  /** lr·√(1 − β2ᵗ)/(1 − β1ᵗ): the bias corrections folded in, as PyTorch does. */
  stepSize: number;
  /** ε·√(1 − β2ᵗ). */
  eps: number;
  /** lr·weight decay, applied where `decaying`. */
  decay: number;
}

/**
 * One AdamW update of the entries [offset, offset + w.length) of the flat moments `m` and `v`
 * into `mOut`, `vOut` and `wOut`: m' = β1·m + (1 − β1)·g, v' = β2·v + (1 − β2)·g²,
 * w' = w − decay·w − stepSize·m'/(√v' + eps) (no decay term when `decaying` is false).
 */
export function adamwEntries(
  step: AdamWStep,
  decaying: boolean,
  offset: number,
  state: { m: Float32Array; v: Float32Array; mOut: Float32Array; vOut: Float32Array },
  w: Float32Array,
  g: Float32Array,
  wOut: Float32Array,
): void {
  // The step's scalars as float32, as the op chain holds them (an lr past float32's range is
  // Infinity there). The betas stay as given: the chain's (1 − β) is taken before rounding.
  const { beta1, beta2 } = step;
  const [stepSize, eps] = [Math.fround(step.stepSize), Math.fround(step.eps)];
  const decay = decaying ? Math.fround(step.decay) : 0;
  const { m, v, mOut, vOut } = state;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = Math.fround(beta1 * m[offset + i]! + (1 - beta1) * gi);
    const vi = Math.fround(beta2 * v[offset + i]! + (1 - beta2) * gi * gi);
    mOut[offset + i] = mi;
    vOut[offset + i] = vi;
    wOut[i] = w[i]! - decay * w[i]! - (stepSize * mi) / (Math.sqrt(vi) + eps);
  }
}

export interface SgdStep {
  momentum: number;
  lr: number;
  weightDecay: number;
}

/**
 * One SGD-momentum update (PyTorch's): d = g + wd·w (where `decaying`), v' = μ·v + d,
 * w' = w − lr·v', over the entries [offset, offset + w.length) of the flat velocity.
 */
export function sgdEntries(
  step: SgdStep,
  decaying: boolean,
  offset: number,
  state: { v: Float32Array; vOut: Float32Array },
  w: Float32Array,
  g: Float32Array,
  wOut: Float32Array,
): void {
  // The scalars as float32, as the op chain holds them (an lr past float32's range is Infinity).
  const weightDecay = decaying ? Math.fround(step.weightDecay) : 0;
  const momentum = Math.fround(step.momentum);
  const lr = Math.fround(step.lr);
  const { v, vOut } = state;
  for (let i = 0; i < w.length; i++) {
    const vi = Math.fround(momentum * v[offset + i]! + g[i]! + weightDecay * w[i]!);
    vOut[offset + i] = vi;
    wOut[i] = w[i]! - lr * vi;
  }
}

/** Kernel inputs: the flat state, then weight `w${i}` and gradient `g${i}` per parameter. */
export function updateInputs(
  state: Record<string, tf.Tensor>,
  weights: tf.Tensor[],
  grads: tf.Tensor[],
): Record<string, tf.Tensor> {
  const inputs: Record<string, tf.Tensor> = { ...state };
  weights.forEach((w, i) => {
    inputs[`w${i}`] = w;
    inputs[`g${i}`] = grads[i]!;
  });
  return inputs;
}

/** Outputs: the new flat state (in `stateNames` order), then each new weight. */
function outputShapes(stateNames: string[]) {
  return (inputs: Record<string, tf.TensorInfo>, attrs: tf.NamedAttrMap): number[][] => {
    const decaying = attrs.decaying as boolean[];
    return [
      ...stateNames.map((name) => inputs[name]!.shape),
      ...decaying.map((_, i) => inputs[`w${i}`]!.shape),
    ];
  };
}

/** Calls `update` per parameter with its offset into the flat state. */
function perParameter(
  inputs: Record<string, Float32Array>,
  outputs: Float32Array[],
  stateCount: number,
  decaying: boolean[],
  update: (decays: boolean, offset: number, w: Float32Array, g: Float32Array, wOut: Float32Array) => void,
): void {
  let offset = 0;
  decaying.forEach((decays, i) => {
    const w = inputs[`w${i}`]!;
    update(decays, offset, w, inputs[`g${i}`]!, outputs[stateCount + i]!);
    offset += w.length;
  });
}

registerHeapKernel(ADAMW_KERNEL, outputShapes(["m", "v"]), (inputs, outputs, attrs) => {
  const step = attrs as unknown as AdamWStep;
  const state = { m: inputs.m!, v: inputs.v!, mOut: outputs[0]!, vOut: outputs[1]! };
  perParameter(inputs, outputs, 2, attrs.decaying as boolean[], (decays, offset, w, g, wOut) =>
    adamwEntries(step, decays, offset, state, w, g, wOut),
  );
});

registerHeapKernel(SGD_KERNEL, outputShapes(["v"]), (inputs, outputs, attrs) => {
  const step = attrs as unknown as SgdStep;
  const state = { v: inputs.v!, vOut: outputs[0]! };
  perParameter(inputs, outputs, 1, attrs.decaying as boolean[], (decays, offset, w, g, wOut) =>
    sgdEntries(step, decays, offset, state, w, g, wOut),
  );
});
