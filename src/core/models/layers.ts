// The transformer's primitives, written over plain tfjs ops. Tensors returned are owned by
// the caller (all of them are meant to run inside a tf.tidy).
import * as tf from "@tensorflow/tfjs";
import { affine } from "./fused/affine";
import { backendHas } from "./fused/heapKernel";
import { GELU, LAYER_NORM, simdGelu, simdLayerNorm } from "./fused/simdKernels";
import { saveForBackward } from "./saved";

/**
 * y = x·Wᵀ + b on 2-D x, written so that forward and backward use only untransposed matMuls
 * (with explicit transposes, which are cheap). Why: on the WASM backend a matMul with
 * transposeA or transposeB takes a slow path, about 10× slower than the plain product
 * (measured on [3200, 64]·[64, 192]: 28 ms vs 2.5 ms), and tfjs's own matMul gradient uses
 * exactly those flags. The bias rides in the product (fused: one kernel, not two).
 */
const linear2d = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, weight, bias, save] = linearInputs(inputs);
  const restore = saveForBackward(save, [x, weight]);
  return {
    value: affine(x, tf.transpose(weight), bias),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => linearGradients(dy, restore(saved)),
  };
});

/**
 * residual + x·Wᵀ + b, the residual's gradient passed through as it is: one tape entry where
 * a separate add would clone both its inputs and reshape its gradient twice.
 */
const residualLinear2d = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, weight, bias, save, residual] = linearInputs(inputs);
  const restore = saveForBackward(save, [x, weight]);
  return {
    value: tf.add(residual!, affine(x, tf.transpose(weight), bias)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [...linearGradients(dy, restore(saved)), dy],
  };
});

/** x, W, b, the save function and (for residualLinear) the residual, checked. */
function linearInputs(
  inputs: Array<tf.Tensor | tf.GradSaveFunc>,
): [tf.Tensor2D, tf.Tensor2D, tf.Tensor, tf.GradSaveFunc, tf.Tensor | undefined] {
  const save = inputs[inputs.length - 1];
  const [x, weight, bias, residual] = inputs.slice(0, -1);
  if (!(x instanceof tf.Tensor && weight instanceof tf.Tensor && bias instanceof tf.Tensor)) {
    throw new Error("linear expects x, weight and bias tensors");
  }
  if (residual !== undefined && !(residual instanceof tf.Tensor)) {
    throw new Error("linear expects a residual tensor");
  }
  if (typeof save !== "function") throw new Error("customGrad passed no save function");
  return [x as tf.Tensor2D, weight as tf.Tensor2D, bias, save, residual];
}

/** ∂x, ∂W, ∂b of x·Wᵀ + b from the saved x and W. */
function linearGradients(dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] {
  const [x, weight] = saved as [tf.Tensor2D, tf.Tensor2D];
  // With dy transposed, the bias gradient sums along the innermost axis, which WASM's Sum
  // does without transposing its input first.
  const dyT = tf.transpose(dy);
  return [tf.matMul(dy, weight), tf.matMul(dyT, x), tf.sum(dyT, 1)];
}

/** residual + x·Wᵀ + b on 2-D x (a pre-norm block's output projections). */
export function residualLinear(
  residual: tf.Tensor2D,
  x: tf.Tensor2D,
  weight: tf.Tensor,
  bias: tf.Tensor,
): tf.Tensor2D {
  return residualLinear2d(x, weight, bias, residual) as tf.Tensor2D;
}

/** y = x·Wᵀ + b over the last axis of x, with W stored out×in as in PyTorch. */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  if (x.rank === 2) return linear2d(x, weight, bias);
  const inFeatures = x.shape[x.shape.length - 1] ?? 0;
  const outFeatures = weight.shape[0] ?? 0;
  const leading = x.shape.slice(0, -1);
  const y = linear2d(tf.reshape(x, [-1, inFeatures]), weight, bias);
  return tf.reshape(y, [...leading, outFeatures]);
}

/**
 * LayerNorm over the last axis (biased variance, as PyTorch). timm's ViT uses eps = 1e-6.
 * The gradient is written out (x̂ = (x − μ)·r, g = ∂y ⊙ γ, ∂x = r·(g − mean g − x̂·mean(g ⊙ x̂)))
 * because tfjs's derivation of moments/rsqrt runs about three times as many kernels.
 */
export function layerNorm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, eps = 1e-6): tf.Tensor {
  // On WASM, one SIMD kernel each way (fused/simdKernels.ts).
  if (backendHas(LAYER_NORM)) return simdLayerNorm(x, weight, bias, eps);
  const op = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, gamma, beta, save] = inputs;
    if (!(input instanceof tf.Tensor && gamma instanceof tf.Tensor && beta instanceof tf.Tensor)) {
      throw new Error("layerNorm expects x, weight and bias tensors");
    }
    if (typeof save !== "function") throw new Error("customGrad passed no save function");
    const lastAxis = input.rank - 1;
    const centered = tf.sub(input, tf.mean(input, lastAxis, true));
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), lastAxis, true), eps));
    const normalized = tf.mul(centered, rstd);
    const restore = saveForBackward(save, [normalized, rstd, gamma]);
    return {
      value: tf.add(tf.mul(normalized, gamma), beta),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xHat, r, g] = restore(saved) as [tf.Tensor, tf.Tensor, tf.Tensor];
        const features = g.shape[0] ?? 1;
        const rows = (t: tf.Tensor) => (t.rank === 2 ? t : tf.reshape(t, [-1, features]));
        const dGamma = tf.sum(rows(tf.mul(dy, xHat)), 0);
        const dBeta = tf.sum(rows(dy), 0);
        const scaled = tf.mul(dy, g);
        const projection = tf.mul(xHat, tf.mean(tf.mul(scaled, xHat), lastAxis, true));
        const dx = tf.mul(r, tf.sub(tf.sub(scaled, tf.mean(scaled, lastAxis, true)), projection));
        return [dx, dGamma, dBeta];
      },
    };
  });
  return op(x, weight, bias);
}

