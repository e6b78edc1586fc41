// The transformer's primitives, written over plain tfjs ops. Tensors returned are owned by
// the caller (all of them are meant to run inside a tf.tidy).
import * as tf from "@tensorflow/tfjs";

/**
 * y = x·Wᵀ + b on 2-D x, written so that forward and backward use only untransposed matMuls
 * (with explicit transposes, which are cheap). Why: on the WASM backend a matMul with
 * transposeA or transposeB takes a slow path, about 10× slower than the plain product
 * (measured on [3200, 64]·[64, 192]: 28 ms vs 2.5 ms), and tfjs's own matMul gradient uses
 * exactly those flags.
 */
const linear2d = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, weight, bias, save] = inputs;
  if (!(x instanceof tf.Tensor && weight instanceof tf.Tensor && bias instanceof tf.Tensor)) {
    throw new Error("linear expects x, weight and bias tensors");
  }
  if (typeof save !== "function") throw new Error("customGrad passed no save function");
  save([x, weight]);
  return {
    value: tf.add(tf.matMul(x, tf.transpose(weight)), bias),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [savedX, savedWeight] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(dy, savedWeight), tf.matMul(tf.transpose(dy), savedX), tf.sum(dy, 0)];
    },
  };
});

/** y = x·Wᵀ + b over the last axis of x, with W stored out×in as in PyTorch. */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const inFeatures = x.shape[x.shape.length - 1] ?? 0;
  const outFeatures = weight.shape[0] ?? 0;
  const leading = x.shape.slice(0, -1);
  const y = linear2d(tf.reshape(x, [-1, inFeatures]), weight, bias);
  return tf.reshape(y, [...leading, outFeatures]);
}

/** LayerNorm over the last axis (biased variance, as PyTorch). timm's ViT uses eps = 1e-6. */
export function layerNorm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, eps = 1e-6): tf.Tensor {
  const lastAxis = x.rank - 1;
  const { mean, variance } = tf.moments(x, lastAxis, true);
  const normalized = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normalized, weight), bias);
}

/** Exact GELU, x·Φ(x) = x/2·(1 + erf(x/√2)), as PyTorch's nn.GELU() in timm's ViT. */
export function gelu(x: tf.Tensor): tf.Tensor {
  const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
  return tf.mul(x, cdf);
}

/**
 * Cuts NHWC images into non-overlapping p×p patches: [B, H, W, C] → [B, (H/p)·(W/p), C·p·p],
 * patches in row-major order, each flattened in (c, i, j) order — the order of a PyTorch
 * conv weight [E, C, p, p] flattened to [E, C·p·p], and of F.unfold on NCHW input.
 */
export function patchify(x: tf.Tensor4D, patchSize: number): tf.Tensor3D {
  const [batch, height, width, channels] = x.shape;
  const rows = height / patchSize;
  const cols = width / patchSize;
  if (!Number.isInteger(rows) || !Number.isInteger(cols)) {
    throw new Error(`image ${height}×${width} is not divisible into ${patchSize}×${patchSize} patches`);
  }
  const pixels = patchSize * patchSize;
  // Two small transposes instead of one rank-6 transpose (WASM's is ~100× slower):
  // [B·row, i, col, (j, c)] → [B·row, col, i, (j, c)], i.e. each patch in (i, j, c) order,
  // then (i, j, c) → (c, i, j).
  const rowsOfPatches = tf.reshape(x, [batch * rows, patchSize, cols, patchSize * channels]);
  const patchesIjc = tf.reshape(tf.transpose(rowsOfPatches, [0, 2, 1, 3]), [
    batch * rows * cols,
    pixels,
    channels,
  ]);
  const patchesCij = tf.transpose(patchesIjc, [0, 2, 1]);
  return tf.reshape(patchesCij, [batch, rows * cols, channels * pixels]);
}
