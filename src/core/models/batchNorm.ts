// BatchNorm2d as PyTorch: batch statistics in training (and a momentum-0.1 update of the
// running statistics), running statistics in evaluation.
import * as tf from "@tensorflow/tfjs";
import { saveForBackward } from "./saved";

const EPS = 1e-5;
const MOMENTUM = 0.1;

export interface BatchNormState {
  weight: tf.Tensor;
  bias: tf.Tensor;
  runningMean: tf.Variable;
  runningVar: tf.Variable;
}

/**
 * x: [N, H, W, C]. Caller owns the result. In training the running statistics are assigned
 * in place; this works inside tf.grads / tf.variableGrads (assign keeps its own reference to
 * the new values, so the surrounding tidy frees nothing the variable needs) and leaks nothing.
 * The training gradient is written out (x̂ = (x − μ)·r, r = 1/√(σ² + eps), n = N·H·W):
 * ∂β = Σ ∂y, ∂γ = Σ ∂y ⊙ x̂, ∂x = γ·r·(∂y − (∂β + x̂·∂γ)/n), two per-channel sums where tfjs's
 * derivation through moments runs several, each a full transpose on WASM.
 */
export function batchNorm(x: tf.Tensor4D, state: BatchNormState, training: boolean): tf.Tensor4D {
  if (!training) return normalize(x, state.runningMean, state.runningVar, state);
  const [n, h, w] = x.shape;
  const count = n * h * w;
  const op = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, gamma, beta, save] = inputs as [tf.Tensor4D, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const { mean, variance } = tf.moments(input, [0, 1, 2]);
    // PyTorch normalizes with the biased variance and tracks the unbiased one.
    const unbiased = count > 1 ? tf.mul(variance, count / (count - 1)) : variance;
    state.runningMean.assign(tf.add(tf.mul(state.runningMean, 1 - MOMENTUM), tf.mul(mean, MOMENTUM)));
    state.runningVar.assign(tf.add(tf.mul(state.runningVar, 1 - MOMENTUM), tf.mul(unbiased, MOMENTUM)));
    const rstd = tf.rsqrt(tf.add(variance, EPS));
    const restore = saveForBackward(save, [input, mean, rstd, gamma]);
    return {
      value: normalize(input, mean, variance, { weight: gamma, bias: beta }),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, mu, r, g] = restore(saved) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const xHat = tf.mul(tf.sub(sx, mu), r);
        const dBeta = tf.sum(dy, [0, 1, 2]);
        const dGamma = tf.sum(tf.mul(dy, xHat), [0, 1, 2]);
        const centred = tf.add(tf.mul(xHat, tf.div(dGamma, count)), tf.div(dBeta, count));
        return [tf.mul(tf.sub(dy, centred), tf.mul(g, r)), dGamma, dBeta];
      },
    };
  });
  return op(x, state.weight, state.bias) as tf.Tensor4D;
}

/**
 * y = x·s + (β − μ·s) with s = γ/√(σ² + eps), per channel. Plain broadcasting ops rather than
 * tf.batchNorm: the latter's gradient tiles a full-size tensor, which on WASM cost more than
 * all the convolutions of a ResNet step together.
 */
function normalize(
  x: tf.Tensor4D,
  mean: tf.Tensor,
  variance: tf.Tensor,
  state: Pick<BatchNormState, "weight" | "bias">,
): tf.Tensor4D {
  const scale = tf.mul(state.weight, tf.rsqrt(tf.add(variance, EPS)));
  const shift = tf.sub(state.bias, tf.mul(mean, scale));
  return tf.add(tf.mul(x, scale), shift);
}