/**
 * Exact GELU, x·Φ(x) = x/2·(1 + erf(x/√2)), as PyTorch's nn.GELU() in timm's ViT, with the
 * gradient Φ(x) + x·φ(x) written out instead of tfjs's chain through erf's rule.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  if (backendHas(GELU)) return simdGelu(x);
  return geluOp(x);
}

/** ln(1/√π): with u = x/√2, x·φ(x) = u·e^(−u²)/√π = u·e^(LN_INV_SQRT_PI − u²). */
const LN_INV_SQRT_PI = -0.5 * Math.log(Math.PI);

const geluOp = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [x, save] = inputs;
  if (!(x instanceof tf.Tensor)) throw new Error("gelu expects a tensor");
  if (typeof save !== "function") throw new Error("customGrad passed no save function");
  const scaled = tf.mul(x, Math.SQRT1_2);
  const cdf = tf.add(tf.mul(tf.erf(scaled), 0.5), 0.5);
  save([scaled, cdf]);
  return {
    value: tf.mul(x, cdf),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [u, phi] = saved as [tf.Tensor, tf.Tensor];
      const xDensity = tf.mul(u, expOfNegative(tf.sub(LN_INV_SQRT_PI, tf.square(u))));
      return tf.mul(dy, tf.add(phi, xDensity));
    },
  };
});

/**
 * e^z for z ≤ ln(1/√π) < 0 as s/(1 − s) with s = σ(z) < ½: exact in real arithmetic, and as
 * accurate as the sigmoid in float32 (1 − s > ½ cancels nothing). Why: WASM's Exp is a scalar
 * loop, 0.9 ms on the reference ViT's [1088, 128] MLP activations, its Sigmoid an XNNPACK
 * kernel, 0.2 ms.
 */
function expOfNegative(z: tf.Tensor): tf.Tensor {
  const s = tf.sigmoid(z);
  return tf.div(s, tf.sub(1, s));
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
  // With one channel, (i, j, c) is already (c, i, j).
  const patchesCij = channels === 1 ? patchesIjc : tf.transpose(patchesIjc, [0, 2, 1]);
  return tf.reshape(patchesCij, [batch, rows * cols, channels * pixels]);
}

/**
 * The ViT's input rows [T·B, E], token-major (row t·B + b is token t of image b): the class
 * token, then each patch embedded (the stride-p conv as a product with the weight [E, C, p, p]
 * flattened), plus the position embedding [1, T, E]. One tape entry with its gradient written
 * out: the images need none, and taped, the reshapes, the concat and the adds cloned their
 * inputs. Caller owns the result.
 */
export function embedTokens(
  x: tf.Tensor4D,
  patchSize: number,
  weight: tf.Tensor,
  bias: tf.Tensor,
  classToken: tf.Tensor,
  positions: tf.Tensor,
): tf.Tensor2D {
  const batch = x.shape[0];
  const [embedDim = 0] = weight.shape;
  const [weightShape, classShape, positionShape] = [weight.shape, classToken.shape, positions.shape];
  const tokens = positions.size / embedDim;
  const op = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [w, b, cls, pos, save] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const patches = tokenMajorPatches(x, patchSize);
    save([patches]);
    const patchTokens = affine(patches, tf.transpose(tf.reshape<tf.Rank.R2>(w, [embedDim, -1])), b);
    const classRows = tf.tile(tf.reshape(cls, [1, embedDim]), [batch, 1]);
    const perToken = tf.reshape(tf.concat([classRows, patchTokens]), [tokens, batch, embedDim]);
    const positioned = tf.add(perToken, tf.reshape(pos, [tokens, 1, embedDim]));
    return {
      value: tf.reshape(positioned, [tokens * batch, embedDim]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedPatches] = saved as [tf.Tensor2D];
        // ∂pos sums over the images; ∂cls is its token-0 row.
        const dPositions = tf.sum(tf.reshape(dy, [tokens, batch, embedDim]), 1);
        const dPatchesT = tf.transpose(tf.slice(dy, [batch, 0], [(tokens - 1) * batch, embedDim]));
        return [
          tf.reshape(tf.matMul(dPatchesT, savedPatches), weightShape),
          tf.sum(dPatchesT, 1),
          tf.reshape(tf.slice(dPositions, [0, 0], [1, embedDim]), classShape),
          tf.reshape(dPositions, positionShape),
        ];
      },
    };
  });
  return op(weight, bias, classToken, positions) as tf.Tensor2D;
}

/** Every image's patches as token-major rows [N·B, C·p·p] (row n·B + b is patch n of image b). */
function tokenMajorPatches(x: tf.Tensor4D, patchSize: number): tf.Tensor2D {
  const patches = patchify(x, patchSize);
  const [batch, count, size] = patches.shape;
  return tf.reshape(tf.transpose(patches, [1, 0, 2]), [count * batch, size]);
}
