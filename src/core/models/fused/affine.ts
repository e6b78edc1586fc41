// x·w + b as the backend's fused matMul kernel, called directly. Why: tf.fused.matMul is a
// custom op of its own; under a gradient tape it saves four tensors (each cloned: an Identity
// kernel) and reshapes its output back, although the callers here (linear2d, attention's
// projections) run it inside their own customGrad, whose gradient is written out and never
// uses what it saved. 26 of these per reference ViT step: about 100 kernels.
import * as tf from "@tensorflow/tfjs";
import { AFFINE } from "../wasmKernels";
import { backendHas } from "./heapKernel";

/**
 * x [N, K] · w [K, M] + bias [M] → [N, M]. Call it only where no tape records it (inside a
 * customGrad's forward, or without gradients): the kernel has no registered gradient.
 * Caller owns the result.
 */
export function affine(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor): tf.Tensor2D {
  // On WASM, one kernel on the matrices themselves (wasmKernels.ts).
  if (backendHas(AFFINE)) return tf.engine().runKernel(AFFINE, { a: x, b: w, bias }, {}) as tf.Tensor2D;
  const [rows, inner] = x.shape;
  const columns = w.shape[1];
  // Every backend's kernel takes rank-3 operands (a batch of one here).
  const out = tf
    .engine()
    .runKernel(
      "_FusedMatMul",
      { a: tf.reshape(x, [1, rows, inner]), b: tf.reshape(w, [1, inner, columns]), bias },
      { transposeA: false, transposeB: false, activation: "linear", leakyreluAlpha: 0.2 },
    ) as tf.Tensor3D;
  return tf.reshape(out, [rows, columns]);
}
